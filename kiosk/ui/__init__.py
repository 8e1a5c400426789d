"""Widgets: main window, screens, overlays."""
