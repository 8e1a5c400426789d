"""Last line against native dialogs: QtWebEngine widgets create some it has no API for.

Measured (Qt 6.12): ``<input type=color>`` opens a QColorDialog parented to the
QWebEngineView, with no hook to refuse it. This guard watches the view (and the window)
for child windows of dialog type and rejects them before they reach the screen. Popups
(``<select>`` lists, tooltips) are not dialogs and are left alone.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QWidget

log = logging.getLogger("kiosk.web")

_DIALOG_TYPES = (Qt.WindowType.Dialog, Qt.WindowType.Sheet)


class NativeDialogGuard(QObject):
    """Event filter: any dialog window that becomes a child of a watched widget is hidden
    from the screen and rejected."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rejected = 0

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished:
            child = event.child()
            if isinstance(child, QWidget) and child.isWindow() and child.windowType() in _DIALOG_TYPES:
                # Polish comes before the window is created and mapped: never show it.
                child.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
                # QColorDialog is opened window-modal; a modal window that is never shown
                # still left the kiosk window blocked for real input after it was gone
                # (measured Qt 6.11.3, xcb; tests/xvfb/test_pickers.py).
                child.setWindowModality(Qt.WindowModality.NonModal)
                self.rejected += 1
                log.warning("refused a native %s", child.metaObject().className())
                QTimer.singleShot(0, lambda: _dismiss(child))
        return False


def _dismiss(widget: QWidget) -> None:
    if not shiboken6.isValid(widget):
        return
    if isinstance(widget, QDialog):
        widget.reject()
    widget.close()
    widget.deleteLater()
