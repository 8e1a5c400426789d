"""The attract screen starts on an idle home screen and any touch brings the home back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.content.events import CalendarEvent
from kiosk.content.news import NewsItem
from kiosk.ui.attract import build_slides
from tests.support.web import ALLOWED


def test_slides_come_from_county_content(tmp_path) -> None:
    image = tmp_path / "herb.png"
    image.write_bytes(b"not checked here")
    slides = build_slides(
        "Infomat",
        "Powiat lubelski",
        "poniedziałek, 23 listopada 2026",
        [CalendarEvent("2026-11-26", "17:00", "Sesja Rady Powiatu", "Starostwo")],
        [NewsItem("Zimowe utrzymanie dróg", "Tekst", "", None)],
        [image, tmp_path / "missing.png"],
        "pl",
    )
    assert [s.title for s in slides] == ["Infomat", "Sesja Rady Powiatu", "Zimowe utrzymanie dróg", ""]
    assert slides[1].body.startswith("czwartek, 26 listopada, 17:00")
    assert slides[-1].image == image


def test_attract_starts_only_when_nobody_uses_the_kiosk(qtbot, window, sites) -> None:
    window.attract_part.start()
    assert window.attract_part.screen.isVisible()
    window.attract_part.screen.stop()
    sites.route(ALLOWED, "/", "<p>x</p>")
    window.open(sites.url(ALLOWED, "/"))
    window.go_home()  # a session is open: no slideshow over someone's session
    window.attract_part.start()
    assert not window.attract_part.screen.isVisible()


def test_a_touch_returns_home_without_pressing_a_tile(qtbot, window) -> None:
    opened: list[str] = []
    window.home.service_chosen.connect(opened.append)
    window.attract_part.start()
    tile = window.home.tiles[0]
    QTest.mouseClick(
        window.windowHandle(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        tile.mapTo(window, tile.rect().center()),
    )
    assert not window.attract_part.screen.isVisible()
    assert opened == [], opened
    assert window.is_home()


def test_slides_advance_on_their_own_and_the_wipe_stops_them(qtbot, make_window) -> None:
    soon = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    window = make_window(f'[[content.calendar.events]]\ndate = {soon}\ntitle = "Sesja Rady Powiatu"\n')
    window.attract_part.start()
    screen = window.attract_part.screen
    assert [s.title for s in screen.slides] == ["Test kiosk", "Sesja Rady Powiatu"]
    screen._timer.setInterval(150)  # slide_seconds is at least 4 s; the timer itself must move them
    screen._timer.start()
    seen = {screen.index}
    qtbot.waitUntil(lambda: seen.add(screen.index) or len(seen) >= 2, timeout=3000)
    window.end_session("idle")
    assert not screen.isVisible() and not screen._timer.isActive()


def test_the_header_wakes_once_a_minute_just_after_it_turns() -> None:
    from kiosk.config import parse_config
    from kiosk.ui.header import Header

    now = [dt.datetime(2026, 12, 1, 10, 5, 30, 250_000)]
    header = Header(parse_config(""), lambda: now[0])
    timer = header._timer
    assert timer.isSingleShot() and timer.isActive()
    assert timer.interval() == 29_750 + 50  # to 10:06:00, and 50 ms into the new minute
    now[0] = dt.datetime(2026, 12, 1, 10, 6, 0, 50_000)
    header._minute()  # the timer fired just after the minute turned
    assert header.clock.text() == "10:06"
    assert timer.interval() == 59_950 + 50  # the next wake-up is a minute away, not sooner
