"""Which spooler takes the kiosk's print jobs (issue 32), and the one for Windows.

Linux prints through CUPS's command-line clients (:class:`kiosk.web.printing.CupsQueue`:
job ids, so the wipe can cancel what is still queued). Windows has no ``lp``: there the
job's PDF is drawn onto a :class:`QPrinter` — named ``[printing] printer``, A4, one copy,
one-sided, no dialog — page by page, each page rendered by QtPdf at the printer's
resolution (at most :data:`RENDER_DPI`). That is how Qt prints a PDF itself
(QWebEngineView.print renders with QtPdf too): the paper shows the page as it looks, but
the printer receives pictures, not text.

QPrinter hands the job to the spooler and tells no job id: the kiosk knows a job was
accepted, not when it came out, and cannot cancel it at the wipe (docs/printing.md).
On Linux QPrinter prints through CUPS too, which is how the tests run this same code.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, Protocol

from kiosk.web.printing import CupsQueue, PrintError, PrinterState

log = logging.getLogger("kiosk.printing")

RENDER_DPI = 300  # an A4 page is 2480 × 3508 px (35 MB) at most; 600 dpi would be 139 MB
QT_BACKEND = "qt"
CUPS_BACKEND = "cups"


class Spooler(Protocol):
    """What the print part needs from a printer, whichever spooler it is."""

    name: str
    #: True when submit() returns an id that pending() and cancel() understand.
    tracks_jobs: bool

    def submit(self, pdf: Path, title: str = "infomat") -> str: ...
    def pending(self) -> set[str]: ...
    def cancel(self, jobs: list[str]) -> bool: ...
    def state(self) -> PrinterState: ...


def spooler_kind(platform: str) -> str:
    """The one decision: Windows prints through QPrinter, everything else through CUPS."""
    return QT_BACKEND if platform == "win32" else CUPS_BACKEND


def open_spooler(name: str, platform: str = "") -> Spooler:
    """The spooler for ``[printing] printer`` on this platform (``platform`` for tests)."""
    if spooler_kind(platform or sys.platform) == QT_BACKEND:
        return QtSpooler(name)
    return CupsQueue(name)


def qt_printer_state(found: bool, state: Any) -> PrinterState:
    """QPrinterInfo's view of a printer as a :class:`PrinterState`.

    Windows (QWindowsPrintDevice::state) says Idle for status 0, waiting or power save,
    Active while printing, busy, warming up …, and Error for every other status bit —
    paper out, jam, offline, paused, door open, toner out, user intervention. CUPS says
    Idle, Active (printing), Error (stopped)."""
    from PySide6.QtPrintSupport import QPrinter

    if not found:
        return PrinterState(False, ("missing",), "no such printer")
    named = {
        QPrinter.PrinterState.Idle: ("idle", True),
        QPrinter.PrinterState.Active: ("printing", True),
        QPrinter.PrinterState.Aborted: ("aborted", False),
        QPrinter.PrinterState.Error: ("error", False),
    }
    reason, up = named.get(state, ("unknown", False))
    return PrinterState(up, () if up else (reason,), f"printer state: {reason}")


class QtSpooler:
    """A printer as Qt knows it (the Windows spooler; CUPS on Linux) through QPrinter."""

    tracks_jobs = False

    def __init__(self, name: str) -> None:
        self.name = name

    def submit(self, pdf: Path, title: str = "infomat") -> str:
        """Print ``pdf`` once on A4, no dialog; "" (QPrinter tells no job id).

        Runs on a worker thread: QPainter may paint on a QPrinter outside the GUI thread."""
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument

        buffer = QBuffer()  # from memory: no file handle of Qt's keeps the private folder
        buffer.setData(QByteArray(pdf.read_bytes()))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        try:
            if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
                raise PrintError(f"the PDF does not load ({document.error()})")
            self._print(document, title)
        finally:
            document.close()
            buffer.close()
        return ""

    def _printer(self, title: str) -> Any:
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName(self.name)
        # An unknown name leaves QPrinter on the default printer (or a PDF file): never that.
        if printer.printerName() != self.name or printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
            raise PrintError(f"no printer named {self.name!r}")
        printer.setDocName(title)  # the job's title in the spooler's list
        printer.setCopyCount(1)
        printer.setDuplex(QPrinter.DuplexMode.DuplexNone)
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        if not printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4)):
            raise PrintError(f"{self.name} takes no A4 paper")
        printer.setFullPage(False)  # the painter's origin is the printable area's corner
        return printer

    def _print(self, document: Any, title: str) -> None:
        from PySide6.QtGui import QPainter

        printer = self._printer(title)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(f"{self.name} does not start a job")
        try:
            self._pages(document, printer, painter)
        except BaseException:
            printer.abort()  # a half-drawn job is not sent
            painter.end()
            raise
        if not painter.end():
            raise PrintError(f"{self.name} did not take the job")
        log.info("printed %d page(s) through QPrinter", document.pageCount())

    def _pages(self, document: Any, printer: Any, painter: Any) -> None:
        from PySide6.QtCore import QRect, QSize, Qt
        from PySide6.QtGui import QImage, QPainter

        area = QRect(0, 0, printer.width(), printer.height())  # the printable area, device pixels
        scale = min(1.0, RENDER_DPI / max(1, printer.resolution()))
        for index in range(document.pageCount()):
            if index and not printer.newPage():
                raise PrintError(f"{self.name} refused page {index + 1}")
            # The page fitted into the printable area, its proportions kept, centred.
            target = QRect(area)
            target.setSize(
                document.pagePointSize(index).toSize().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            )
            target.moveCenter(area.center())
            pixels = QSize(max(1, round(target.width() * scale)), max(1, round(target.height() * scale)))
            paper = QImage(pixels, QImage.Format.Format_RGB32)
            paper.fill(Qt.GlobalColor.white)  # QtPdf leaves the page's empty parts transparent
            on_paper = QPainter(paper)
            on_paper.drawImage(0, 0, document.render(index, pixels))
            on_paper.end()
            painter.drawImage(target, paper)

    def pending(self) -> set[str]:
        return set()  # no job ids to look for

    def cancel(self, jobs: list[str]) -> bool:
        return not jobs  # nothing this spooler could name

    def state(self) -> PrinterState:
        from PySide6.QtPrintSupport import QPrinterInfo

        info = QPrinterInfo.printerInfo(self.name)
        found = not info.isNull() and info.printerName() == self.name
        return qt_printer_state(found, info.state() if found else None)
