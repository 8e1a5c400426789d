"""Showing a widget where it is placed, never as a window of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def set_shown(widget: QWidget, shown: bool) -> None:
    """Show or hide ``widget`` in its parent, also before it has one.

    ``setVisible(True)`` on a widget without a parent makes it a native window: it flashed
    in the screen's corner before the home screen, and was made (with its GPU surface,
    kiosk/env.py) only to be destroyed when placed (Qt 6.11, Xvfb). Unparented, it is only
    marked not hidden, and shows with the parent it is placed in, as its neighbours do.
    """
    if not shown:
        widget.hide()
    elif widget.parentWidget() is not None:
        widget.show()
    else:
        widget.setAttribute(Qt.WidgetAttribute.WA_WState_Hidden, False)
        widget.setAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide, False)
