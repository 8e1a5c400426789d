"""The window's "Pomoc" part ([help] enabled): the button on every screen a visitor meets,
what a press does, and the request's state (kiosk/core/help_request.py) that the metrics
(``infomat_help_requested``), the log and the admin panel read.

A press makes a request (a second one while it waits makes none), tells the visitor that
staff know — on screen and, when they turned speech on, aloud — and sets the gauge to 1;
Prometheus' InfomatHelpRequested alert calls staff (docs/monitoring.md). The request ends
with the visitor's session or when a technician clears it in the admin panel.

The closed screen and the alert (kiosk/ui/screens/schedule_screens.py) are built by the
schedule part, which may come after this part: their buttons are adopted as they appear.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QPushButton

from kiosk.core.help_request import HelpRequest
from kiosk.core.i18n import tr
from kiosk.ui.widgets.help_button import HELP_SENT
from kiosk.ui.widgets.shown import set_shown

if TYPE_CHECKING:
    from kiosk.ui.browser.browser import BrowserScreen
    from kiosk.ui.window.host import WindowHost

log = logging.getLogger("kiosk.help")


class _Notice(Protocol):
    def show_message(self, text: str, seconds: float = ...) -> None: ...


class _Speaker(Protocol):
    def say(self, text: str) -> None: ...


class HelpPart(QObject):
    """``model``: the request; ``buttons``: every Pomoc button shown (none when disabled)."""

    def __init__(
        self,
        window: WindowHost,
        browser: BrowserScreen,
        notice: _Notice,
        speaker: Callable[[], _Speaker],
        admin: Any,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self._window, self._notice, self._speaker, self.clock = window, notice, speaker, clock
        self.model = HelpRequest()
        self.enabled = window.config.help.enabled
        self.buttons: list[QPushButton] = []
        admin.help_desk = self  # the admin panel shows the request and clears it
        window.session.reset_home.connect(lambda: self.end_of_session())  # left after choices only
        self._publish()  # a new window starts with no request (a replaced one's is gone)
        if not self.enabled:
            return
        window.home.footer.show_help(True)
        self._adopt(window.home.footer.help_button)
        self._adopt(browser.help_button)
        self._scan()
        window.installEventFilter(self)  # type: ignore[attr-defined]

    # --- the buttons --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self._scan)  # the child is still being built: looked at once it is whole
        return False

    def _scan(self) -> None:
        """The window's screens that carry a Pomoc button (the closed screen, the alert)."""
        for child in self._window.children():  # type: ignore[attr-defined]
            button = getattr(child, "help_button", None)
            if isinstance(button, QPushButton):
                self._adopt(button)

    def offer(self, button: QPushButton) -> None:
        """A screen built later carries a Pomoc button too (the county forms)."""
        if self.enabled:
            self._adopt(button)

    def _adopt(self, button: QPushButton) -> None:
        if any(button is known for known in self.buttons):
            return
        self.buttons.append(button)
        set_shown(button, True)  # the e-service bar places its buttons when first laid out
        button.clicked.connect(self.press)

    # --- the request --------------------------------------------------------------------
    @property
    def requested_at(self) -> dt.datetime | None:
        return self.model.requested_at

    def press(self) -> None:
        """The visitor pressed Pomoc: a request (once), and they are told staff know."""
        window = self._window
        if self.model.request(self.clock()):
            log.warning("a visitor asked for help (Pomoc) at %s", self.model.time_text())
            metrics = window.usage.metrics
            if metrics is not None:
                metrics.help_called()
        else:
            log.info("Pomoc pressed again while the request waits")
        window.session.on_activity(private=False)  # the request ends with this visitor
        text = tr(HELP_SENT, window.language)
        self._notice.show_message(text)
        self._speaker().say(text)

    def clear(self, who: str = "technician") -> bool:
        """The request ends: ``who`` is "technician" (the admin panel) or "session"."""
        if not self.model.clear(who):
            return False
        if who == "technician":
            log.warning("the help request was cleared in the admin panel")
        else:
            log.info("the help request ended with the visitor's session")
        self._publish()
        return True

    def end_of_session(self) -> None:
        self.clear("session")

    def _publish(self) -> None:
        metrics = self._window.usage.metrics
        if metrics is not None:
            metrics.help_state(self.model.requested)
