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


def test_slides_advance_on_their_own(qtbot, window) -> None:
    window.attract_part.start()
    first = window.attract_part.screen.index
    window.attract_part.screen.next_slide()
    assert window.attract_part.screen.index != first or len(window.attract_part.screen.slides) == 1
    window.end_session("admin")
    assert not window.attract_part.screen.isVisible()


def test_the_header_never_wakes_more_than_once_a_minute(window) -> None:
    timer = window.home.header._timer
    assert timer.isSingleShot() and timer.interval() >= 1000
    assert dt.datetime.now() is not None
