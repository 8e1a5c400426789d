"""What one visitor chose stays with them, and the home screen tells the truth (issue 16)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from kiosk.paths import app_root
from tests.support.web import ALLOWED, wait_for_url, wait_loaded

pytestmark = pytest.mark.web

CREST = app_root() / "config" / "content" / "herb-przyklad.svg"


def open_form(qtbot, window, sites, path: str = "/form"):
    sites.route(ALLOWED, path, "<input id=pesel style='width:300px'>")
    assert window.open(sites.url(ALLOWED, path))
    page = window.current_page()
    wait_for_url(qtbot, page, path)
    wait_loaded(qtbot, page)
    return page


def test_larger_text_reaches_the_e_service_page_and_goes_with_the_visitor(qtbot, window, sites) -> None:
    window.choose(window.choices.with_text_scale(2.0))  # chosen on the home screen
    page = open_form(qtbot, window, sites)
    qtbot.waitUntil(lambda: page.zoomFactor() == 2.0)
    window.choose(window.choices.with_text_scale(1.5))  # and changed while the form is open
    assert page.zoomFactor() == 1.5
    sites.route("www.gov.pl", "/", "<p>inny serwis</p>")
    sites.route(ALLOWED, "/link", f"<a id=a href='http://{ALLOWED}:{sites.port}/form2'>dalej</a>")
    page.runJavaScript(f"location.href = 'http://{ALLOWED}:{sites.port}/form2'")
    wait_for_url(qtbot, page, "/form2")
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: page.zoomFactor() == 1.5)  # a navigation keeps the visitor's size
    window.end_session("visitor")
    page = open_form(qtbot, window, sites, "/next")
    assert page.zoomFactor() == 1.0


def test_the_text_size_button_stays_under_the_finger_and_says_the_size(qtbot, window) -> None:
    button = window.home.text_size_button
    assert button.text() == "Tekst: 100 %"
    before = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
    width = button.width()
    for scale, label in ((1.5, "Tekst: 150 %"), (2.0, "Tekst: 200 %")):
        button.click()
        qtbot.waitUntil(lambda s=scale: window.choices.text_scale == s)
        qtbot.waitUntil(lambda w=width: button.width() > w)  # the new style is laid out
        width = button.width()
        assert button.mapTo(window, button.rect().topLeft()) == before.topLeft()
        now = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
        assert now.contains(before.center())  # a second tap where the first one was hits it again
        assert button.text() == label
    button.click()
    assert window.choices.text_scale == 1.0 and button.text() == "Tekst: 100 %"


def test_the_crest_is_in_the_header_and_on_the_attract_screen_crisp(qtbot, make_window) -> None:
    from kiosk.ui.home.header import COMPACT_CREST_PX, CREST_PX
    from kiosk.ui.screens.attract_screen import ATTRACT_CREST_PX

    window = make_window(f'[theme]\nlogo = "{CREST}"\n')
    crest = window.home.header.crest
    assert crest.isVisible()
    pixmap = crest.pixmap()
    ratio = pixmap.devicePixelRatio()
    # drawn at its size on screen, not scaled after (the test window is 900 px high: compact)
    assert window.home.header.compact
    assert pixmap.height() == round(COMPACT_CREST_PX * ratio)
    assert abs(pixmap.width() / pixmap.height() - 200 / 240) < 0.02  # its own proportions
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not window.home.header.compact)
    assert crest.pixmap().height() == round(CREST_PX * ratio)
    window.attract_part.start()
    assert window.attract_part.screen.crest.isVisible()
    assert window.attract_part.screen.crest.pixmap().height() == round(ATTRACT_CREST_PX * ratio)


def test_without_a_crest_nothing_takes_its_place(window) -> None:
    assert not window.home.header.crest.isVisible()


def test_the_home_screen_says_it_is_offline_before_anyone_taps(qtbot, make_window) -> None:
    from kiosk.system.connectivity import ConnectivityMonitor

    monitor = ConnectivityMonitor(["http://127.0.0.1:9/"], timeout=1, interval=3600)  # nothing listens there
    window = make_window(connectivity=monitor)
    offline = window.home.header.offline
    assert not offline.isVisible()
    monitor.check_now()
    qtbot.waitUntil(lambda: offline.isVisible(), timeout=10000)
    assert offline.text().startswith("Brak połączenia z internetem")
    window.choose(window.choices.with_language("en"))
    assert offline.text().startswith("No internet connection")
    monitor.stop()


def test_no_content_yet_and_no_network_reads_calmly(qtbot, tmp_path: Path) -> None:
    from kiosk.ui.window.window import KioskWindow
    from tests.support.web import demo_config

    config = demo_config(
        1,
        '[content.news]\nurl = "http://127.0.0.1:9/feed.xml"\n[content.calendar]\nurl = "http://127.0.0.1:9/k.ics"\n',
    )
    window = KioskWindow(config, clock=lambda: dt.datetime(2026, 12, 1, 10), cache_dir=tmp_path)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    news, calendar = window.panels.news, window.panels.calendar
    texts = [w.text() for w in news.findChildren(type(news.title)) if w.isVisibleTo(news)]
    assert "Aktualności pojawią się tu, gdy infomat połączy się z internetem." in texts
    assert not news.stale.isVisibleTo(news) and not calendar.stale.isVisibleTo(calendar)  # no yellow strip
    window.shutdown()


def test_the_news_heading_is_the_one_the_county_wrote(make_window) -> None:
    window = make_window('[content.news]\ntitle = { pl = "Z życia powiatu", en = "County life" }\n')
    assert window.panels.news.title.text() == "Z życia powiatu"
    window.choose(window.choices.with_language("en"))
    assert window.panels.news.title.text() == "County life"
