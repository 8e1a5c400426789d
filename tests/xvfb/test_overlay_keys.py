"""Every in-window cover owns the keyboard while shown (issue 26, 1): keys typed on a USB
keyboard while the PIN pad, the admin panel, an alert, the closed screen or the idle
warning covers a service page never reach the page; with the cover gone they do again.

Real X key presses (xdotool): Qt's simulated key events go to a widget of the test's
choosing and cannot show who really gets the keys."""

from __future__ import annotations

import subprocess

import pytest

from kiosk.core.pin_hash import MIN_ITERATIONS, hash_pin
from kiosk.ui.screens.schedule_screens import ClosedScreen
from tests.support.web import ALLOWED, run_js, wait_for_url, wait_loaded
from tests.support.xinput import tap_element

pytestmark = [pytest.mark.web, pytest.mark.xvfb]

PIN = "9876"
ADMIN = f'[admin]\npin_hash = "{hash_pin(PIN, iterations=MIN_ITERATIONS)}"\nclose_after_seconds = 60\n'
ALERT = (
    '[[alerts]]\nid = "rcb-1"\nseverity = "extreme"\nexpires = 2099-11-30T18:00:00\n'
    'effective = 2099-11-30T09:00:00\nheadline = "Ostrzeżenie przed powodzią"\n'
)
LOGGER = (
    "<input id=f style='width:500px;height:60px'>"
    "<script>window.__keys = ''; document.addEventListener('keydown',"
    " e => { window.__keys += e.key.length === 1 ? e.key : '<' + e.key + '>'; }, true);</script>"
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def press_keys(text: str, *keys: str) -> None:
    """Real key presses through the X server: ``text`` typed, then named keys."""
    if text:
        subprocess.run(["xdotool", "type", "--delay", "40", text], check=True)
    for key in keys:
        subprocess.run(["xdotool", "key", key], check=True)


def page_keys(qtbot, page) -> str:
    return run_js(qtbot, page, "window.__keys")


def page_with_field(qtbot, window, sites):
    """A service page whose focused field logs every key; the page has seen "ab" typed."""
    window.activateWindow()
    sites.route(ALLOWED, "/keys", LOGGER)
    assert window.open(sites.url(ALLOWED, "/keys"))
    page = window.current_page()
    wait_for_url(qtbot, page, "/keys")
    wait_loaded(qtbot, page)
    tap_element(qtbot, window, "#f")
    press_keys("ab")  # positive control: before any cover, the page gets the keys
    qtbot.waitUntil(lambda: page_keys(qtbot, page) == "ab", timeout=5000)
    return page


def typed_after_cover(qtbot, window, page, expected_after: str = "ab") -> None:
    """The cover is gone: typing reaches the same page again (positive control, after)."""
    qtbot.waitUntil(lambda: window.current_page() is page)
    press_keys("cd")
    qtbot.waitUntil(lambda: page_keys(qtbot, page) == expected_after + "cd", timeout=5000)


def test_the_pin_pad_takes_the_pin_typed_on_a_keyboard_and_the_page_sees_none_of_it(qtbot, make_window, sites) -> None:
    window = make_window(ADMIN)
    page = page_with_field(qtbot, window, sites)
    window.admin_part.pin_pad.open_pad()
    qtbot.waitUntil(window.admin_part.pin_pad.isVisible)
    press_keys(PIN[:2], "BackSpace")
    qtbot.waitUntil(lambda: window.admin_part.pin_pad.display.text() == "●")  # the pad has them
    press_keys(PIN[1:], "Return")
    qtbot.waitUntil(lambda: window.admin_part.panel.isVisible(), timeout=10000)  # the PIN worked
    press_keys("1234", "Return")  # typed on the panel
    qtbot.wait(300)
    assert page_keys(qtbot, page) == "ab"
    window.admin_part.panel.hide()
    typed_after_cover(qtbot, window, page)


def test_escape_closes_the_pin_pad_and_the_page_never_sees_it(qtbot, make_window, sites) -> None:
    window = make_window(ADMIN)
    page = page_with_field(qtbot, window, sites)
    window.admin_part.pin_pad.open_pad()
    qtbot.waitUntil(window.admin_part.pin_pad.isVisible)
    press_keys("12", "Escape")
    qtbot.waitUntil(lambda: not window.admin_part.pin_pad.isVisible())
    assert page_keys(qtbot, page) == "ab"
    typed_after_cover(qtbot, window, page)


def test_the_alert_takeover_keeps_the_keys_from_the_page(qtbot, make_window, sites, monkeypatch) -> None:
    import datetime as dt

    from kiosk.core.hours import WARSAW
    from kiosk.system.display import DisplayPower
    from kiosk.ui.screens import schedule_part
    from kiosk.ui.screens.schedule_part import SchedulePart

    monkeypatch.setattr(schedule_part, "ALERT_NOTICE_SECONDS", 30)
    now = [dt.datetime(2099, 11, 30, 8, 0, tzinfo=WARSAW)]
    window = make_window(ALERT)
    part = SchedulePart(window, clock=lambda: now[0], display=DisplayPower("none"))
    qtbot.waitUntil(lambda: part.plan is not None)
    page = page_with_field(qtbot, window, sites)
    now[0] = dt.datetime(2099, 11, 30, 9, 0, tzinfo=WARSAW)
    part.apply()
    assert part.alert_screen.isVisible() and window.current_page() is page  # the notice first
    press_keys("secret", "Return")
    qtbot.wait(300)
    assert page_keys(qtbot, page) == "ab"
    part.alert_screen.hide()  # (in real life the session ends; here the cover goes, the page stays)
    typed_after_cover(qtbot, window, page)


def test_the_closed_screen_keeps_the_keys_from_the_page(qtbot, make_window, sites) -> None:
    window = make_window()
    page = page_with_field(qtbot, window, sites)
    closed = ClosedScreen(window, window.overlays)
    closed.present("Zapraszamy: jutro 7:30", "pl", window.config.kiosk.name)
    press_keys("xyz", "Return")
    qtbot.wait(300)
    assert page_keys(qtbot, page) == "ab"
    closed.hide()
    typed_after_cover(qtbot, window, page)


def test_the_idle_warning_keeps_the_keys_from_the_page(qtbot, make_window, sites) -> None:
    clock = Clock()
    window = make_window(monotonic=clock)
    page = page_with_field(qtbot, window, sites)
    clock.now += window.config.session.idle_seconds
    window.session.tick()
    qtbot.waitUntil(window.warning.isVisible)
    press_keys("q")  # any input continues the session; the key itself is not the page's
    qtbot.waitUntil(lambda: not window.warning.isVisible(), timeout=5000)
    qtbot.wait(300)
    assert page_keys(qtbot, page) == "ab"
    typed_after_cover(qtbot, window, page)


def test_a_page_dialog_takes_the_keys_and_gives_them_back(qtbot, make_window, sites) -> None:
    window = make_window()
    page = page_with_field(qtbot, window, sites)
    window.dialogs.alert("Komunikat strony")
    qtbot.waitUntil(window.dialogs.isVisible)
    press_keys("zz")
    qtbot.wait(300)
    assert page_keys(qtbot, page) == "ab"
    window.dialogs.hide()
    typed_after_cover(qtbot, window, page)


def test_the_blocked_page_notice_keeps_the_keys_from_the_page(qtbot, make_window, sites) -> None:
    """The native explanation of a refused page stands where the page was: typing there
    must not reach the page behind it, and Back gives the page its keys again."""
    from kiosk.web.events import LoadProblem

    window = make_window()
    page = page_with_field(qtbot, window, sites)
    run_js(qtbot, page, f"location.href = 'http://evil.example:{sites.port}/'; 1")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.BLOCKED, timeout=8000)
    press_keys("xy", "Return")
    qtbot.wait(300)
    assert page_keys(qtbot, page) == "ab"
    window.browser.message.back_button.click()
    qtbot.waitUntil(lambda: window.browser.showing_problem() is None)
    tap_element(qtbot, window, "#f")  # the visitor taps the field again, as after any Back
    typed_after_cover(qtbot, window, page)
