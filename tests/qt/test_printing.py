"""Printing (issue 32) against a real CUPS: a private cupsd with a cups-pdf queue
(tests/support/cups.py). What comes out of the queue is read back with pdftotext.

Each refusal has its positive control in the same test: the service that may print does
print into the same queue, so "nothing printed" cannot pass because printing is broken.
"""

from __future__ import annotations

import math
import threading
import time

import pytest

from kiosk.web.printing import STATS
from tests.support.cups import private_cups
from tests.support.web import COUNTY, run_js, wait_for_url, wait_loaded

PRINT_SERVICE = """
[printing]
printer = "{queue}"
max_pages_per_session = {limit}
[[services]]
id = "druk"
title = "Wnioski do druku"
url = "http://{county}:{port}/druk"
print = true
"""

ONE_PAGE = "<h1>Wniosek DRUK-ONE-7781</h1><p>Tekst wniosku.</p>"
TWO_PAGES = "<h1>Wniosek DRUK-TWO-4410</h1><p style='break-after: page'>strona 1</p><p>strona 2</p>"
NOT_PRINTED = "<h1>Strona POWIAT-NOPRINT-9152</h1>"


@pytest.fixture
def cups(monkeypatch):
    yield from private_cups(monkeypatch)


@pytest.fixture
def window(make_window, sites, cups):
    sites.route(COUNTY, "/druk", ONE_PAGE)
    sites.route(COUNTY, "/druk2", TWO_PAGES)
    sites.route(COUNTY, "/", NOT_PRINTED)
    return make_window(PRINT_SERVICE.format(queue=cups.queue, limit=3, county=COUNTY, port=sites.port))


def part(window):
    return window.later_screens().printing


def said(window, monkeypatch) -> list[str]:
    spoken: list[str] = []
    monkeypatch.setattr(window.access, "say", spoken.append)
    return spoken


def open_page(qtbot, window, service: str, path: str = ""):
    assert window.open(service)
    page = window.current_page()
    wait_for_url(qtbot, page, COUNTY)
    if path:
        page.runJavaScript(f"location.href = {path!r}")
        wait_for_url(qtbot, page, path)
    wait_loaded(qtbot, page)
    return page


def wait_printed(qtbot, cups, count: int, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: len(cups.printed()) >= count, timeout=timeout)


def test_a_service_that_may_print_prints_the_page_with_no_dialog_and_others_print_nothing(
    qtbot, window, cups, monkeypatch
):
    import kiosk.ui.printing.part as print_part

    spoken = said(window, monkeypatch)
    folders: list[tuple[object, int]] = []

    def private_dir():
        folder = real_private_dir()
        folders.append((folder, folder.stat().st_mode & 0o777))
        return folder

    real_private_dir = print_part.private_dir
    monkeypatch.setattr(print_part, "private_dir", private_dir)
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    # A service without print = true: today's refusal, nothing queued.
    page = open_page(qtbot, window, "powiat")
    run_js(qtbot, page, "window.print(), 1")
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=5000)
    assert window.toast.text() == "Drukowanie nie jest dostępne w infomacie."
    time.sleep(1.0)
    assert cups.printed() == [] and cups.pending() == []

    # Positive control: the printing service, in the same window and queue.
    pages_before = STATS.pages
    page = open_page(qtbot, window, "druk")
    run_js(qtbot, page, "window.print(), 1")
    qtbot.waitUntil(lambda: window.toast.text() == "Drukuję… (1 strona)", timeout=5000)
    qtbot.waitUntil(lambda: window.toast.text().startswith("Wydrukowano"), timeout=30000)
    wait_printed(qtbot, cups, 1)
    [pdf] = cups.printed()
    text = cups.text_of(pdf)
    assert "DRUK-ONE-7781" in text and "POWIAT-NOPRINT-9152" not in text
    assert spoken[-2:] == ["Drukuję… (1 strona)", "Wydrukowano. Odbierz wydruk z drukarki."]
    assert STATS.pages == pages_before + 1
    assert part(window).budget.remaining == 2
    [(folder, mode)] = folders  # the PDF went through one private directory, now gone
    assert mode == 0o700 and not folder.exists()


def test_a_frames_print_prints_that_frame(qtbot, window, cups, sites):
    sites.route(COUNTY, "/frame", "<p>RAMKA-FRAME-2207</p>")
    sites.route(COUNTY, "/outer", "<h1>OUTER-PAGE-8812</h1><iframe src='/frame'></iframe>")
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    page = open_page(qtbot, window, "druk", "/outer")
    qtbot.waitUntil(lambda: run_js(qtbot, page, "frames[0].document.readyState") == "complete", timeout=5000)
    run_js(qtbot, page, "frames[0].print(), 1")
    qtbot.waitUntil(lambda: window.toast.text().startswith("Wydrukowano"), timeout=30000)
    wait_printed(qtbot, cups, 1)
    text = cups.text_of(cups.printed()[0])
    assert "RAMKA-FRAME-2207" in text and "OUTER-PAGE-8812" not in text


def test_a_job_that_would_pass_the_session_limit_is_refused_whole(qtbot, window, cups, monkeypatch):
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    page = open_page(qtbot, window, "druk", "/druk2")
    run_js(qtbot, page, "window.print(), 1")  # 2 of 3 pages: printed
    qtbot.waitUntil(lambda: window.toast.text() == "Drukuję… (2 strony)", timeout=5000)
    qtbot.waitUntil(lambda: window.toast.text().startswith("Wydrukowano"), timeout=30000)
    wait_printed(qtbot, cups, 1)
    run_js(qtbot, page, "window.print(), 1")  # 2 more would pass 3: refused whole
    qtbot.waitUntil(lambda: "za dużo stron" in window.toast.text(), timeout=5000)
    assert window.toast.text() == (
        "Nie udało się wydrukować: wydruk ma za dużo stron (stron: 2, do wykorzystania w tej sesji: 1 z 3)."
    )
    time.sleep(1.5)
    assert len(cups.printed()) == 1 and cups.pending() == []
    assert "DRUK-TWO-4410" in cups.text_of(cups.printed()[0])
    # The next visitor has the whole limit again.
    window.end_session("visitor")
    page = open_page(qtbot, window, "druk", "/druk2")
    run_js(qtbot, page, "window.print(), 1")
    wait_printed(qtbot, cups, 2)


def tile_line(window, service: str) -> str:
    tile = next(t for t in window.home.tiles if t.service.id == service)
    return tile.description.text() if tile.description.isVisibleTo(tile) else ""


def test_a_stopped_queue_is_reported_and_nothing_is_queued(qtbot, window, cups, monkeypatch):
    from kiosk.metrics.registry import KioskMetrics
    from kiosk.system.doctor import check_printer

    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    metrics = KioskMetrics()
    assert metrics.registry.get_sample_value("infomat_printer_up") == 1
    assert [c.status for c in check_printer(window.config)] == ["PASS"]
    assert "drukarka nieczynna" not in tile_line(window, "druk")
    cups.run("cupsdisable", cups.queue, check=True)
    part(window).look()
    qtbot.waitUntil(lambda: part(window).up is False, timeout=10000)
    assert metrics.registry.get_sample_value("infomat_printer_up") == 0
    assert tile_line(window, "druk") == "drukarka nieczynna"
    assert "drukarka" not in tile_line(window, "powiat")  # a service that does not print
    [check] = check_printer(window.config)
    assert check.status == "FAIL" and "paused" in check.detail
    # The Windows path (QPrinterInfo) looks at the same queue through Qt: stopped is down.
    [through_qt] = check_printer(window.config, platform="win32")
    assert through_qt.status == "FAIL" and "error" in through_qt.detail
    page = open_page(qtbot, window, "druk")
    run_js(qtbot, page, "window.print(), 1")
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=5000)
    assert window.toast.text() == "Nie udało się wydrukować: drukarka nieczynna."
    assert cups.pending() == [] and cups.printed() == []
    cups.run("cupsenable", cups.queue, check=True)
    part(window).look()
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    assert metrics.registry.get_sample_value("infomat_printer_up") == 1
    assert tile_line(window, "druk") == ""
    assert [c.status for c in check_printer(window.config, platform="win32")] == ["PASS"]


def test_the_wipe_cancels_the_sessions_jobs_and_leaves_no_spool(qtbot, window, cups):
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    # The printer stops after the last look: the job is accepted and waits in the queue.
    cups.run("cupsdisable", cups.queue, check=True)
    page = open_page(qtbot, window, "druk")
    run_js(qtbot, page, "window.print(), 1")
    qtbot.waitUntil(lambda: len(cups.pending()) == 1, timeout=15000)
    qtbot.waitUntil(lambda: bool(cups.spool_files()), timeout=10000)  # its control and data files reach the spool
    window.end_session("visitor")
    qtbot.waitUntil(lambda: cups.pending() == [], timeout=10000)  # cancelled off the UI thread
    qtbot.waitUntil(lambda: cups.spool_files() == [], timeout=10000)
    cups.run("cupsenable", cups.queue, check=True)
    time.sleep(2.0)
    assert cups.printed() == []  # nothing of that visitor comes out for the next one
    assert not math.isnan(STATS.up)


def test_the_wipe_does_not_wait_for_a_spooler_that_does_not_answer(qtbot, window):
    """A CUPS server that does not answer held the wipe, and the next visitor, for up to
    20 s (lp's timeout): the session's jobs are cancelled off the UI thread, and a quitting
    kiosk still waits for that."""
    release, cancelled = threading.Event(), []

    class Unanswering:
        tracks_jobs = True

        def cancel(self, jobs: list[str]) -> bool:
            release.wait(30)
            cancelled.append((jobs, threading.current_thread() is threading.main_thread()))
            return True

    printing = part(window)
    printing.queue = Unanswering()
    printing._jobs = {"kiosk-7"}  # a job of this session lp accepted
    window.end_session("visitor")
    assert window.is_home() and cancelled == []  # the wipe is done, the spooler not asked to its end
    release.set()
    qtbot.waitUntil(lambda: cancelled == [(["kiosk-7"], False)], timeout=5000)
    release.clear()
    printing._jobs = {"kiosk-8"}
    window.end_session("visitor")
    threading.Timer(0.2, release.set).start()
    window.shutdown()  # quitting: the last visitor's job is cancelled first
    assert cancelled[-1] == (["kiosk-8"], False)


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_job_still_queued_when_the_kiosk_quits_ends_with_it_quietly(qtbot, window, cups):
    """A job thread waited up to 2 minutes for the queue after its window had gone, then
    raised "Signal source has been deleted" (a traceback in CI's log)."""
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    cups.run("cupsdisable", cups.queue, check=True)
    page = open_page(qtbot, window, "druk")
    run_js(qtbot, page, "window.print(), 1")
    qtbot.waitUntil(lambda: len(cups.pending()) == 1, timeout=15000)
    waiting = [thread for thread in threading.enumerate() if thread.name == "print-job"]
    assert waiting  # positive control: the job's thread is waiting for the queue
    window.shutdown()
    for thread in waiting:
        thread.join(10)
    assert not any(thread.is_alive() for thread in waiting)
    assert cups.pending() == []  # and the job itself went with the last visitor


def write_form(path, marker: str, pages: int = 1) -> None:
    """A PDF form of ``pages`` pages that says ``marker`` on each."""
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.drawText(200, 400, f"{marker} strona {page + 1}")
    painter.end()


FORMS = """
[[content.forms]]
title = "Wniosek o dowód rejestracyjny"
file = "{one}"
[[content.forms]]
title = {{ pl = "Deklaracja śmieciowa", en = "Waste declaration" }}
file = "{many}"
"""


def test_county_forms_are_read_and_printed_from_their_own_screen(qtbot, make_window, sites, cups, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtPdf import QPdfDocument

    from kiosk.ui.widgets.focus import KEY_FOCUS

    write_form(tmp_path / "one.pdf", "FORMULARZ-ONE-5521")
    write_form(tmp_path / "many.pdf", "FORMULARZ-MANY-3390", pages=4)
    extra = PRINT_SERVICE.format(queue=cups.queue, limit=3, county=COUNTY, port=sites.port)
    window = make_window(extra + FORMS.format(one=tmp_path / "one.pdf", many=tmp_path / "many.pdf"))
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)
    [tile] = [t for t in window.home.tiles if t.service.id == "formularze"]
    assert tile.accessibleName() == "Formularze" and tile.isVisible()
    forms = window.later_screens().forms.screen
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is forms
    controls = [forms.close_button, *forms.form_buttons, forms.print_button]
    assert [b.accessibleName() for b in forms.form_buttons] == [
        "Czytaj: Wniosek o dowód rejestracyjny",
        "Czytaj: Deklaracja śmieciowa",
    ]
    assert all(b.focusPolicy() == KEY_FOCUS and b.height() >= 44 for b in controls)
    assert not forms.print_button.isEnabled()  # nothing chosen yet

    qtbot.mouseClick(forms.form_buttons[0], Qt.MouseButton.LeftButton)
    assert forms.document.status() == QPdfDocument.Status.Ready and forms.document.pageCount() == 1
    assert forms.print_button.isEnabled()
    assert forms.print_button.accessibleName() == "Drukuj: Wniosek o dowód rejestracyjny"
    qtbot.mouseClick(forms.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.toast.text().startswith("Wydrukowano"), timeout=30000)
    wait_printed(qtbot, cups, 1)
    assert "FORMULARZ-ONE-5521" in cups.text_of(cups.printed()[0])

    # Four pages with two of three left: refused whole, nothing printed.
    qtbot.mouseClick(forms.form_buttons[1], Qt.MouseButton.LeftButton)
    assert forms.document.pageCount() == 4
    qtbot.mouseClick(forms.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "za dużo stron" in window.toast.text(), timeout=5000)
    time.sleep(1.0)
    assert len(cups.printed()) == 1 and cups.pending() == []

    window.end_session("visitor")
    assert window.is_home() and forms.current is None and forms.document.pageCount() == 0


def test_no_forms_no_tile_and_no_printer_no_print_button(qtbot, make_window, tmp_path):
    write_form(tmp_path / "one.pdf", "FORMULARZ-ONE-5521")
    plain = make_window()
    assert all(t.service.id != "formularze" for t in plain.home.tiles)
    assert plain.later_screens().forms.screen is None
    reading = make_window(FORMS.format(one=tmp_path / "one.pdf", many=tmp_path / "missing.pdf"))
    forms = reading.later_screens().forms.screen
    assert forms is not None and not forms.print_button.isVisibleTo(forms)
    assert forms.show_form(0)
    assert not forms.show_form(1) and forms.problem.isVisibleTo(forms)  # a missing file is said, not a crash
