"""Technician screens inside the kiosk window: the PIN pad, the admin panel, and the part
that wires the corner gesture to them. No second window, no native dialog."""
