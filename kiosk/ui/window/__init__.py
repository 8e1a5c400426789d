"""The kiosk window and what wires it: parts built after the first paint, the visitor's
choices and how they look, input watching, recovery, usage."""
