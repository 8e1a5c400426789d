"""The Infomat version (one place; the package, the bundle and the user agent read it)."""

__version__ = "0.1.0"
