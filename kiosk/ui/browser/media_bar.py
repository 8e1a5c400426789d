"""The browser bar's sign that a camera or a microphone is on, and the way to end the call.

Shown only while the kiosk has granted a device to the visitor's current page
(``KioskPage.media_devices``); "Zakończ połączenie" withdraws every grant, which ends
every capture track of the page at once.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.core.i18n import N_, tr
from kiosk.ui.widgets.focus import KEY_FOCUS
from kiosk.ui.widgets.icons import icon
from kiosk.web.media import CAMERA, MICROPHONE

LIVE_TEXTS: dict[frozenset[str], str] = {
    frozenset({CAMERA, MICROPHONE}): N_("Kamera i mikrofon włączone"),
    frozenset({CAMERA}): N_("Kamera włączona"),
    frozenset({MICROPHONE}): N_("Mikrofon włączony"),
}
END_CALL = N_("Zakończ połączenie")
MIN_TARGET_PX = 44


class MediaIndicator(QWidget):
    """The words "Kamera i mikrofon włączone" and [Zakończ połączenie]; hidden while nothing is on."""

    end_call = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("MediaIndicator")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.label = QLabel()
        self.label.setObjectName("ChromeTitle")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.end_button = QPushButton()
        self.end_button.setObjectName("EndSessionButton")
        self.end_button.setIcon(icon("phone", "#ffffff"))
        self.end_button.setIconSize(QSize(30, 30))
        self.end_button.setFocusPolicy(KEY_FOCUS)
        self.end_button.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
        layout.addWidget(self.label)
        layout.addWidget(self.end_button)
        self.end_button.clicked.connect(self.end_call)
        self.devices: frozenset[str] = frozenset()
        self._language = "pl"
        self.hide()

    def show_devices(self, devices: frozenset[str]) -> None:
        self.devices = frozenset(devices)
        self._update()

    def retranslate(self, language: str) -> None:
        self._language = language
        self._update()

    def text(self) -> str:
        msgid = LIVE_TEXTS.get(self.devices)
        return tr(msgid, self._language) if msgid else ""

    def _update(self) -> None:
        text = self.text()
        self.label.setText(text)
        self.setAccessibleName(text)
        self.label.setAccessibleName(text)
        end = tr(END_CALL, self._language)
        self.end_button.setText(end)
        self.end_button.setAccessibleName(end)
        self.setVisible(bool(text))
