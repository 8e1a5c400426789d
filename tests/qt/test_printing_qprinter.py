"""The Windows printing path (issue 32: "Windows: the spooler through QPrinter") run on
Linux: the kiosk's choice of spooler is told it runs on win32, and QPrinter — which on
Linux prints through CUPS — sends the job to the private cupsd's cups-pdf queue
(tests/support/cups.py). The same code draws the pages on Windows; only the spooler
behind QPrinter differs.

What comes out is read back: pdfinfo (pages, A4, the job's title), pdftoppm (each page
has the ink of the page that was printed, where it was). The pages reach the printer as
pictures (QtPdf renders them), so pdftotext finds no text in them: measured below.
"""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path

import pytest

from kiosk.web.printing import STATS, PrintError
from tests.qt.test_printing import COUNTY, PRINT_SERVICE, open_page, part, said, tile_line
from tests.support.cups import ink, pdf_info, private_cups
from tests.support.web import run_js


@pytest.fixture
def cups(monkeypatch, tmp_path):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "libcups-tmp"))  # where QPrinter's CUPS engine spools
    (tmp_path / "libcups-tmp").mkdir()
    yield from private_cups(monkeypatch)


@pytest.fixture
def as_windows(monkeypatch):
    """The part's spooler chosen as on Windows; the PDFs handed to it kept for the test."""
    import kiosk.ui.printing.part as print_part
    from kiosk.web.spoolers import QtSpooler, open_spooler

    handed: list[bytes] = []
    real_submit = QtSpooler.submit

    def submit(self, pdf: Path, title: str = "infomat") -> str:
        handed.append(pdf.read_bytes())
        return real_submit(self, pdf, title)

    monkeypatch.setattr(QtSpooler, "submit", submit)
    monkeypatch.setattr(print_part, "open_spooler", lambda name: open_spooler(name, "win32"))
    return handed


#: Two pages, each with a heavy square somewhere else: ink enough to compare, and where.
INKED = (
    "<h1>Wniosek DRUK-INK-5531</h1><div style='border: 24px solid black; width: 160px; height: 160px;"
    " break-after: page'></div><div style='margin: 500px 0 0 400px; border: 24px solid black;"
    " width: 220px; height: 120px'></div>"
)


@pytest.fixture
def window(make_window, sites, cups, as_windows):
    sites.route(COUNTY, "/druk", "<h1>Wniosek DRUK-ONE-7781</h1>")
    sites.route(COUNTY, "/druk2", INKED)
    return make_window(PRINT_SERVICE.format(queue=cups.queue, limit=3, county=COUNTY, port=sites.port))


def same_ink(printed: Path, source: Path, page: int) -> None:
    """The printed page carries the source page's ink, in the same place (the page is
    scaled into the printable area: a little smaller, centred)."""
    share, x, y = ink(printed, page)
    want_share, want_x, want_y = ink(source, page)
    assert want_share > 0.001, "the source page itself is blank"
    assert 0.6 * want_share < share < 1.6 * want_share, (share, want_share)
    assert abs(x - want_x) < 0.03 and abs(y - want_y) < 0.03, ((x, y), (want_x, want_y))


def test_the_qprinter_path_prints_the_page_on_a4_once_within_the_limit(
    qtbot, window, cups, as_windows, monkeypatch, tmp_path
):
    import kiosk.ui.printing.part as print_part
    from kiosk.web.spoolers import QtSpooler

    assert isinstance(part(window).queue, QtSpooler)
    spoken = said(window, monkeypatch)
    folders: list[Path] = []
    real_private_dir = print_part.private_dir
    monkeypatch.setattr(print_part, "private_dir", lambda: folders.append(real_private_dir()) or folders[-1])
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)  # QPrinterInfo: Idle
    pages_before = STATS.pages

    page = open_page(qtbot, window, "druk", "/druk2")
    run_js(qtbot, page, "window.print(), 1")
    qtbot.waitUntil(lambda: window.toast.text() == "Drukuję… (2 strony)", timeout=5000)
    qtbot.waitUntil(lambda: window.toast.text().startswith("Wydrukowano"), timeout=30000)
    qtbot.waitUntil(lambda: len(cups.printed()) == 1 and cups.pending() == [], timeout=30000)
    [printed] = cups.printed()
    assert "-infomat" in printed.name  # cups-pdf names the file after the job's title
    info = pdf_info(printed)
    assert info["Pages"] == "2" and info["Page size"].startswith("595") and "(A4)" in info["Page size"]
    [source_bytes] = as_windows
    source = tmp_path / "source.pdf"
    source.write_bytes(source_bytes)
    for number in (1, 2):
        same_ink(printed, source, number)
    assert "DRUK-INK-5531" in cups.text_of(source)
    assert "DRUK-INK-5531" not in cups.text_of(printed)  # pictures of the pages, no text layer
    assert spoken[-1] == "Wydrukowano. Odbierz wydruk z drukarki."
    assert STATS.pages == pages_before + 2 and part(window).budget.remaining == 1
    [folder] = folders
    assert not folder.exists()  # the private folder went once QPrinter had the job
    assert list((tmp_path / "libcups-tmp").iterdir()) == []  # and Qt's own spool file for CUPS
    assert page_log_totals(cups) == ["2"]  # one job, two pages: one copy

    # 2 more pages with 1 left: refused whole, nothing handed to the spooler.
    run_js(qtbot, page, "window.print(), 1")
    qtbot.waitUntil(lambda: "za dużo stron" in window.toast.text(), timeout=5000)
    time.sleep(1.5)
    assert len(as_windows) == 1 and len(cups.printed()) == 1


def page_log_totals(cups) -> list[str]:
    """Pages of each job CUPS printed, from its page_log ("… total 2 …": copies × pages)."""
    log = (cups.root / "log/page_log").read_text()
    return [line.split()[6] for line in log.splitlines() if line.split()[5:6] == ["total"]]


def test_the_qprinter_path_reads_a_stopped_printer_as_down(qtbot, window, cups):
    from kiosk.metrics.registry import KioskMetrics

    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    metrics = KioskMetrics()
    assert metrics.registry.get_sample_value("infomat_printer_up") == 1
    cups.run("cupsdisable", cups.queue, check=True)
    part(window).look()
    qtbot.waitUntil(lambda: part(window).up is False, timeout=10000)
    assert metrics.registry.get_sample_value("infomat_printer_up") == 0
    assert tile_line(window, "druk") == "drukarka nieczynna"
    cups.run("cupsenable", cups.queue, check=True)
    part(window).look()
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    assert not math.isnan(STATS.up)


def in_a_thread(job):
    """libcups keeps its server per thread: a fresh thread reads this test's CUPS_SERVER."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(job())
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return outcome[0]


def inked_form(path: Path) -> None:
    """A one-page A4 form with a black block in its lower right quarter."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    width, height = writer.width(), writer.height()
    painter.fillRect(QRect(width * 6 // 10, height * 7 // 10, width // 4, height // 8), Qt.GlobalColor.black)
    painter.end()


def test_an_unknown_printer_name_prints_nowhere_not_on_the_default_printer(qapp, cups, tmp_path):
    from kiosk.web.spoolers import QtSpooler

    cups.run("lpadmin", "-d", cups.queue, check=True)  # the test queue is the default printer
    inked_form(tmp_path / "form.pdf")
    wrong = in_a_thread(lambda: QtSpooler("no-such-printer").submit(tmp_path / "form.pdf"))
    assert isinstance(wrong, PrintError) and "no-such-printer" in str(wrong)
    assert in_a_thread(lambda: QtSpooler("no-such-printer").state()).reasons == ("missing",)
    # Positive control: the right name prints that form.
    assert in_a_thread(lambda: QtSpooler(cups.queue).submit(tmp_path / "form.pdf")) == ""
    deadline = time.monotonic() + 30
    while (not cups.printed() or cups.pending()) and time.monotonic() < deadline:
        time.sleep(0.2)
    [printed] = cups.printed()
    same_ink(printed, tmp_path / "form.pdf", 1)
