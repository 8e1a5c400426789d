"""Tells a hung renderer from a busy one: the visible page must answer a trivial
JavaScript ping within HANG_SECONDS.

A renderer stuck in a script loop still paints nothing new and answers nothing; the
kiosk then replaces the page like after a crash. Pings pause while the page waits in an
alert/confirm (the visitor, not the renderer, is slow) and restart after a navigation
(which may drop a pending answer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEnginePage

log = logging.getLogger("kiosk.web")

PING_INTERVAL_MS = 3000
HANG_SECONDS = 10.0


class RendererWatchdog(QObject):
    """Emits ``hung`` once per hang of the page ``watched()`` returns."""

    hung = Signal()

    def __init__(
        self,
        watched: Callable[[], QWebEnginePage | None],
        monotonic: Callable[[], float],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._watched = watched
        self._monotonic = monotonic
        self._sent: float | None = None
        self._token = 0
        self._timer = QTimer(self)
        self._timer.setInterval(PING_INTERVAL_MS)
        self._timer.timeout.connect(self.ping)

    def start(self) -> None:
        self._timer.start()

    def reset(self) -> None:
        """Forget a pending ping (navigation started, page replaced, wipe)."""
        self._sent = None

    def ping(self) -> None:
        page = self._watched()
        if page is None:
            self._sent = None
            return
        now = self._monotonic()
        if self._sent is not None:
            if now - self._sent > HANG_SECONDS:
                log.warning("the page's renderer has not answered for %.0f s: replacing it", now - self._sent)
                self._sent = None
                self.hung.emit()
            return
        self._sent = now
        self._token += 1
        token = self._token
        from PySide6.QtWebEngineCore import QWebEngineScript

        page.runJavaScript("1", QWebEngineScript.ScriptWorldId.ApplicationWorld, lambda _r: self._answered(token))

    def _answered(self, token: int) -> None:
        if token == self._token:
            self._sent = None
