"""Printing for services that may print ([[services]] print = true, issue 32): who may
print, the visitor's page budget, the PDF's page count, and the CUPS queue (lp, lpstat,
cancel). No Qt widgets; the UI part (kiosk/ui/printing) drives it.

The job is the page as a PDF (QWebEnginePage.printToPdf, A4), written to a private
directory (0700), handed to ``lp`` and removed as soon as ``lp`` has accepted it; the
wipe cancels (and purges) every job of the session that is still queued.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.printing")

LP_TIMEOUT = 20.0  # seconds one lp / lpstat / cancel call may take
#: printer-state-reasons (RFC 8011, CUPS) that mean no paper comes out. A "-report" or
#: "-warning" suffix is advice (toner low), not a stop.
DOWN_REASONS = (
    "offline",
    "paused",
    "stopped",
    "shutdown",
    "media-empty",
    "media-needed",
    "media-jam",
    "door-open",
    "cover-open",
    "toner-empty",
    "marker-supply-empty",
    "input-tray-missing",
    "output-area-full",
    "connecting-to-device",
)
_REQUEST_ID = re.compile(r"request id is (\S+)")


def may_print(service: Any, printing: Any) -> bool:
    """The one decision: the open service says ``print = true`` and a printer is set."""
    return bool(printing.printer) and service is not None and bool(getattr(service, "print", False))


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF (QtPdf when it loads, else the /Type /Page objects); 0 if unreadable."""
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument

        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        if document.status() == QPdfDocument.Status.Ready:
            return max(0, document.pageCount())
    except ImportError:  # pragma: no cover - the wheel has QtPdf
        pass
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


class PageBudget:
    """The pages one visitor may still print; a job that does not fit is refused whole."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def take(self, pages: int) -> bool:
        """Reserve ``pages`` for a job; False (and nothing reserved) if they do not fit."""
        if pages <= 0 or pages > self.remaining:
            return False
        self.used += pages
        return True

    def give_back(self, pages: int) -> None:
        self.used = max(0, self.used - pages)

    def reset(self) -> None:
        self.used = 0


@dataclass(frozen=True)
class PrinterState:
    """One look at the queue: ``up`` when jobs would come out now."""

    up: bool
    reasons: tuple[str, ...] = ()
    detail: str = ""  # for the log and `kiosk doctor`, never shown to a visitor


class PrintError(Exception):
    """lp refused the job or the queue cannot be reached; the text is for the log."""


def _run(args: list[str], timeout: float = LP_TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # lp's and lpstat's words, parsed below
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env, check=False)


class CupsQueue:
    """A CUPS queue through its command-line clients (CUPS_SERVER is honoured)."""

    tracks_jobs = True  # lp's request ids: pending() and cancel() follow them

    def __init__(self, name: str) -> None:
        self.name = name

    @staticmethod
    def available() -> bool:
        return shutil.which("lp") is not None and shutil.which("lpstat") is not None

    def submit(self, pdf: Path, title: str = "infomat") -> str:
        """Queue ``pdf`` once, on A4; the CUPS job id (``QUEUE-12``)."""
        try:
            done = _run(["lp", "-d", self.name, "-n", "1", "-o", "media=A4", "-t", title, "--", str(pdf)])
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError(f"lp: {exc}") from exc
        found = _REQUEST_ID.search(done.stdout)
        if done.returncode != 0 or found is None:
            raise PrintError((done.stderr or done.stdout).strip() or f"lp exited {done.returncode}")
        return found.group(1)

    def pending(self) -> set[str]:
        """Ids of this queue's jobs not completed yet (held, queued, printing)."""
        try:
            done = _run(["lpstat", "-W", "not-completed", "-o", self.name])
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError(f"lpstat: {exc}") from exc
        if done.returncode != 0:
            raise PrintError(done.stderr.strip() or f"lpstat exited {done.returncode}")
        return {line.split()[0] for line in done.stdout.splitlines() if line.strip()}

    def cancel(self, jobs: list[str]) -> bool:
        """Cancel and purge ``jobs`` (their spool files go too); True when cancel said yes."""
        if not jobs:
            return True
        try:
            done = _run(["cancel", "-x", *jobs])
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("cancel failed: %s", exc)
            return False
        if done.returncode != 0:
            # A job that completed meanwhile cannot be cancelled: not an error for the wipe.
            log.info("cancel: %s", done.stderr.strip())
        return True

    def state(self) -> PrinterState:
        """Whether the queue would print now: exists, enabled, accepting, no stopping reason."""
        try:
            printers = _run(["lpstat", "-l", "-p", self.name])
            accepting = _run(["lpstat", "-a", self.name])
        except (OSError, subprocess.TimeoutExpired) as exc:
            return PrinterState(False, ("unreachable",), str(exc))
        return parse_state(self.name, printers.returncode, printers.stdout + printers.stderr, accepting.stdout)


def parse_state(name: str, returncode: int, printers: str, accepting: str) -> PrinterState:
    """``lpstat -l -p NAME`` (and ``lpstat -a NAME``) read as a :class:`PrinterState`."""
    first = printers.strip().splitlines()[0] if printers.strip() else ""
    if returncode != 0 or not first.startswith(f"printer {name} "):
        return PrinterState(False, ("missing",), first or "no such queue")
    reasons: list[str] = []
    if " disabled " in first:
        reasons.append("paused")
    for line in printers.splitlines():
        line = line.strip()
        if line.startswith("Alerts:"):
            reasons += [word for word in line.removeprefix("Alerts:").split() if word != "none"]
    if accepting.strip() and "not accepting" in accepting:
        reasons.append("not-accepting")
    stopping = tuple(
        reason
        for reason in reasons
        if not reason.endswith(("-report", "-warning"))
        and any(reason == r or reason.startswith(r + "-") for r in (*DOWN_REASONS, "not-accepting"))
    )
    return PrinterState(not stopping, tuple(dict.fromkeys(reasons)), first)


def private_dir() -> Path:
    """A fresh directory only this user can enter (0700) for one job's PDF."""
    path = Path(tempfile.mkdtemp(prefix="infomat-print-"))
    path.chmod(0o700)
    return path


@dataclass
class PrinterStats:
    """What the metrics read at scrape time: the queue's health and pages printed."""

    up: float = math.nan  # 1, 0, NaN before the first look or with no printer
    pages: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def printed(self, pages: int) -> None:
        with self.lock:
            self.pages += pages

    def health(self, up: bool | None) -> None:
        self.up = math.nan if up is None else float(up)


#: The process's printer figures (one printer per kiosk; they outlive windows).
STATS = PrinterStats()
