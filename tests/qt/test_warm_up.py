"""A finger on the home screen starts the visitor's renderer (an empty document) so the
tile's page commits into a process that is already there; Back from that first page
still goes home, and nothing is requested or loaded before a touch."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.support.web import ALLOWED


def press_and_release(window, widget, hold_ms: int = 0) -> None:
    point = widget.mapTo(window, QPoint(widget.width() // 2, widget.height() // 2))
    QTest.mousePress(window.windowHandle(), Qt.MouseButton.LeftButton, pos=point)
    if hold_ms:
        QTest.qWait(hold_ms)
    QTest.mouseRelease(window.windowHandle(), Qt.MouseButton.LeftButton, pos=point)


def test_a_touch_starts_the_renderer_and_back_from_the_first_page_goes_home(qtbot, window, sites) -> None:
    sites.route(ALLOWED, "/", "<h1>ePUAP</h1>")
    page = window.web.page
    assert page.url().isEmpty()  # nothing loaded while nobody is there (an idle renderer holds ~38 MB)
    press_and_release(window, window.home.header)  # a touch that opens nothing
    qtbot.waitUntil(lambda: page.url().toString() == "about:blank", timeout=5000)
    assert window.is_home() and sites.requests == []  # the empty document asks no server
    tile = next(t for t in window.home.tiles if t.service.id == "epuap")
    finished: list[bool] = []
    page.loadFinished.connect(finished.append)
    press_and_release(window, tile, hold_ms=80)
    qtbot.waitUntil(
        lambda: window.current_page() is page and page.url().host() == ALLOWED and bool(finished), timeout=10000
    )
    assert len(sites.hits(ALLOWED)) >= 1  # the positive control: the tile's page did load
    assert not page.history().canGoBack()  # the warm-up document is not a step back
    window.browsing.go_back()
    assert window.is_home()  # "Wstecz" on the first page goes home, never to a blank page


def test_a_touch_during_a_visit_loads_nothing_extra(qtbot, window, sites) -> None:
    sites.route(ALLOWED, "/", "<h1>ePUAP</h1><p>strona</p>")
    assert window.open("epuap")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.url().host() == ALLOWED, timeout=10000)
    pressed: list[tuple[float, float]] = []
    window.input.pressed.connect(lambda x, y: pressed.append((x, y)))
    press_and_release(window, window.browser)
    QTest.qWait(300)
    assert pressed  # positive control: the touch reached what warms up on the home screen
    assert page.url().host() == ALLOWED  # still the visitor's page, not the empty warm-up one
