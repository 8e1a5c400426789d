"""The technician's PIN pad: digits only, checked against the stored hash off the UI
thread, wrong guesses rate-limited across restarts (:mod:`kiosk.system.pin`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.core.pin_hash import MAX_PIN_LENGTH, verify_pin
from kiosk.core.technician import tech
from kiosk.support.worker import Worker
from kiosk.system.pin import PinLimiter, PinLimitFile
from kiosk.ui.screens.overlays import Overlay, plain_label
from kiosk.ui.widgets.focus import KEY_FOCUS

if TYPE_CHECKING:
    from kiosk.ui.screens.overlay_stack import OverlayStack

log = logging.getLogger("kiosk.admin")


class PinPad(Overlay):
    """Digits only; the PIN is checked against the stored hash with a rate limit."""

    accepted = Signal()
    layer = "pin_pad"

    def __init__(
        self,
        parent: QWidget,
        pin_hash: Callable[[], str],
        monotonic: Callable[[], float] = time.monotonic,
        limit_file: PinLimitFile | None = None,
        stack: OverlayStack | None = None,
    ):
        super().__init__(parent, stack)
        self.setObjectName("Overlay")
        self._pin_hash = pin_hash
        self._monotonic = monotonic
        self._limit_file = limit_file  # None: the limit lasts as long as this pad (tests)
        self.limiter = limit_file.load(monotonic(), time.time()) if limit_file else PinLimiter()
        self._digits = ""
        self.title = plain_label(tech("Service panel — enter the PIN"), "OverlayTitle")
        self.display = QLabel()
        self.display.setObjectName("PinDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = plain_label("", "OverlayText")
        grid = QGridLayout()
        grid.setSpacing(12)
        self.buttons: dict[str, QPushButton] = {}
        for index, label in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            button = QPushButton(label)
            button.setObjectName("PrimaryButton" if label == "OK" else "PinKey")
            button.setMinimumSize(120, 88)
            button.setFocusPolicy(KEY_FOCUS)
            button.clicked.connect(lambda _=False, key=label: self.press(key))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[label] = button
        self.cancel = QPushButton(tech("Cancel"))
        self.cancel.setMinimumHeight(72)
        self.cancel.clicked.connect(self.close_pad)
        for widget in (self.title, self.display, self.message):
            self.card_layout.addWidget(widget)
        self.card_layout.addLayout(grid)
        self.card_layout.addWidget(self.cancel)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(30_000)
        self._idle.timeout.connect(self.close_pad)
        self.checking = False
        self._worker = Worker(self)  # PBKDF2 with 600 000 iterations takes ~0.3 s

    def open_pad(self) -> None:
        self._digits = ""
        self._refresh(self._locked_message())
        self.show_over()
        self._idle.start()

    def keyPressEvent(self, event) -> None:
        """A technician with a USB keyboard types the PIN: digits, Backspace, Enter, Escape."""
        key = event.key()
        if event.text() in self.buttons and event.text().isdigit():
            self.press(event.text())
        elif key == Qt.Key.Key_Backspace:
            self.press("⌫")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("OK")
        elif key == Qt.Key.Key_Escape:
            self.close_pad()
        event.accept()  # never to the window, and never to a page beneath

    def close_pad(self) -> None:
        self._digits = ""
        self._idle.stop()
        self.hide()

    def press(self, key: str) -> None:
        if self.checking:
            return
        self._idle.start()
        if key == "⌫":
            self._digits = self._digits[:-1]
        elif key == "OK":
            self._submit()
            return
        elif len(self._digits) < MAX_PIN_LENGTH:
            self._digits += key
        self._refresh(self.message.text())

    def _submit(self) -> None:
        now = self._monotonic()
        pin, self._digits = self._digits, ""
        if self.limiter.seconds_locked(now) > 0:
            self._refresh(self._locked_message())
            return
        self._set_checking(True)
        self._refresh(tech("Checking…"))
        stored = self._pin_hash()
        self._worker.run(lambda: verify_pin(pin, stored), self._on_verdict)

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        for button in self.buttons.values():
            button.setEnabled(not checking)

    def _on_verdict(self, correct: bool) -> None:
        self._set_checking(False)
        if not correct:  # counted even if the pad was closed meanwhile: closing must not reset guessing
            lockout = self.limiter.record_failure(self._monotonic())
            self._keep_limit()
            log.warning(
                "wrong admin PIN (%d in a row)%s",
                self.limiter.failures,
                f"; locked for {lockout:.0f} s" if lockout else "",
            )
            if lockout:
                self._refresh(tech("Wrong PIN. Locked for {seconds:.0f} s.", seconds=lockout))
            else:
                self._refresh(tech("Wrong PIN."))
            return
        if not self.isVisible():
            return  # closed (or the session was wiped) while checking: nobody to let in
        self.limiter.record_success()
        self._keep_limit()
        log.warning("admin panel opened with the correct PIN")
        self.close_pad()
        self.accepted.emit()

    def _locked_message(self) -> str:
        """Said as soon as the pad opens, not only after a whole PIN was typed in vain."""
        wait = self.limiter.seconds_locked(self._monotonic())
        return tech("Too many wrong attempts. Try again in {seconds:.0f} s.", seconds=wait) if wait > 0 else ""

    def _keep_limit(self) -> None:
        if self._limit_file is not None:
            self._limit_file.save(self.limiter, self._monotonic(), time.time())

    def _refresh(self, message: str) -> None:
        self.display.setText("●" * len(self._digits) or "—")
        self.message.setText(message)
