"""Opening hours, display power and emergency alerts on the real window under Xvfb, with
real taps: closing time with and without a visitor, alerts over home, a service page and
the closed screen, expiry, the banner, and the display backend through a fake command."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from kiosk.core.hours import WARSAW
from kiosk.system.display import DisplayPower
from kiosk.ui.screens import schedule_part
from kiosk.ui.screens.schedule_part import SchedulePart
from tests.support.web import ALLOWED, wait_for_url
from tests.support.xinput import tap_widget

pytestmark = [pytest.mark.web, pytest.mark.xvfb]

HOURS = '[schedule]\n{extra}\n[schedule.hours]\nmon = "7:30-15:30"\ntue = "7:30-15:30"\n'
SEVERE = (
    '[[alerts]]\nid = "rcb-1"\nseverity = "{severity}"\nexpires = 2026-11-30T18:00:00\n'
    'headline = {{ pl = "Ostrzeżenie przed powodzią", uk = "Попередження про повінь" }}\n'
    'instruction = "Nie zbliżaj się do rzeki."\n'
)


class Clock:
    def __init__(self, text: str) -> None:
        self.now = dt.datetime.fromisoformat(text).replace(tzinfo=WARSAW)

    def set(self, text: str) -> None:
        self.now = dt.datetime.fromisoformat(text).replace(tzinfo=WARSAW)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def fake_xset(tmp_path: Path, monkeypatch) -> Path:
    """``xset`` on PATH that only writes down how it was called."""
    log = tmp_path / "xset.log"
    script = tmp_path / "bin" / "xset"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    return log


def kiosk(qtbot, make_window, config: str, clock: Clock, display: DisplayPower | None = None) -> SchedulePart:
    window = make_window(config)
    part = SchedulePart(window, clock=clock, display=display or DisplayPower("none"))
    qtbot.waitUntil(lambda: part.plan is not None)
    window.activateWindow()
    return part


def test_closing_time_between_visitors_shows_when_it_opens_and_the_county_info(qtbot, make_window) -> None:
    clock = Clock("2026-11-30T15:29")  # Monday
    part = kiosk(qtbot, make_window, HOURS.format(extra=""), clock)
    window = part.window
    assert not part.closed_screen.isVisible() and all(t.isVisible() for t in window.home.tiles)
    clock.set("2026-11-30T15:31")
    part.apply()
    assert part.closed_screen.isVisible()
    assert part.closed_screen.opening.text() == "Zapraszamy: jutro 7:30"
    tap_widget(part.closed_screen.language_buttons["uk"])  # the visitor's language
    qtbot.waitUntil(lambda: window.language == "uk")
    assert part.closed_screen.title.text() == "Установа зараз зачинена"
    tap_widget(part.closed_screen.browse)
    qtbot.waitUntil(lambda: not part.closed_screen.isVisible())
    assert window.is_home() and not any(t.isVisible() for t in window.home.tiles)  # e-services off when closed
    clock.set("2026-12-01T07:30")
    part.apply()
    assert all(t.isVisible() for t in window.home.tiles)


def test_a_visitor_at_closing_time_is_not_cut_off(qtbot, make_window, sites) -> None:
    clock = Clock("2026-11-30T15:25")
    part = kiosk(qtbot, make_window, HOURS.format(extra=""), clock)
    window = part.window
    sites.route(ALLOWED, "/", "<p>wniosek</p>")
    assert window.open("epuap")
    wait_for_url(qtbot, window.current_page(), ALLOWED)
    clock.set("2026-11-30T15:35")
    part.apply()
    assert not part.closed_screen.isVisible() and window.current_page() is not None  # still working
    window.end_session("idle")  # the normal idle path
    qtbot.waitUntil(lambda: part.closed_screen.isVisible())


@pytest.mark.parametrize("severity", ["extreme", "severe"])
def test_an_alert_over_home_then_gone_at_expiry(qtbot, make_window, severity) -> None:
    clock = Clock("2026-11-30T10:00")
    part = kiosk(qtbot, make_window, SEVERE.format(severity=severity), clock)
    assert part.alert_screen.isVisible() and part.alert_screen.headline.text() == "Ostrzeżenie przed powodzią"
    assert part.alert_screen.instruction.text() == "Nie zbliżaj się do rzeki."
    tap_widget(part.alert_screen.language_buttons["uk"])
    qtbot.waitUntil(lambda: part.alert_screen.headline.text() == "Попередження про повінь")
    tap_widget(part.alert_screen.headline)  # a tap does not dismiss it
    assert part.alert_screen.isVisible()
    clock.set("2026-11-30T18:00")
    part.apply()
    assert not part.alert_screen.isVisible()


def test_an_alert_over_a_service_page_ends_the_session_after_a_notice(qtbot, make_window, sites, monkeypatch) -> None:
    monkeypatch.setattr(schedule_part, "ALERT_NOTICE_SECONDS", 1)
    clock = Clock("2026-11-30T08:00")
    part = kiosk(
        qtbot,
        make_window,
        SEVERE.format(severity="extreme").replace("expires", "effective = 2026-11-30T09:00:00\nexpires"),
        clock,
    )
    window = part.window
    sites.route(ALLOWED, "/", "<p>wniosek</p>")
    assert window.open("epuap")
    wait_for_url(qtbot, window.current_page(), ALLOWED)
    assert not part.alert_screen.isVisible()  # not in force yet
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    clock.set("2026-11-30T09:00")
    part.apply()
    assert part.alert_screen.isVisible() and "Sesja zakończy się" in part.alert_screen.notice.text()
    assert window.current_page() is not None  # the notice first
    qtbot.waitUntil(lambda: ended == ["alert"], timeout=5000)
    assert window.is_home() and part.alert_screen.isVisible() and not part.alert_screen.notice.isVisible()


def test_an_alert_over_the_closed_screen(qtbot, make_window) -> None:
    clock = Clock("2026-11-30T16:00")
    config = HOURS.format(extra="") + SEVERE.format(severity="severe")
    part = kiosk(qtbot, make_window, config, clock)
    assert part.alert_screen.isVisible() and not part.closed_screen.isVisible()
    clock.set("2026-11-30T18:00")  # expired: the closed screen is back
    part.apply()
    assert part.closed_screen.isVisible() and not part.alert_screen.isVisible()


def test_a_moderate_alert_is_a_banner_on_home_and_above_the_page(qtbot, make_window, sites) -> None:
    clock = Clock("2026-11-30T10:00")
    part = kiosk(qtbot, make_window, SEVERE.format(severity="moderate"), clock)
    window = part.window
    assert not part.alert_screen.isVisible() and part.banner.isVisible()
    assert "Ostrzeżenie przed powodzią — Nie zbliżaj się do rzeki." in part.banner.label.text()
    window.access.speaker.engine_name = "mock"
    window.choose(window.choices.with_speech(True))
    part.banner.hide()  # as if the alert came now: a visitor who listens hears it
    part.apply()
    assert "Nie zbliżaj się do rzeki" in window.access.speaker.said[-1]
    window.choose(window.choices.with_speech(False))  # a tap acts at once again
    sites.route(ALLOWED, "/", "<p>wniosek</p>")
    assert window.open("epuap")
    part.apply()
    assert part.browser_banner is not None and part.browser_banner.isVisible()
    tap_widget(window.browser.home_button)  # the page still works around it
    qtbot.waitUntil(window.is_home)


def test_the_display_backend_is_called_and_a_touch_wakes_it(qtbot, make_window, fake_xset) -> None:
    clock = Clock("2026-11-30T15:00")
    config = HOURS.format(extra='outside = "display_off"')
    part = kiosk(qtbot, make_window, config, clock, DisplayPower("x11"))
    qtbot.waitUntil(lambda: fake_xset.exists() and "-dpms" in fake_xset.read_text())  # on at start
    clock.set("2026-11-30T15:31")
    part.apply()
    qtbot.waitUntil(lambda: "dpms force off" in fake_xset.read_text())
    assert fake_xset.read_text().splitlines()[-2:] == ["+dpms", "dpms force off"]
    assert not part.blank.isVisible()  # the monitor is off: nothing to draw
    tap_widget(part.window.home.header)  # a touch wakes it (wake_on_touch = true)
    qtbot.waitUntil(lambda: fake_xset.read_text().splitlines()[-2:] == ["dpms force on", "-dpms"])
    assert part.closed_screen.isVisible()  # what the woken screen shows


def test_without_a_backend_the_window_blanks_itself(qtbot, make_window) -> None:
    clock = Clock("2026-11-30T23:00")
    config = '[schedule]\ndisplay_off = "22:00-6:00"\nwake_on_touch = false\n'
    part = kiosk(qtbot, make_window, config, clock, DisplayPower("none"))
    assert part.blank.isVisible()
    tap_widget(part.blank)
    part.apply()
    assert part.blank.isVisible()  # wake_on_touch = false: stays dark
    clock.set("2026-12-01T06:00")
    part.apply()
    assert not part.blank.isVisible()


def clipped_labels(widget) -> list:
    from PySide6.QtWidgets import QLabel

    cut = []
    for label in widget.findChildren(QLabel):
        if not label.isVisibleTo(widget) or not label.text():
            continue
        needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        if label.height() + 1 < needed:
            cut.append((label.text()[:30], label.height(), needed))
    return cut


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_the_closed_screen_fits_at_200_percent_in_high_contrast(qtbot, make_window, language) -> None:
    clock = Clock("2026-11-30T16:00")
    part = kiosk(qtbot, make_window, HOURS.format(extra=""), clock)
    window = part.window
    window.choose(window.choices.with_language(language).with_text_scale(2.0).with_high_contrast(True))
    part.apply()
    qtbot.wait(200)
    assert part.closed_screen.isVisible() and clipped_labels(part.closed_screen) == []


def test_the_alert_banner_follows_a_language_switch_at_once(qtbot, make_window) -> None:
    """Issue 29, 5: the banner stayed Polish for up to one schedule tick after UA was tapped."""
    clock = Clock("2026-11-30T10:00")
    part = kiosk(qtbot, make_window, SEVERE.format(severity="moderate"), clock)
    window = part.window
    assert "Ostrzeżenie przed powodzią" in part.banner.label.text()
    part._timer.stop()  # no schedule tick may do it instead
    tap_widget(window.home.language_buttons["uk"])
    qtbot.waitUntil(lambda: window.language == "uk")
    qtbot.waitUntil(lambda: "Попередження про повінь" in part.banner.label.text(), timeout=1000)
