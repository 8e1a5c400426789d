"""The running kiosk's side of the county file: poll it every ``poll_seconds`` (±10 %, so
16 kiosks drift apart), pull in a worker thread, and hand a newly applied config to the
runtime, which swaps it in between visitors like an edited local file.

Each refusal is one log line with its reason, counted (``on_result``), and shown in the
admin panel (:meth:`CountyFeed.status`).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.core.technician import TN_, tech
from kiosk.fleet.fetch import Refusal
from kiosk.fleet.in_force import config_in_force
from kiosk.fleet.pull import LocalFleet, PullResult, county_config, pull
from kiosk.fleet.store import ReleaseStore, kiosk_release_store
from kiosk.support.worker import Worker

if TYPE_CHECKING:
    from kiosk.config.schema import KioskConfig

log = logging.getLogger("kiosk.fleet")

JITTER = 0.1
FIRST_POLL_MAX_SECONDS = 30  # after start: soon, but 16 kiosks booted together do not ask at once


class CountyFeed(QObject):
    """Emits ``released(KioskConfig)`` for each new county config to put in force."""

    released = Signal(object)

    def __init__(self, local: KioskConfig, store: ReleaseStore | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store or kiosk_release_store()
        self.fleet = LocalFleet.of(local)
        self.in_force: PullResult | None = None  # the county release the kiosk runs
        self.last: PullResult | None = None  # the latest pull
        self.last_at: dt.datetime | None = None
        self.on_result: Callable[[PullResult], None] = lambda _result: None
        self._worker = Worker(self)
        self._busy = False
        self._started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.poll_now)

    @property
    def active(self) -> bool:
        return self.fleet is not None

    def effective(self, local: KioskConfig) -> KioskConfig:
        """The config to run with this local file: the stored county release verified
        again and merged with it, else the local file alone (logged)."""
        self.fleet = LocalFleet.of(local)
        if self.fleet is None:
            self.in_force = None
            self._timer.stop()
            return local
        if self._started and not self._timer.isActive() and not self._busy:
            self._schedule()  # [fleet] was just added to the local file
        in_force = config_in_force(local, self.store, self.fleet)
        if in_force.stored_failed:
            log.error("%s; the local file alone is in force", in_force.local_only_because().english())
        self.in_force = in_force.county
        return in_force.config

    def start(self) -> None:
        self._started = True
        if self.fleet is not None:
            self._timer.start(int(random.uniform(1, FIRST_POLL_MAX_SECONDS) * 1000))

    def stop(self) -> None:
        self._timer.stop()

    def _schedule(self) -> None:
        if self.fleet is None:
            return
        seconds = self.fleet.poll_seconds * random.uniform(1 - JITTER, 1 + JITTER)
        self._timer.start(int(seconds * 1000))

    def poll_now(self) -> None:
        """Pull once in the worker (a technician's or the timer's); the result arrives later."""
        if self.fleet is None or self._busy:
            return
        self._busy = True
        fleet, store = self.fleet, self.store

        def job() -> PullResult:
            try:
                return pull(fleet, store)
            except Exception as exc:  # a bug must not stop the polling for good
                log.exception("pulling the county file failed")
                return PullResult(
                    "refused",
                    refusal=Refusal(
                        "internal", TN_("internal error: {error}"), fields=(("error", type(exc).__name__),)
                    ),
                )

        self._worker.run(job, self._pulled)

    def _pulled(self, result: PullResult) -> None:
        self._busy = False
        self.last, self.last_at = result, dt.datetime.now().astimezone()
        self._schedule()
        self.on_result(result)
        if result.refusal is not None:
            log.warning("county file %s", result.english())
            return
        if result.kind == "unchanged" and (self.in_force is None or self.in_force.serial != result.serial):
            # Stored by someone else meanwhile (`kiosk fleet pull` from a shell): not new to
            # the server, but new to this window.
            result = county_config(self.fleet, self.store) if self.fleet is not None else result
        if result.kind == "applied" and result.config is not None:
            log.info("county file %s: it applies from the next visitor", result.english())
            self.in_force = result
            self.released.emit(result.config)

    def status(self) -> str:
        """One line for the admin panel, in the technician's language: the release in force
        and the latest pull, a refusal with its reason."""
        if self.fleet is None:
            return tech("not used (no [fleet] config_url)")
        if self.in_force is not None:
            release = tech("serial {serial}", serial=self.in_force.serial)
        else:
            release = tech("local file (no county release)")
        if self.last is None:
            return tech("{release}; not pulled yet", release=release)
        when = self.last_at.strftime("%H:%M") if self.last_at else "?"
        if self.last.refusal is not None:
            reason = self.last.refusal.shown()
            return tech("{release}; last pull at {time}: REFUSED — {reason}", release=release, time=when, reason=reason)
        if self.last.kind == "applied":
            return tech("{release}; last pull at {time}: new release applied", release=release, time=when)
        return tech("{release}; last pull at {time}: unchanged", release=release, time=when)
