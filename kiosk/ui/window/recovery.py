"""Recovery from what goes wrong under a visitor: a renderer that crashes or hangs gets a
fresh page (too many in a row end the process for the supervisor), and a page that could
not reach its server is tried again by itself."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui.window.watchdog import RendererWatchdog

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEnginePage

log = logging.getLogger("kiosk.web")

MAX_CRASHES = 3
CRASH_WINDOW_SECONDS = 600
OFFLINE_RETRY_MS = 10_000


class CrashCounter:
    """Renderer failures within a sliding window of time (monotonic seconds). Pure."""

    def __init__(self, limit: int = MAX_CRASHES, window: float = CRASH_WINDOW_SECONDS) -> None:
        self.limit, self.window = limit, window
        self.times: list[float] = []

    def record(self, now: float) -> bool:
        """Count one failure; True when that makes a crash loop."""
        self.times = [t for t in self.times if now - t < self.window] + [now]
        return len(self.times) >= self.limit


class Recovery(QObject):
    """Watches the visible page; says when to replace it, retry it, or give up."""

    recover = Signal(str)  # "crash" | "hang": wipe to a fresh page, a friendly word, home
    crash_loop = Signal(str)  # why: the process should exit for the supervisor
    retry = Signal()  # the offline page should load again

    def __init__(
        self,
        watched: Callable[[], QWebEnginePage | None],
        monotonic: Callable[[], float],
        offline_showing: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._offline_showing = offline_showing
        self.crashes = CrashCounter()
        self.watchdog = RendererWatchdog(watched, monotonic, self)
        self.watchdog.hung.connect(lambda: self._failed("hang"))
        self._offline_retry = QTimer(self)
        self._offline_retry.setSingleShot(True)
        self._offline_retry.setInterval(OFFLINE_RETRY_MS)
        self._offline_retry.timeout.connect(self._retry_if_offline)

    def start(self) -> None:
        self.watchdog.start()

    def on_renderer_gone(self, status: object, exit_code: int) -> None:
        from kiosk.web.qt_enums import renderer_exit  # QtWebEngine: not on the first paint's path

        how = renderer_exit(status)  # type: ignore[arg-type]
        if not how.needs_recovery:
            return
        log.warning("renderer terminated (%s, code %s)", how.value, exit_code)
        self._failed("crash")

    def _failed(self, reason: str) -> None:
        if self.crashes.record(self._monotonic()):
            self.crash_loop.emit(f"{len(self.crashes.times)} renderer crashes or hangs in {CRASH_WINDOW_SECONDS} s")
        # Not under the page's own signal: the wipe deletes that page.
        QTimer.singleShot(0, lambda: self.recover.emit(reason))

    def offline_shown(self) -> None:
        """The offline screen says "we will try again in a moment" — and we do."""
        self._offline_retry.start()

    def on_connectivity(self, state: object) -> None:
        """The network came back: retry an offline page at once instead of waiting."""
        if getattr(state, "online", None):
            self._retry_if_offline()

    def _retry_if_offline(self) -> None:
        if self._offline_showing():
            log.info("retrying the page after a network failure")
            self.retry.emit()

    def reset(self) -> None:
        """The wipe: no pending retry, no pending ping."""
        self._offline_retry.stop()
        self.watchdog.reset()
