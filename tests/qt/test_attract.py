"""The attract screen starts on an idle home screen and any touch brings the home back."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.config import parse_config
from kiosk.content.events import CalendarEvent
from kiosk.content.news import NewsItem
from kiosk.ui.screens.attract_screen import VEIL_ALPHA, attract_content
from kiosk.ui.widgets.theme import contrast, county_palette, high_contrast_palette
from tests.support.web import ALLOWED


def test_the_poster_comes_from_county_content(tmp_path) -> None:
    image, removed = tmp_path / "rynek.png", tmp_path / "usuniete.png"
    for path in (image, removed):
        path.write_bytes(b"not read here")
    config = parse_config(
        f"""[kiosk]\nname = "Infomat"\ncounty = "Powiat lubelski"\nlanguage = "uk"
[attract]\nimages = ["{image}", "{removed}"]"""
    )
    removed.unlink()  # after the check: a file gone from a USB stick while the kiosk runs
    events = [CalendarEvent(f"2026-12-0{day}", "17:00", f"Wydarzenie {day}", "Starostwo") for day in range(2, 7)]
    news = [NewsItem("Zimowe utrzymanie dróg", "Tekst", "", None), NewsItem("Starsza wiadomość", "", "", None)]
    content = attract_content(config, dt.datetime(2026, 12, 1, 9, 30), events, news, "pl")
    assert content.namedays == "Imieniny: Natalii, Edmunda, Blanki, Eligiusza"
    assert content.date == "wtorek, 1 grudnia 2026" and content.clock == "09:30"
    assert [title for _, title in content.events] == ["Wydarzenie 2", "Wydarzenie 3", "Wydarzenie 4"]
    assert content.events[0][0] == "środa, 2 grudnia, 17:00"
    assert content.headline == "Zimowe utrzymanie dróg"  # the latest only
    assert content.images == (image,)  # a file gone is left out, not shown broken
    # every visitor can read how to start: the screen's language first, then the others
    calls = ("Dotknij ekranu, aby rozpocząć", "Touch the screen to start", "Торкніться екрана, щоб почати")
    assert content.calls == calls
    assert attract_content(config, dt.datetime(2026, 12, 1, 9, 30), [], [], "uk").calls[0].startswith("Торкніться")


@pytest.mark.parametrize("palette", [county_palette(), high_contrast_palette()], ids=["county", "high_contrast"])
def test_text_over_a_picture_stays_readable(palette) -> None:
    """The veil keeps WCAG AA even over a white sky: the brightest pixel, darkened."""
    grey = round(255 * (1 - VEIL_ALPHA))
    assert contrast(palette.on_primary, f"#{grey:02x}{grey:02x}{grey:02x}") >= 4.5


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


def test_pictures_change_on_their_own_full_bleed_and_the_wipe_stops_them(qtbot, make_window, tmp_path) -> None:
    from PySide6.QtGui import QColor, QImage

    paths = []
    for name, colour in (("a.png", "#ff0000"), ("b.png", "#00ff00")):
        image = QImage(400, 100, QImage.Format.Format_RGB32)  # wider than the window: cropped, not letterboxed
        image.fill(QColor(colour))
        image.save(str(tmp_path / name))
        paths.append(str(tmp_path / name))
    window = make_window(f"[attract]\nimages = {paths!r}\n".replace("'", '"'))
    window.attract_part.start()
    screen = window.attract_part.screen
    assert screen.content.events == () and screen.content.headline == ""
    grab = screen.grab().toImage()
    corner, centre = grab.pixelColor(2, 2), grab.pixelColor(grab.width() // 2, grab.height() // 2)
    veiled = round(255 * (1 - VEIL_ALPHA))
    assert abs(corner.red() - veiled) <= 6 and corner.green() < 10  # the picture reaches the corner, veiled
    assert centre.red() > 60
    screen._timer.setInterval(150)  # slide_seconds is at least 4 s; the timer itself must move them
    screen._timer.start()
    qtbot.waitUntil(lambda: screen.index == 1, timeout=3000)
    qtbot.waitUntil(lambda: screen.grab().toImage().pixelColor(2, 2).green() > 60, timeout=3000)
    window.end_session("idle")
    assert not screen.isVisible() and not screen._timer.isActive() and screen._picture is None


def test_the_header_wakes_once_a_minute_just_after_it_turns() -> None:
    from kiosk.config import parse_config
    from kiosk.ui.home.header import Header

    now = [dt.datetime(2026, 12, 1, 10, 5, 30, 250_000)]
    header = Header(parse_config(""), lambda: now[0])
    timer = header._timer
    assert timer.isSingleShot() and timer.isActive()
    assert timer.interval() == 29_750 + 50  # to 10:06:00, and 50 ms into the new minute
    now[0] = dt.datetime(2026, 12, 1, 10, 6, 0, 50_000)
    header._minute()  # the timer fired just after the minute turned
    assert header.clock.text() == "10:06"
    assert timer.interval() == 59_950 + 50  # the next wake-up is a minute away, not sooner


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1366, 768), (1280, 1024)])
def test_the_poster_fits_every_screen_without_overlapping_text(qtbot, tmp_path, size) -> None:
    """At 1366×768 the events and the headline were drawn over each other."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QLabel

    from kiosk.config import load_config
    from kiosk.paths import app_root
    from kiosk.ui.window.window import KioskWindow

    config = load_config(app_root() / "config" / "kiosk.toml")
    window = KioskWindow(config, clock=lambda: dt.datetime(2026, 11, 23, 10, 5), cache_dir=tmp_path)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    try:
        # A fresh cache: the local feed and calendar are parsed right after the first paint.
        content = window.content
        qtbot.waitUntil(lambda: bool(content.upcoming_events("pl") and content.news_items()), timeout=10000)
        window.attract_part.start()
        screen = window.attract_part.screen
        qtbot.wait(100)
        labels = [label for label in screen.findChildren(QLabel) if label.isVisibleTo(screen) and label.text()]
        assert screen.event_rows.count() >= 2 and screen.headline.text()  # the content is there

        def needed(label: QLabel) -> int:
            return label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()

        squeezed = [label.text()[:30] for label in labels if label.height() + 1 < needed(label)]
        assert squeezed == []
        boxes = [(label.text()[:30], QRect(label.mapTo(screen, QPoint(0, 0)), label.size())) for label in labels]
        overlapping = [(a, b) for i, (a, ra) in enumerate(boxes) for b, rb in boxes[i + 1 :] if ra.intersects(rb)]
        assert overlapping == []
        assert screen.rect().contains(screen.call.geometry())
    finally:
        window.shutdown()


def test_the_poster_clock_follows_the_header_minute(qtbot, window) -> None:
    window.attract_part.start()
    screen = window.attract_part.screen
    screen.clock.setText("stale")
    window.home.header.minute_passed.emit()
    assert screen.clock.text() == dt.datetime.now().strftime("%H:%M")
