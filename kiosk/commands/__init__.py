"""The `kiosk` command line: the entry (parser and dispatch) and one module per group of commands."""
