"""Category loggers (:data:`LOGGERS`: ``kiosk.web``, ``kiosk.admin`` …), a rotating file log
and Qt's messages routed into Python logging.

Privacy rule for every caller: never log what a visitor typed or a URL's query string;
use :func:`kiosk.core.urls.loggable_url` for addresses.
"""

from __future__ import annotations

import collections
import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

#: Every logger the kiosk writes to, and what a technician finds there (a test checks
#: that each ``logging.getLogger`` in kiosk/ uses one of these names).
LOGGERS = {
    "kiosk": "start-up, the runtime, config swaps, exits",
    "kiosk.admin": "the admin gesture, PIN attempts (never the PIN), panel actions",
    "kiosk.config": "config files read, accepted or refused, with every error",
    "kiosk.content": "news and calendar sources: fetched, cached, malformed",
    "kiosk.env": "the process environment the kiosk owns (stripped browser switches, sandbox, its session bus)",
    "kiosk.i18n": "translation catalogs",
    "kiosk.printing": "printing: jobs sent, refused or cancelled, the printer's state (never a page's address)",
    "kiosk.speech": "speech output: the engine, missing voices (never what was said)",
    "kiosk.input": "swallowed keys",
    "kiosk.lockdown": "OS-level key hooks",
    "kiosk.metrics": "the Prometheus endpoint and textfile: listening, TLS, write failures",
    "kiosk.schedule": "opening hours and alerts: an alert over the screen, and when it is gone",
    "kiosk.display": "display power: which backend switched the display off or on, and failures",
    "kiosk.help": "the Pomoc control: a visitor asked for staff, the request cleared (session end or technician)",
    "kiosk.fleet": "the county file: each pull refused (with its reason) or applied, the stored release",
    "kiosk.network": "connectivity probes and the HTTP client",
    "kiosk.qt": "Qt's own messages",
    "kiosk.stats": "the usage store",
    "kiosk.supervisor": "restarts of the kiosk process and why",
    "kiosk.ui": "screens: sessions ended, pages opened or refused",
    "kiosk.web": "the browser: blocked navigations, requests and connections, renderer failures",
}
_qt_handler_installed = False


class RecentProblems(logging.Handler):
    """The last warnings and errors, kept in memory for the admin panel."""

    def __init__(self, size: int = 20) -> None:
        super().__init__(logging.WARNING)
        self.lines: collections.deque[str] = collections.deque(maxlen=size)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a logging handler must never raise
            self.handleError(record)


RECENT_PROBLEMS = RecentProblems()


def setup_logging(
    directory: Path | None, level: int = logging.INFO, to_stderr: bool = True, filename: str = "kiosk.log"
) -> Path | None:
    """Configure the ``kiosk`` logger tree; return the log file path (None if not writable)."""
    root = logging.getLogger("kiosk")
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if handler is not RECENT_PROBLEMS:
            handler.close()
    formatter = logging.Formatter(FORMAT)
    root.addHandler(RECENT_PROBLEMS)
    if to_stderr:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        root.addHandler(stream)
    log_file = None
    if directory is not None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            log_file = directory / filename
            rotating = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=2 * 1024 * 1024, backupCount=5, encoding="utf-8"
            )
            rotating.setFormatter(formatter)
            root.addHandler(rotating)
        except OSError as exc:
            root.warning("file log disabled: cannot write to %s (%s)", directory, exc.strerror)
            log_file = None
    root.propagate = False
    return log_file


def route_qt_messages() -> None:
    """Send qDebug/qWarning/... (including QtWebEngine's) to the ``kiosk.qt`` logger."""
    global _qt_handler_installed
    if _qt_handler_installed:
        return
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    logger = logging.getLogger("kiosk.qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode: QtMsgType, context: object, message: str) -> None:
        logger.log(levels.get(mode, logging.INFO), "%s", message)

    qInstallMessageHandler(handler)
    _qt_handler_installed = True
