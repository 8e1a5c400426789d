"""Is the kiosk online? Probes the configured addresses off the UI thread.

One answering address is enough (a county proxy may block some). No address configured
means "unknown": the kiosk then relies on page loads alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.core.technician import tech
from kiosk.core.urls import loggable_url
from kiosk.support.worker import Worker

log = logging.getLogger("kiosk.network")


@dataclass(frozen=True)
class Connectivity:
    online: bool | None  # None: nothing configured to probe, or not probed yet
    note: str = ""  # English, for the log ("" until a probe said something)
    answered: tuple[str, int] | None = None  # (address, HTTP status) of the one that answered
    failures: tuple[tuple[str, str], ...] = ()  # (address, error type) of those that did not

    @property
    def detail(self) -> str:
        """What the admin panel shows after "online" / "NO CONNECTION": :meth:`say`."""
        return self.say()

    def say(self) -> str:
        """:attr:`note` in the technician's language (``kiosk doctor``, the admin panel)."""
        if self.answered is not None:
            return tech("{url} answered {status}", url=self.answered[0], status=self.answered[1])
        if self.failures:
            return "; ".join(tech("{url}: {error}", url=url, error=error) for url, error in self.failures)
        if self.online is None and self.note:
            return tech("no check addresses configured (network.check_urls)")
        return ""


def probe(urls: Sequence[str], timeout: float, head: Callable[[str, float], int] | None = None) -> Connectivity:
    """Try each URL in turn; any HTTP answer (even 4xx/5xx) proves the network works."""
    if not urls:
        return Connectivity(None, "no check addresses configured (network.check_urls)")
    head = head or _http_head
    failures = []
    for url in urls:
        try:
            status = head(url, timeout)
        except Exception as exc:  # requests' ConnectionError, Timeout, SSLError …
            failures.append((loggable_url(url), type(exc).__name__))
            continue
        return Connectivity(True, f"{loggable_url(url)} answered {status}", answered=(loggable_url(url), status))
    return Connectivity(False, "; ".join(f"{url}: {error}" for url, error in failures), failures=tuple(failures))


def _http_head(url: str, timeout: float) -> int:
    from kiosk.support.http_client import session

    with session(retries=0) as http:
        return http.head(url, timeout=timeout, allow_redirects=False).status_code


class ConnectivityMonitor(QObject):
    """Probes every ``interval`` seconds and on :meth:`check_now`; emits ``changed``."""

    changed = Signal(object)  # Connectivity

    def __init__(self, urls: Sequence[str], timeout: float, interval: float = 60.0, parent: QObject | None = None):
        super().__init__(parent)
        self.urls = list(urls)
        self.timeout = timeout
        self.state = Connectivity(None)
        self._worker = Worker(self)
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval * 1000))
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.check_now)

    def start(self) -> None:
        if self.urls:
            self._timer.start()
            self.check_now()

    def check_now(self) -> None:
        if self.urls and not self._busy:
            self._busy = True
            urls, timeout = list(self.urls), self.timeout
            self._worker.run(lambda: probe(urls, timeout), self._on_result)

    def _on_result(self, result: Connectivity) -> None:
        self._busy = False
        if result.online != self.state.online:
            log.info("network %s (%s)", "online" if result.online else "OFFLINE", result.note)
        changed = result.online != self.state.online
        self.state = result
        if changed:
            self.changed.emit(result)

    def stop(self, msecs: int = 3000) -> None:
        """Shutdown: no more probes; wait for one under way."""
        self._timer.stop()
        self._worker.wait_idle(msecs)
