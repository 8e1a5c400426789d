"""Blocking work (network, PBKDF2, file preparation) off the UI thread, with the result
delivered back on the thread that owns the :class:`Worker` (Qt core only, no widgets).

One job runs at a time per worker: the callers' jobs are small, and one thread keeps
their order and their share of the GIL predictable.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("kiosk")


class _Delivery(QObject):
    finished = Signal(object, object)  # callback, result: queued to the owner's thread


class _Job(QRunnable):
    def __init__(self, job: Callable[[], Any], done: Callable[[Any], None] | None, delivery: _Delivery) -> None:
        super().__init__()
        self._job, self._done, self._delivery = job, done, delivery

    def run(self) -> None:  # the worker thread
        try:
            result = self._job()
        except Exception:
            log.exception("a background job failed")
            return
        if self._done is not None:
            # RuntimeError: the owner was deleted meanwhile, nobody waits for the result.
            with contextlib.suppress(RuntimeError):
                self._delivery.finished.emit(self._done, result)


class Worker(QObject):
    """A one-thread pool whose results come back as calls on the owner's thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._delivery = _Delivery(self)
        self._delivery.finished.connect(lambda done, result: done(result))

    def run(self, job: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Run ``job()`` in the background, then ``done(result)`` here (not if it raised)."""
        self._pool.start(_Job(job, done, self._delivery))

    def wait_idle(self, msecs: int = 3000) -> bool:
        """Wait for running and queued jobs (shutdown only: this blocks the caller)."""
        return self._pool.waitForDone(msecs)
