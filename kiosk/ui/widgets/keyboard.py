"""On-screen keyboard: Qt Virtual Keyboard's InputPanel in a QQuickWidget inside the kiosk
window (never the desktop-mode top-level window, which lockdown could not contain).

The panel takes the bottom of the window's layout while the input method is visible, so
the content above it shrinks instead of being covered; a focused web field is then
scrolled into view. Measured under Xvfb (Qt 6.11): taps on the panel type into
QtWebEngine fields and native QLineEdits.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, Qt, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kiosk.paths import asset

log = logging.getLogger("kiosk.ui")

LOCALES = {"pl": "pl_PL", "en": "en_GB", "uk": "uk_UA"}
MAX_WIDTH = 1400


def virtual_keyboard_enabled() -> bool:
    return os.environ.get("QT_IM_MODULE") == "qtvirtualkeyboard"


class KeyboardPanel(QWidget):
    """Holds the QQuickWidget; shows itself while the input method is visible."""

    shown = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quick = None
        self.setObjectName("KeyboardPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def load(self) -> bool:
        """Create the InputPanel (after the first paint: QML costs ~0.1 s). False if unavailable."""
        if self.quick is not None:
            return True
        if not virtual_keyboard_enabled():
            return False
        try:
            from PySide6.QtQuickWidgets import QQuickWidget
        except ImportError as exc:  # a broken install or bundle: the kiosk runs on without it
            log.error("on-screen keyboard unavailable: %s", exc)
            return False
        from PySide6.QtWidgets import QHBoxLayout

        quick = QQuickWidget(self)
        # The InputPanel's height follows its width (key aspect ratio): the view takes the
        # panel's size, and fit() sets the width.
        quick.setResizeMode(QQuickWidget.ResizeMode.SizeViewToRootObject)
        quick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # taps must not steal focus from the field
        quick.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        # Qt 6.11 + PySide6: the QML loader thread logs a warning while the main thread waits
        # for it inside setSource() holding the GIL; a Python message handler (ours, or
        # pytest-qt's) then deadlocks both (measured with gdb). Qt's default handler is used
        # for the duration of the load.
        previous = qInstallMessageHandler(None)
        try:
            quick.setSource(QUrl.fromLocalFile(str(asset("qml", "keyboard.qml"))))
        finally:
            qInstallMessageHandler(previous)
        if quick.status() != QQuickWidget.Status.Ready:
            log.error("on-screen keyboard unavailable: %s", "; ".join(e.toString() for e in quick.errors()))
            quick.deleteLater()
            return False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(quick)
        layout.addStretch(1)
        self.quick = quick
        QGuiApplication.inputMethod().visibleChanged.connect(self._follow_input_method)
        return True

    def set_language(self, language: str) -> None:
        if self.quick is not None and self.quick.rootObject() is not None:
            QMetaObject.invokeMethod(
                self.quick.rootObject(), "setLocale", Q_ARG("QVariant", LOCALES.get(language, "pl_PL"))
            )

    def layout(self) -> str:
        """The layout in force (e.g. ``uk_UA``, whatever chose it); "" without the keyboard."""
        if self.quick is None or self.quick.rootObject() is None:
            return ""
        return str(QMetaObject.invokeMethod(self.quick.rootObject(), "currentLocale", Q_RETURN_ARG("QVariant")))

    def fit(self, window_width: int, window_height: int) -> None:
        """Keys as wide as the window allows, but the panel never taller than 40 % of it."""
        root = self.quick.rootObject() if self.quick is not None else None
        if root is None:
            return
        width = min(window_width, MAX_WIDTH)
        root.setProperty("width", width)
        height = float(root.property("height") or 0)
        if height > window_height * 0.4:  # portrait-wide or landscape-short screens
            width = int(width * window_height * 0.4 / height)
            root.setProperty("width", width)
            height = float(root.property("height") or 0)
        self.quick.setFixedSize(int(width), int(height))
        self.setFixedHeight(int(height))

    def _follow_input_method(self) -> None:
        visible = QGuiApplication.inputMethod().isVisible()
        if visible != self.isVisible():
            self.setVisible(visible)
            self.shown.emit(visible)

    def reset(self, language: str) -> None:
        """For the wipe: hide, forget the typed state, back to the kiosk's own language
        (whatever layout the visitor picked with the globe key)."""
        QGuiApplication.inputMethod().hide()
        QGuiApplication.inputMethod().reset()
        self.hide()
        self.set_language(language)
