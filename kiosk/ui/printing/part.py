"""The window's printing (issue 32): a service that may print prints the page to the
kiosk's printer (a CUPS queue; on Windows the spooler through QPrinter,
kiosk/web/spoolers.py) with no dialog, within the visitor's page budget; the visitor sees
and hears what happens; the wipe cancels what is still queued; a worker looks at the
queue every minute (infomat_printer_up, the tiles' "drukarka nieczynna").

A job: printToPdf (A4) on the UI thread → page count → the budget → a worker writes the
PDF into a private directory (0700), hands it to the spooler, removes it at once, then
waits for the job to leave the queue (CUPS; QPrinter tells no job id to wait for).
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPageLayout, QPageSize

from kiosk.core.i18n import N_, ntr, tr
from kiosk.support.worker import Worker
from kiosk.web.printing import STATS, PageBudget, PrintError, may_print, pdf_page_count, private_dir
from kiosk.web.spoolers import open_spooler

if TYPE_CHECKING:
    from kiosk.ui.window.host import AccessHost, WindowHost

log = logging.getLogger("kiosk.printing")

HEALTH_SECONDS = 60.0  # how often the worker looks at the queue
JOB_SECONDS = 120.0  # a job still queued after this is cancelled and reported as failed
POLL_SECONDS = 0.5

PRINTED = N_("Wydrukowano. Odbierz wydruk z drukarki.")
FAILED = N_("Nie udało się wydrukować: {reason}")
PRINTER_DOWN = N_("drukarka nieczynna.")
NOT_PRINTING = N_("drukarka nie drukuje. Spróbuj później albo poproś o pomoc.")
EMPTY = N_("tej strony nie da się wydrukować.")
BUSY = N_("poprzedni wydruk jeszcze trwa.")
TOO_MANY = N_("wydruk ma za dużo stron (stron: {pages}, do wykorzystania w tej sesji: {remaining} z {limit}).")


def printing_text(pages: int, language: str) -> str:
    return ntr("Drukuję… ({n} strona)", "Drukuję… ({n} strony)", pages, language, many="Drukuję… ({n} stron)")


class PrintPart(QObject):
    """Prints for the open service if it may; tells the visitor; cleans up at the wipe."""

    finished = Signal(int, str, int, str)  # session, job id, pages, error ("" = printed)
    health_changed = Signal(object)  # True, False, or None (no printer / not looked yet)

    def __init__(
        self,
        window: WindowHost,
        show: Callable[[str, float], None],
        access: Callable[[], AccessHost | None],
    ) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self._window, self._show, self._access = window, show, access
        printing = window.config.printing
        self.queue = open_spooler(printing.printer) if printing.printer else None  # CUPS; Windows: QPrinter
        self.budget = PageBudget(printing.max_pages_per_session)
        self.session = 0  # bumped by the wipe: a late result of an earlier visitor is dropped
        self.busy = False
        self.up: bool | None = None  # the queue's last known health
        self.job_seconds = JOB_SECONDS
        self._jobs: set[str] = set()  # this session's jobs lp accepted and not seen done
        self._dirs: set[Path] = set()
        self._lock = threading.Lock()
        self._cancelling: list[threading.Thread] = []  # the wipes' cancels still talking to the spooler
        self.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._worker = Worker(self)  # lpstat off the UI thread; the answer comes back on it
        self._health_timer = QTimer(self)
        self._health_timer.setInterval(int(HEALTH_SECONDS * 1000))
        self._health_timer.timeout.connect(self.look)
        if self.queue is not None:
            self._health_timer.start()
            self.look()
        STATS.health(None)

    # --- a print request (KioskPage asks) ----------------------------------------------
    def handle(self, page: Any, frame: Any = None) -> bool:
        """True when the open service may print (then this part answers the visitor);
        False: the page refuses as for every other service."""
        if self.queue is None or not may_print(self._window.navigator.service, self._window.config.printing):
            return False
        if not self._ready():
            return True
        session = self.session
        callback = lambda data: self._rendered(session, bytes(data))  # noqa: E731
        if frame is not None and not frame.isMainFrame():
            frame.printToPdf(callback)
        else:
            layout = QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(10, 10, 10, 10)
            )
            page.printToPdf(callback, layout)
        return True

    def print_pdf(self, data: bytes) -> bool:
        """A county form (a PDF already): the same budget, queue and words; False with no printer."""
        if self.queue is None:
            return False
        if self._ready():
            self._rendered(self.session, data)
        return True

    def _ready(self) -> bool:
        """No job running and the printer not known to be down (else the visitor is told)."""
        if self.busy:
            self._fail(tr(BUSY, self._language()))
            return False
        if self.up is False:
            self._fail(tr(PRINTER_DOWN, self._language()))
            return False
        self.busy = True
        return True

    def _rendered(self, session: int, data: bytes) -> None:
        if session != self.session:
            return
        language = self._language()
        pages = pdf_page_count(data) if data else 0
        if pages == 0:
            self.busy = False
            self._fail(tr(EMPTY, language))
            return
        if not self.budget.take(pages):
            self.busy = False
            log.info("refused a print job of %d pages (%d left)", pages, self.budget.remaining)
            reason = tr(TOO_MANY, language).format(
                pages=pages, remaining=self.budget.remaining, limit=self.budget.limit
            )
            self._fail(reason)
            return
        self._tell(printing_text(pages, language), self.job_seconds)
        threading.Thread(target=self._job, args=(session, data, pages), name="print-job", daemon=True).start()

    def _job(self, session: int, data: bytes, pages: int) -> None:
        """Worker: the PDF to lp through a private directory, then wait until it is done."""
        assert self.queue is not None
        folder = private_dir()
        with self._lock:
            self._dirs.add(folder)
        job = ""
        try:
            pdf = folder / "job.pdf"
            pdf.touch(mode=0o600)
            pdf.write_bytes(data)
            job = self.queue.submit(pdf)
            with self._lock:
                late = session != self.session  # the wipe came while lp was busy
                if not late and job:
                    self._jobs.add(job)
            if late:
                if job:
                    self.queue.cancel([job])
                else:
                    log.warning("the session ended while its job went to the spooler: it cannot be cancelled")
                return
        except PrintError as exc:
            log.warning("print job refused: %s", exc)
            self._report(session, "", pages, "refused")
            return
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # lp has its own copy in the spool
            with self._lock:
                self._dirs.discard(folder)
        if not self.queue.tracks_jobs:  # QPrinter: handed to the spooler is all it tells
            self._report(session, job, pages, "")
            return
        log.info("print job %s queued (%d pages)", job, pages)
        deadline = time.monotonic() + self.job_seconds
        while time.monotonic() < deadline and session == self.session:
            try:
                if job not in self.queue.pending():
                    self._report(session, job, pages, "")
                    return
            except PrintError as exc:
                log.warning("print job %s: %s", job, exc)
            time.sleep(POLL_SECONDS)
        if session == self.session:  # else the wipe (or the kiosk quitting) took care of it
            self._report(session, job, pages, "timeout")

    def _report(self, session: int, job: str, pages: int, error: str) -> None:
        """From a job's thread to the UI thread (``_finished``), unless the part is gone:
        a print-job thread raised "Signal source has been deleted" when the kiosk quit
        or a new config replaced the window while it waited (seen in CI)."""
        try:
            self.finished.emit(session, job, pages, error)
        except RuntimeError:
            log.info("print job %s ended after its window closed", job or "(not queued)")

    def _finished(self, session: int, job: str, pages: int, error: str) -> None:
        with self._lock:
            self._jobs.discard(job)
        if session != self.session:
            return
        self.busy = False
        language = self._language()
        if not error:
            STATS.printed(pages)
            self._tell(tr(PRINTED, language))
            return
        self.budget.give_back(pages)
        if error == "timeout" and self.queue is not None:
            self.queue.cancel([job])  # never printed: it does not come out for the next visitor
        reason = NOT_PRINTING if error == "timeout" else PRINTER_DOWN
        self._fail(tr(reason, language))

    # --- the wipe -----------------------------------------------------------------------
    def end_of_session(self) -> None:
        """Cancel and purge every job of this session still queued; no PDF stays behind."""
        with self._lock:
            self.session += 1
            jobs, self._jobs = sorted(self._jobs), set()
            folders = list(self._dirs)
        if jobs and self.queue is not None:
            # Off the UI thread: a spooler that did not answer held the wipe, and the next
            # visitor, for up to LP_TIMEOUT (20 s). A quitting kiosk waits for it (shutdown).
            thread = threading.Thread(target=self.queue.cancel, args=(jobs,), name="print-cancel", daemon=True)
            thread.start()
            self._cancelling = [*(t for t in self._cancelling if t.is_alive()), thread]
            log.info("cancelling %d print job(s) at the end of the session", len(jobs))
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        self.busy = False
        self.budget.reset()

    def shutdown(self, seconds: float) -> None:
        """The kiosk quits or the window is replaced: as at the wipe, the session's jobs are
        cancelled and their threads stop waiting; it waits (at most ``seconds``) for the
        cancels, so no visitor's job outlives the kiosk."""
        self.end_of_session()
        deadline = time.monotonic() + seconds
        for thread in self._cancelling:
            thread.join(max(0.0, deadline - time.monotonic()))

    # --- the queue's health -------------------------------------------------------------
    def look(self) -> None:
        """Ask the worker to look at the queue now (every HEALTH_SECONDS by itself)."""
        queue = self.queue
        if queue is None:
            return
        self._worker.run(queue.state, self._health)

    def _health(self, state: Any) -> None:
        if self.queue is None:
            return
        if state.up != self.up:
            log.info("printer %s %s (%s)", self.queue.name, "up" if state.up else "down", ", ".join(state.reasons))
        self.up = state.up
        STATS.health(state.up)
        for tile in self._window.home.tiles:  # the tiles of services that print say it is down
            if getattr(tile.service, "print", False):
                tile.set_printer_down(not state.up)
        self.health_changed.emit(state.up)

    # --- telling the visitor ------------------------------------------------------------
    def _language(self) -> str:
        return self._window.language

    def _fail(self, reason: str) -> None:
        self._tell(tr(FAILED, self._language()).format(reason=reason))

    def _tell(self, text: str, seconds: float = 8.0) -> None:
        self._show(text, seconds)
        access = self._access()
        if access is not None:
            access.say(text)
