"""One signed county config for every kiosk (docs/fleet.md): download, verify with
minisign, merge per kiosk, keep the last good release, apply between visitors."""
