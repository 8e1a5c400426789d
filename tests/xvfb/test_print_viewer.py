"""The PDF viewer's own print button (issue 32), clicked for real under Xvfb.

A PDF opened by a service is shown in Chromium's built-in viewer; its toolbar's print
button raises QWebEnginePage.printRequested like window.print() (QtWebEngine 6.11, this
test): for a service with ``print = true`` the document goes to the kiosk's queue with no
dialog; for any other service the same click ends in the kiosk's refusal and nothing is
queued. The print button is found where the viewer draws it (its toolbar is the top 56 px
of the view; print is the second button from the right, measured on a screenshot); the
printing service's click, in the same run, proves the click lands on it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from tests.qt.test_printing import COUNTY, PRINT_SERVICE, part
from tests.support.cups import ink, pdf_info, private_cups
from tests.support.server import Response
from tests.support.web import wait_for_url
from tests.support.xinput import tap_at

pytestmark = [pytest.mark.web, pytest.mark.xvfb]

PRINT_FROM_RIGHT = 68  # px from the view's right edge to the centre of the viewer's print button
TOOLBAR_MIDDLE = 28  # px from the view's top to the middle of the viewer's toolbar


@pytest.fixture
def cups(monkeypatch):
    yield from private_cups(monkeypatch)


def document(path: Path, marker: str) -> bytes:
    """A one-page A4 PDF: ``marker`` in large type over a black block (text and ink)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.setFont(QFont("DejaVu Sans", 28))
    width, height = writer.width(), writer.height()
    painter.drawText(QRect(width // 10, height // 10, width * 8 // 10, height // 10), 0, marker)
    painter.fillRect(QRect(width // 10, height // 4, width // 3, height // 6), Qt.GlobalColor.black)
    painter.end()
    return path.read_bytes()


def open_pdf(qtbot, window, service: str, path: str) -> None:
    window.activateWindow()
    assert window.open(service)
    page = window.current_page()
    wait_for_url(qtbot, page, path)
    qtbot.waitUntil(lambda: not page.isLoading(), timeout=10000)
    qtbot.wait(1500)  # the viewer draws its toolbar after the load


def click_print(qtbot, window, answered) -> None:
    """A real click on the viewer's print button, repeated until the kiosk answered (the
    viewer drops input for a moment after it appears)."""
    view = window.browser.view
    point = view.mapToGlobal(QPoint(view.width() - PRINT_FROM_RIGHT, TOOLBAR_MIDDLE))
    for _ in range(10):
        tap_at(point)
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            qtbot.wait(100)
            if answered():
                return
    raise AssertionError("the viewer's print button never answered")


def no_dialog(window) -> bool:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]


@pytest.mark.parametrize("spooler", ["cups", "qprinter"])
def test_the_pdf_viewers_print_button_prints_only_for_a_service_that_may_print(
    qtbot, make_window, sites, cups, tmp_path, monkeypatch, spooler
):
    if spooler == "qprinter":  # the Windows path (tests/qt/test_printing_qprinter.py)
        import kiosk.ui.printing.part as print_part
        from kiosk.web.spoolers import open_spooler

        monkeypatch.setattr(print_part, "open_spooler", lambda name: open_spooler(name, "win32"))
    upo = document(tmp_path / "upo.pdf", "UPO-VIEWER-4471")
    other = document(tmp_path / "other.pdf", "POWIAT-VIEWER-0932")
    sites.route(COUNTY, "/druk", Response(upo, content_type="application/pdf"))
    sites.route(COUNTY, "/", Response(other, content_type="application/pdf"))
    window = make_window(PRINT_SERVICE.format(queue=cups.queue, limit=3, county=COUNTY, port=sites.port))
    qtbot.waitUntil(lambda: part(window).up is True, timeout=10000)

    # A service without print = true: the viewer's button ends in the refusal.
    open_pdf(qtbot, window, "powiat", "/")
    click_print(qtbot, window, lambda: window.toast.isVisible())
    assert window.toast.text() == "Drukowanie nie jest dostępne w infomacie."
    time.sleep(1.0)
    assert cups.printed() == [] and cups.pending() == [] and no_dialog(window)

    # Positive control, same window, same click: the printing service's PDF is printed.
    window.toast.hide()
    open_pdf(qtbot, window, "druk", "/druk")
    click_print(qtbot, window, lambda: window.toast.isVisible() and "Drukuj" in window.toast.text())
    assert window.toast.text() == "Drukuję… (1 strona)" and no_dialog(window)
    qtbot.waitUntil(lambda: window.toast.text().startswith("Wydrukowano"), timeout=30000)
    qtbot.waitUntil(lambda: len(cups.printed()) == 1 and cups.pending() == [], timeout=30000)
    time.sleep(1.0)
    [printed] = cups.printed()  # one job: the repeated clicks did not print twice
    assert pdf_info(printed)["Pages"] == "1" and "(A4)" in pdf_info(printed)["Page size"]
    if spooler == "cups":
        text = cups.text_of(printed)
        assert "UPO-VIEWER-4471" in text and "POWIAT-VIEWER-0932" not in text
    else:  # pictures of the page: its ink, where the document has it
        share, x, y = ink(printed, 1)
        want_share, want_x, want_y = ink(tmp_path / "upo.pdf", 1)
        assert 0.5 * want_share < share < 2 * want_share and abs(x - want_x) < 0.05 and abs(y - want_y) < 0.05
    assert part(window).budget.remaining == 2
