"""Watches real input at the top-level QWindow: one filter sees every press, touch, key
and wheel event of the whole widget tree, the web view included.

Why the QWindow: a Python event filter on the QApplication segfaults once a
QWebEngineView exists (PySide6 6.11/6.12, see DESIGN.md), and a filter on a widget only
sees that widget's own events. The QWidgetWindow receives all input for its widgets
before dispatching it (measured: clicks and typing into a web field, Qt 6.12).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.lockdown.keys import KeyCombo, is_blocked

log = logging.getLogger("kiosk.input")

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.TabletPress,
    }
)
_HISTORY_BUTTONS = (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton)
_KEY_NAMES = {value: name.removeprefix("Key_") for name, value in Qt.Key.__members__.items()}


def key_combo(event: QKeyEvent) -> KeyCombo:
    """A Qt key event as a :class:`KeyCombo` of the key table."""
    mods = event.modifiers()
    key = Qt.Key(event.key()) if event.key() in _KEY_NAMES else None
    name = _KEY_NAMES.get(key, str(event.key())) if key is not None else str(event.key())
    if len(name) == 1:
        name = name.upper()
    return KeyCombo(
        key=name,
        ctrl=bool(mods & Qt.KeyboardModifier.ControlModifier),
        alt=bool(mods & Qt.KeyboardModifier.AltModifier),
        shift=bool(mods & Qt.KeyboardModifier.ShiftModifier),
        meta=bool(mods & Qt.KeyboardModifier.MetaModifier),
    )


def _enter_on_button(event: QEvent) -> bool:
    """Enter presses the focused button, as Space does (a QPushButton outside a dialog
    ignores Enter; a keyboard or switch user expects both)."""
    if not isinstance(event, QKeyEvent) or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    focus = QApplication.focusWidget()
    if not isinstance(focus, QAbstractButton) or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    if not event.isAutoRepeat():
        focus.animateClick()
    return True


class InputWatcher(QObject):
    """Emits ``activity`` on real input; swallows blocked keys and mouse history buttons."""

    activity = Signal()
    pressed = Signal(float, float)  # window coordinates of a press or touch (admin gesture)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.swallowed = 0
        self._windows: list[QWindow] = []
        #: Speech on: sees each press, release and key first; True swallows it (explore by touch).
        self.hook: Callable[[QEvent], bool] | None = None

    def watch(self, window: QWindow | None) -> None:
        if window is not None and window not in self._windows:
            window.installEventFilter(self)
            self._windows.append(window)
            window.destroyed.connect(lambda *_: self._forget(window))

    def _forget(self, window: QWindow) -> None:
        if window in self._windows:
            self._windows.remove(window)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in ACTIVITY_EVENTS and kind not in (QEvent.Type.MouseButtonRelease, QEvent.Type.KeyRelease):
            return False
        if kind in ACTIVITY_EVENTS:
            self.activity.emit()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self.pressed.emit(event.position().x(), event.position().y())
        elif kind == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent) and event.points():
            point = event.points()[0].position()
            self.pressed.emit(point.x(), point.y())
        if self.hook is not None and self.hook(event):
            return True
        if isinstance(event, QMouseEvent) and event.button() in _HISTORY_BUTTONS:
            self.swallowed += 1
            return True  # the mouse Back/Forward buttons would navigate history
        if kind == QEvent.Type.KeyPress and _enter_on_button(event):
            return True
        if isinstance(event, QKeyEvent) and is_blocked(key_combo(event)):
            if kind == QEvent.Type.KeyPress:
                self.swallowed += 1
                log.debug("swallowed a blocked key")
            return True
        return False
