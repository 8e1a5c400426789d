"""The visitor session on screen: the idle warning, the "data deleted" confirmation, and
the Qt adapter that drives :class:`kiosk.core.session.SessionMachine` with one timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.core.i18n import N_, tr
from kiosk.core.session import Action, SessionMachine, State
from kiosk.ui.screens.overlays import Overlay, plain_label
from kiosk.ui.widgets.icons import icon

if TYPE_CHECKING:
    from kiosk.ui.screens.overlay_stack import OverlayStack

WARNING_TITLE = N_("Czy nadal korzystasz z infomatu?")
WARNING_TEXT = N_("Za {seconds} s zakończymy sesję i usuniemy wszystkie Twoje dane.")
CONTINUE = N_("Kontynuuj")
WIPED_TITLE = N_("Twoje dane zostały usunięte")
WIPED_TEXT = N_("Sesja została zakończona. Infomat jest gotowy dla kolejnej osoby.")


class WarningOverlay(Overlay):
    """Large, readable countdown with one big "Kontynuuj"; any tap continues."""

    continue_clicked = Signal()
    ticked = Signal(int)  # seconds left, each second while shown (speech counts them)
    card_width = 860
    layer = "warning"

    def __init__(self, parent: QWidget, stack: OverlayStack | None = None) -> None:
        super().__init__(parent, stack)
        self.setObjectName("Overlay")
        self.title = plain_label("", "OverlayTitle")
        self.countdown = plain_label("", "Countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = plain_label("", "OverlayText")
        self.button = QPushButton()
        self.button.setObjectName("PrimaryButton")
        self.button.setMinimumHeight(96)
        self.button.clicked.connect(self.continue_clicked)
        for widget in (self.title, self.countdown, self.text, self.button):
            self.card_layout.addWidget(widget)
        self._seconds_left: Callable[[], int] = lambda: 0
        self._language = "pl"
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

    def present(self, seconds_left: Callable[[], int], language: str) -> None:
        """Show the countdown; it counts by itself from ``seconds_left()`` until hidden."""
        self._seconds_left, self._language = seconds_left, language
        self.title.setText(tr(WARNING_TITLE, language))
        self.button.setText(tr(CONTINUE, language))
        self._tick()
        self.show_over()
        self._countdown.start()

    def _tick(self) -> None:
        seconds = self._seconds_left()
        self.countdown.setText(str(seconds))
        self.text.setText(tr(WARNING_TEXT, self._language).replace("{seconds}", str(seconds)))
        self.ticked.emit(seconds)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        countdown = getattr(self, "_countdown", None)  # a hide during construction comes before it
        if countdown is not None:
            countdown.stop()


class WipedOverlay(Overlay):
    """The short confirmation after a wipe, so the visitor can trust it."""

    layer = "wiped"

    def __init__(self, parent: QWidget, stack: OverlayStack | None = None) -> None:
        super().__init__(parent, stack)
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = plain_label("", "OverlayTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = plain_label("", "OverlayText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (self.icon, self.title, self.text):
            self.card_layout.addWidget(widget)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def present(self, language: str, seconds: float) -> None:
        self.icon.setPixmap(icon("ok", "#1d6b35").pixmap(96, 96))
        self.title.setText(tr(WIPED_TITLE, language))
        self.text.setText(tr(WIPED_TEXT, language))
        self.show_over()
        self._timer.start(int(seconds * 1000))

    def mouseReleaseEvent(self, event) -> None:
        # On release, not press: the whole tap ends here (a press-hide let the release fall
        # through to the tile beneath, as measured for the attract screen).
        event.accept()
        self.hide()


class SessionController(QObject):
    """Feeds real input and visitor activity into the machine; one single-shot timer."""

    show_warning = Signal()
    hide_warning = Signal()
    wipe = Signal()
    reset_home = Signal()
    started = Signal()  # a visitor's session began (the first page or choice)

    def __init__(
        self,
        idle_seconds: float,
        warning_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.machine = SessionMachine(idle_seconds, warning_seconds)
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)

    @property
    def state(self) -> State:
        return self.machine.state

    def on_input(self) -> None:
        self._run(self.machine.on_input(self._clock()))

    def on_activity(self, private: bool) -> None:
        new = self.machine.started_at is None
        self._run(self.machine.on_activity(self._clock(), private))
        if new:
            self.started.emit()

    def on_wiped(self) -> None:
        self.machine.on_wiped()
        self._schedule()

    def seconds_left(self) -> int:
        return self.machine.seconds_left(self._clock())

    def duration(self) -> float:
        return self.machine.duration(self._clock())

    def tick(self) -> None:
        self._run(self.machine.on_tick(self._clock()))

    def _run(self, actions: list[Action]) -> None:
        for action in actions:
            {
                Action.SHOW_WARNING: self.show_warning,
                Action.HIDE_WARNING: self.hide_warning,
                Action.WIPE: self.wipe,
                Action.RESET_HOME: self.reset_home,
            }[action].emit()
        self._schedule()

    def _schedule(self) -> None:
        deadline = self.machine.next_deadline()
        if deadline is None:
            self._timer.stop()
            return
        delay_ms = max(0, int((deadline - self._clock()) * 1000)) + 5
        self._timer.start(delay_ms)
