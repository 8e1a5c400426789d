"""Admin mode: hidden gesture → PIN pad → panel with diagnostics and actions."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.core import technician
from kiosk.core.pin_hash import MIN_ITERATIONS, hash_pin
from kiosk.ui.admin.part import AdminSources
from tests.support.web import ALLOWED, wait_for_url

pytestmark = pytest.mark.web

PIN = "2580"
PIN_HASH = hash_pin(PIN, iterations=MIN_ITERATIONS)
ADMIN = f'[admin]\npin_hash = "{PIN_HASH}"\nclose_after_seconds = 10\n'


@pytest.fixture(autouse=True)
def polish_technician():
    """These look for the panel's Polish texts: the technician's language is Polish (LANG=pl_PL…)."""
    technician.set_language("pl")  # English again after each test: tests/conftest.py


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def corner_taps(qtbot, window, count: int = 5, at: QPoint | None = None) -> None:
    """Real mouse presses through the window's QWindow (where the kiosk watches input)."""
    at = at or QPoint(10, 10)
    for _ in range(count):
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        qtbot.wait(90)


def type_pin(qtbot, window, pin: str) -> None:
    """Type and press OK; the hash is checked in a worker, so wait for its verdict."""
    for digit in pin:
        window.admin_part.pin_pad.buttons[digit].click()
    window.admin_part.pin_pad.buttons["OK"].click()
    qtbot.waitUntil(lambda: not window.admin_part.pin_pad.checking, timeout=10000)


def test_no_pin_configured_means_no_admin_mode(qtbot, window) -> None:
    corner_taps(qtbot, window)
    assert not window.admin_part.pin_pad.isVisible()


def test_gesture_opens_the_pin_pad_only_in_the_corner(qtbot, make_window) -> None:
    window = make_window(ADMIN)
    corner_taps(qtbot, window, at=QPoint(600, 400))
    assert not window.admin_part.pin_pad.isVisible()
    corner_taps(qtbot, window)
    assert window.admin_part.pin_pad.isVisible()
    assert all(b.height() >= 44 and b.width() >= 44 for b in window.admin_part.pin_pad.buttons.values())
    window.admin_part.pin_pad.cancel.click()
    assert not window.admin_part.pin_pad.isVisible() and not window.admin_part.panel.isVisible()


def test_wrong_pins_are_rate_limited_and_logged(qtbot, caplog) -> None:
    from kiosk.ui.window.window import KioskWindow
    from tests.support.web import demo_config

    clock = Clock()
    window = KioskWindow(demo_config(1, ADMIN), monotonic=clock)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    window.admin_part.pin_pad.open_pad()
    for _ in range(3):
        type_pin(qtbot, window, "0000")
    assert "Zablokowano na 30 s" in window.admin_part.pin_pad.message.text()
    type_pin(qtbot, window, PIN)  # even the right PIN waits out the lockout
    assert not window.admin_part.panel.isVisible() and "Spróbuj za 30 s" in window.admin_part.pin_pad.message.text()
    clock.now += 31
    type_pin(qtbot, window, PIN)
    assert window.admin_part.panel.isVisible() and not window.admin_part.pin_pad.isVisible()
    messages = [r.getMessage() for r in caplog.records if r.name == "kiosk.admin"]
    assert sum("wrong admin PIN" in m for m in messages) == 3
    assert not any(PIN in m or "0000" in m for m in messages)  # PINs are never logged
    window.shutdown()


def test_panel_shows_diagnostics_and_acts(qtbot, make_window, sites, monkeypatch) -> None:
    window = make_window(ADMIN + "allow_exit = false\n", sources=AdminSources(hook_state=lambda: "not active: test"))
    window.admin_part.pin_pad.open_pad()
    type_pin(qtbot, window, PIN)
    assert window.admin_part.panel.isVisible()
    grid = window.admin_part.panel.grid
    shown = {
        grid.itemAtPosition(row, 0).widget().text(): grid.itemAtPosition(row, 1).widget().text()
        for row in range(grid.rowCount())
        if grid.itemAtPosition(row, 0) is not None
    }
    assert shown["Blokada klawiszy systemu"] == "not active: test"
    assert "config_version 1" in shown["Konfiguracja"]
    keys = ("Procesor", "Pamięć kiosku (PSS)", "Wolne miejsce na dysku", "Czas pracy kiosku")
    keys += ("Sesje dziś / w miesiącu / razem",)
    for key in keys:
        assert shown[key], key
    assert not window.admin_part.panel.exit_button.isVisible()  # not allowed by this config

    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: codes.append(code)))
    window.admin_part.panel.restart_button.click()
    qtbot.waitUntil(lambda: codes == [75])  # the supervisor restarts without back-off
    window.admin_part.panel.exit_requested.emit()
    qtbot.wait(50)
    assert codes == [75]  # exit refused when the config does not allow it

    sites.route(ALLOWED, "/", "<p>usługa</p>")
    service_buttons = [
        window.admin_part.panel.services_row.itemAt(i).widget()
        for i in range(window.admin_part.panel.services_row.count())
        if window.admin_part.panel.services_row.itemAt(i).widget() is not None
    ]
    assert [b.text() for b in service_buttons] == ["ePUAP", "Starostwo", "Secure context"]
    service_buttons[0].click()
    assert not window.admin_part.panel.isVisible()
    wait_for_url(qtbot, window.current_page(), ALLOWED)


def test_panel_closes_itself_when_left(qtbot, make_window) -> None:
    window = make_window(ADMIN)
    window.admin_part.panel._idle.setInterval(300)
    window.admin_part.open_panel()
    assert window.admin_part.panel.isVisible()
    qtbot.waitUntil(lambda: not window.admin_part.panel.isVisible(), timeout=3000)


def test_wipe_closes_admin_screens(qtbot, make_window) -> None:
    window = make_window(ADMIN)
    window.admin_part.open_panel()
    window.end_session("idle")
    assert not window.admin_part.panel.isVisible() and not window.admin_part.pin_pad.isVisible()


def test_pin_is_checked_off_the_ui_thread_and_closing_does_not_reset_guessing(qtbot, make_window) -> None:
    window = make_window(ADMIN)
    pad = window.admin_part.pin_pad
    for _ in range(3):
        pad.open_pad()
        for digit in "9999":
            pad.buttons[digit].click()
        pad.buttons["OK"].click()
        assert pad.checking and not pad.buttons["OK"].isEnabled()  # the click returned at once
        pad.press("1")  # keys are ignored while checking
        pad.close_pad()  # a guesser walks away before the verdict …
        qtbot.waitUntil(lambda: not pad.checking, timeout=10000)
    assert pad.limiter.failures == 3 and pad.limiter.seconds_locked(time.monotonic()) > 0  # … it still counts
    assert not window.admin_part.panel.isVisible()


def test_a_restart_does_not_hand_out_fresh_pin_attempts(qtbot, tmp_path, caplog) -> None:
    """A visitor who could get the kiosk restarted (crash loop, memory limit) must not get
    three new guesses: the attempt record lives in the state folder, not in the window."""
    from kiosk.ui.window.window import KioskWindow
    from tests.support.web import demo_config

    def kiosk() -> KioskWindow:
        window = KioskWindow(demo_config(1, ADMIN), state_dir=tmp_path)
        qtbot.addWidget(window)
        window.resize(1280, 900)
        window.show()
        window.admin_part.pin_pad.open_pad()
        return window

    first = kiosk()
    for _ in range(3):
        type_pin(qtbot, first, "0000")
    assert "Zablokowano na 30 s" in first.admin_part.pin_pad.message.text()
    first.shutdown()
    second = kiosk()  # a restart: a new window, a new process would read the same file
    assert "Spróbuj za" in second.admin_part.pin_pad.message.text()  # said when the pad opens
    type_pin(qtbot, second, PIN)
    assert not second.admin_part.panel.isVisible() and "Spróbuj za" in second.admin_part.pin_pad.message.text()
    assert second.admin_part.pin_pad.limiter.failures == 3
    second.shutdown()
