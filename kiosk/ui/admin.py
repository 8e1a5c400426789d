"""Technician screens inside the kiosk window: a PIN pad and the admin panel.

The technician-facing texts are Polish only (county IT staff); visitors never see them.
Both are overlays of the kiosk window — no second window, no native dialog.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import paths
from kiosk.system.pin import MAX_PIN_LENGTH, PinLimiter, PinLimitFile, verify_pin
from kiosk.ui.overlays import Overlay, plain_label

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.stats.store import Counters
    from kiosk.system.connectivity import Connectivity

log = logging.getLogger("kiosk.admin")

SERVICE_COLUMNS = 3


class _Verdict(QObject):
    ready = Signal(bool)


class _VerifyJob(QRunnable):
    """PBKDF2 with 600 000 iterations takes ~0.3 s: off the UI thread (hashlib releases the GIL)."""

    def __init__(self, pin: str, stored: str, verdict: _Verdict) -> None:
        super().__init__()
        self.pin, self.stored, self.verdict = pin, stored, verdict

    def run(self) -> None:
        self.verdict.ready.emit(verify_pin(self.pin, self.stored))


class PinPad(Overlay):
    """Digits only; the PIN is checked against the stored hash with a rate limit."""

    accepted = Signal()

    def __init__(
        self,
        parent: QWidget,
        pin_hash: Callable[[], str],
        monotonic: Callable[[], float] = time.monotonic,
        limit_file: PinLimitFile | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("Overlay")
        self._pin_hash = pin_hash
        self._monotonic = monotonic
        self._limit_file = limit_file  # None: the limit lasts as long as this pad (tests)
        self.limiter = limit_file.load(monotonic(), time.time()) if limit_file else PinLimiter()
        self._digits = ""
        self.title = plain_label("Panel serwisowy — podaj PIN", "OverlayTitle")
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
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, key=label: self.press(key))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[label] = button
        self.cancel = QPushButton("Anuluj")
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
        self._verdict = _Verdict(self)
        self._verdict.ready.connect(self._on_verdict)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def open_pad(self) -> None:
        self._digits = ""
        self._refresh(self._locked_message())
        self.show_over()
        self._idle.start()

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
        self._refresh("Sprawdzanie…")
        self._pool.start(_VerifyJob(pin, self._pin_hash(), self._verdict))

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
            self._refresh(f"Błędny PIN. Zablokowano na {lockout:.0f} s." if lockout else "Błędny PIN.")
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
        return f"Zbyt wiele błędnych prób. Spróbuj za {wait:.0f} s." if wait > 0 else ""

    def _keep_limit(self) -> None:
        if self._limit_file is not None:
            self._limit_file.save(self.limiter, self._monotonic(), time.time())

    def _refresh(self, message: str) -> None:
        self.display.setText("●" * len(self._digits) or "—")
        self.message.setText(message)


@dataclass(frozen=True)
class AdminInfo:
    """Everything the panel shows, gathered by the window when it opens."""

    rows: list[tuple[str, str]]
    problems: list[str]
    services: list[tuple[str, str]]  # (id, title)
    allow_exit: bool


def collect_admin_info(
    config: KioskConfig,
    counts: Counters,
    *,
    sessions_since_start: int,
    hook_state: str,
    config_problems: list[str],
    connectivity: Connectivity | None,
) -> AdminInfo:
    """Everything the panel shows, gathered when it opens (psutil takes a few ms)."""
    from kiosk import __version__
    from kiosk.logs import RECENT_PROBLEMS
    from kiosk.system import health

    snapshot = health.collect(paths.data_dir() if paths.data_dir().exists() else Path.home())
    rows = [
        ("Infomat", __version__),
        ("Konfiguracja", f"{config.source or '(wbudowana)'} — config_version {config.config_version}"),
        ("Błędy nowej konfiguracji", "; ".join(config_problems) or "brak"),
        ("Blokada klawiszy systemu", hook_state),
        ("Sieć (sprawdzenie)", _connectivity_text(connectivity)),
        ("Sesje dziś / razem", f"{counts.sessions_today} / {counts.sessions_total}"),
        ("Sesje od startu", str(sessions_since_start)),
        *snapshot.rows(),
    ]
    return AdminInfo(
        rows=rows,
        problems=list(RECENT_PROBLEMS.lines)[-10:],
        services=[(s.id, s.title.get("pl")) for s in config.services],
        allow_exit=config.admin.allow_exit,
    )


def _connectivity_text(state: Connectivity | None) -> str:
    if state is None or state.online is None:
        return "nie sprawdzano" + (f" ({state.detail})" if state is not None and state.detail else "")
    verdict = "online" if state.online else "BRAK POŁĄCZENIA"
    return f"{verdict} ({state.detail})" if state.detail else verdict


class AdminPanel(Overlay):
    """Diagnostics and the few actions a technician needs; closes itself when left idle."""

    reload_requested = Signal()
    restart_requested = Signal()
    exit_requested = Signal()
    open_requested = Signal(str)

    def __init__(self, parent: QWidget, idle_seconds: int) -> None:
        super().__init__(parent)
        self.card.setMaximumWidth(1400)
        self.title = plain_label("Panel serwisowy", "OverlayTitle")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(24)
        self.grid.setColumnStretch(1, 1)
        self.problems = plain_label("", "Muted")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.grid_host)
        body_layout.addWidget(plain_label("Ostatnie ostrzeżenia i błędy", "CardTitle"))
        body_layout.addWidget(self.problems)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("OverlayScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setMinimumHeight(320)
        scroll.setMaximumHeight(900)
        scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.services_row = QGridLayout()
        self.services_row.setSpacing(12)
        actions = QHBoxLayout()
        self.reload_button = QPushButton("Wczytaj konfigurację")
        self.restart_button = QPushButton("Uruchom ponownie")
        self.exit_button = QPushButton("Wyjdź z kiosku")
        self.close_button = QPushButton("Zamknij panel")
        self.close_button.setObjectName("PrimaryButton")
        for button in (self.reload_button, self.restart_button, self.exit_button, self.close_button):
            button.setMinimumHeight(72)
            actions.addWidget(button)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(scroll)
        self.card_layout.addWidget(plain_label("Otwórz usługę do testu:", "Muted"))
        self.card_layout.addLayout(self.services_row)
        self.card_layout.addLayout(actions)
        self.reload_button.clicked.connect(self.reload_requested)
        self.restart_button.clicked.connect(self.restart_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.close_button.clicked.connect(self.hide)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_seconds * 1000)
        self._idle.timeout.connect(self.hide)

    def present(self, info: AdminInfo) -> None:
        self.fill(info)
        self.show_over()
        self.touch()

    def fill(self, info: AdminInfo) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for row, (name, value) in enumerate(info.rows):
            label = plain_label(name, "Muted")
            label.setWordWrap(False)
            self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(plain_label(value), row, 1)
        self.problems.setText("\n".join(info.problems) or "brak")
        while self.services_row.count():
            item = self.services_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for index, (service_id, title) in enumerate(info.services):
            button = QPushButton(title)
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _=False, target=service_id: self._open(target))
            self.services_row.addWidget(button, index // SERVICE_COLUMNS, index % SERVICE_COLUMNS)
        self.exit_button.setVisible(info.allow_exit)

    def touch(self) -> None:
        """Any technician input keeps the panel open."""
        if self.isVisible():
            self._idle.start()

    def _open(self, service_id: str) -> None:
        self.hide()
        self.open_requested.emit(service_id)
