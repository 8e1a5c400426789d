"""The kiosk's widgets, by screen: window/, home/, browser/, screens/ (covers), admin/, widgets/ (shared)."""
