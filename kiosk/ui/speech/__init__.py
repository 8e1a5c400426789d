"""Speech output: the kiosk speaks for a visitor who cannot see it (EN 301 549 5.1.3)."""
