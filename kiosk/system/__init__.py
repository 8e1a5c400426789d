"""Keeping the kiosk alive and inspectable: supervisor, heartbeat, health, doctor, admin PIN."""
