"""Issue 30, 4: the "Pomoc" control. With ``[help] enabled`` a button on the home foot, the
e-service bar, the closed screen and an alert (none without it); a press sets
``infomat_help_requested`` to 1, tells the visitor on screen and aloud (once asked for,
a second press tells them again and makes no second request), and the request ends with
the session (the wipe, or a quiet leave) or when a technician clears it in the panel."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from kiosk.core.help_request import HelpRequest
from kiosk.core.hours import WARSAW
from kiosk.metrics.registry import KioskMetrics
from kiosk.system.display import DisplayPower
from kiosk.ui.screens.schedule_part import SchedulePart
from kiosk.ui.widgets.focus import KEY_FOCUS
from kiosk.ui.window.monitoring import watch_window

HELP = "[help]\nenabled = true\n"
HOURS = '[schedule.hours]\nmon = "7:30-15:30"\ntue = "7:30-15:30"\n'
EVENING = dt.datetime(2026, 11, 30, 16, 0, tzinfo=WARSAW)  # Monday, closed
ALERT = '[[alerts]]\nid = "rcb-1"\nseverity = "severe"\nheadline = "Powódź"\nexpires = 2099-01-01T00:00:00\n'


def value(metrics: KioskMetrics, name: str) -> float:
    found = metrics.registry.get_sample_value(name)
    assert found is not None, name
    return found


def help_buttons(window) -> list[QPushButton]:
    return [window.home.footer.help_button, window.browser.help_button]


def press(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(20)


def assert_a_visitor_control(button: QPushButton, name: str) -> None:
    assert isinstance(button, QPushButton)
    assert button.focusPolicy() == KEY_FOCUS
    assert button.accessibleName() == name == button.text()
    assert button.height() >= 44 and button.width() >= 44, button.size()
    assert not button.icon().isNull()


@pytest.fixture
def helped(make_window):
    window = make_window(HELP)
    metrics = KioskMetrics()
    watch_window(window, metrics)
    said: list[str] = []
    window.access.say = said.append  # speaks only when the visitor turned speech on: recorded here
    return window, metrics, said


def test_no_pomoc_anywhere_without_the_config(qtbot, make_window) -> None:
    window = make_window(HOURS + ALERT)
    part = SchedulePart(window, clock=lambda: EVENING, display=DisplayPower("none"))
    part._timer.stop()
    qtbot.waitUntil(lambda: part.alert_screen.isVisible())
    qtbot.wait(20)
    for button in (*help_buttons(window), part.closed_screen.help_button, part.alert_screen.help_button):
        assert button.isHidden()
    assert window.later_screens().help.buttons == []
    window.later_screens().help.press()  # nothing on screen calls it; if anything did, it would still count
    assert window.later_screens().help.model.requested


def test_pomoc_on_home_and_browser_named_in_the_visitors_language(qtbot, helped) -> None:
    window, _metrics, _said = helped
    home, bar = help_buttons(window)
    assert home.isVisible()  # on the home screen, in the foot bar with "Obniż ekran"
    assert home.parentWidget() is window.home.footer
    assert home.mapTo(window, home.rect().center()).y() > window.height() * 0.8  # at the bottom, within reach
    assert bar.isVisibleTo(window.browser) and bar.parentWidget() is window.browser.bar
    for button in (home, bar):
        assert_a_visitor_control(button, "Pomoc")
    for code, name in (("en", "Help"), ("uk", "Допомога"), ("pl", "Pomoc")):
        window.choose(window.choices.with_language(code))
        assert home.accessibleName() == bar.accessibleName() == home.text() == name
    assert window.home.footer.reach_button.y() == home.y()  # one row: the foot bar does not grow


def test_a_press_calls_staff_once_and_tells_the_visitor_each_time(qtbot, helped) -> None:
    window, metrics, said = helped
    assert value(metrics, "infomat_help_requested") == 0  # positive control below
    press(qtbot, window.home.footer.help_button)
    assert value(metrics, "infomat_help_requested") == 1
    assert value(metrics, "infomat_help_requests_total") == 1
    assert window.toast.isVisible() and window.toast.text() == "Pracownik został powiadomiony"
    assert said == ["Pracownik został powiadomiony"]
    window.toast.dismiss()
    window.choose(window.choices.with_language("uk"))
    press(qtbot, window.home.footer.help_button)  # again, while the request waits
    assert value(metrics, "infomat_help_requests_total") == 1  # no second request
    assert window.toast.isVisible() and window.toast.text() == "Працівника повідомлено"
    assert said[-1] == "Працівника повідомлено"
    window.choose(window.choices.with_language("en"))
    assert window.open("epuap")
    press(qtbot, window.browser.help_button)
    assert said[-1] == window.toast.text() == "A staff member has been notified"
    assert value(metrics, "infomat_help_requested") == 1


def test_the_session_end_clears_the_request(qtbot, helped) -> None:
    window, metrics, _said = helped
    part = window.later_screens().help
    assert window.open("epuap")
    press(qtbot, window.browser.help_button)
    assert value(metrics, "infomat_help_requested") == 1 and part.model.requested
    window.end_session("visitor")
    assert value(metrics, "infomat_help_requested") == 0 and not part.model.requested
    assert part.model.cleared_by == "session"
    press(qtbot, window.home.footer.help_button)  # the next visitor's press is a new request
    assert value(metrics, "infomat_help_requests_total") == 2
    window.session.reset_home.emit()  # a visitor who only pressed Pomoc and left (the quiet idle path)
    assert value(metrics, "infomat_help_requested") == 0


def test_a_technician_sees_the_request_and_clears_it(qtbot, helped) -> None:
    window, metrics, _said = helped
    part = window.later_screens().help
    part.clock = lambda: dt.datetime(2026, 3, 2, 10, 7)
    admin = window.admin_part
    admin.open_panel()
    assert admin.panel.help_row.isHidden()  # nothing asked for yet
    admin.panel.hide()
    press(qtbot, window.home.footer.help_button)
    admin.open_panel()
    panel = admin.panel
    assert panel.help_row.isVisible() and panel.help_label.text() == "Help called at 10:07"
    QTest.mouseClick(panel.clear_help_button, Qt.MouseButton.LeftButton)
    assert value(metrics, "infomat_help_requested") == 0 and part.model.cleared_by == "technician"
    assert panel.help_row.isHidden() and "is cleared" in panel.message.text()
    assert value(metrics, "infomat_help_requests_total") == 1


def test_pomoc_on_the_closed_screen(qtbot, make_window) -> None:
    window = make_window(HELP + HOURS)
    metrics = KioskMetrics()
    watch_window(window, metrics)
    part = SchedulePart(window, clock=lambda: EVENING, display=DisplayPower("none"))  # after the help part
    part._timer.stop()
    qtbot.waitUntil(lambda: part.closed_screen.isVisible())
    button = part.closed_screen.help_button
    qtbot.waitUntil(button.isVisible)
    assert_a_visitor_control(button, "Pomoc")
    press(qtbot, button)
    assert value(metrics, "infomat_help_requested") == 1
    assert window.toast.isVisible() and window.toast.text() == "Pracownik został powiadomiony"
    part._choose_language("en")
    assert button.accessibleName() == "Help"


def test_pomoc_on_an_alert(qtbot, make_window) -> None:
    window = make_window(HELP + ALERT)
    part = SchedulePart(window, clock=lambda: EVENING, display=DisplayPower("none"))
    part._timer.stop()
    qtbot.waitUntil(lambda: part.alert_screen.isVisible())
    button = part.alert_screen.help_button
    qtbot.waitUntil(button.isVisible)
    assert_a_visitor_control(button, "Pomoc")
    press(qtbot, button)
    assert window.later_screens().help.model.requested


def test_the_request_model() -> None:
    model = HelpRequest()
    at = dt.datetime(2026, 3, 2, 9, 5)
    assert not model.requested and model.time_text() == "" and not model.clear("technician")
    assert model.request(at) and model.requested_at == at and model.time_text() == "09:05"
    assert not model.request(at + dt.timedelta(minutes=1))  # one request while one waits
    assert model.requested_at == at
    assert model.clear("session") and model.cleared_by == "session" and not model.requested


FORMS = '[[content.forms]]\ntitle = "Wniosek"\nfile = "{pdf}"\n'


@pytest.mark.parametrize("enabled", [True, False])
def test_the_county_forms_screen_carries_pomoc_too(qtbot, make_window, enabled: bool) -> None:
    from kiosk.paths import app_root

    pdf = app_root() / "tests" / "data" / "sample.pdf"
    window = make_window((HELP if enabled else "") + FORMS.format(pdf=pdf))
    screen = window.later_screens().forms.screen
    window.stack.setCurrentWidget(screen)
    qtbot.wait(50)
    assert screen.help_button.isVisibleTo(window) is enabled
    if enabled:
        assert_a_visitor_control(screen.help_button, "Pomoc")
        press(qtbot, screen.help_button)
        assert window.later_screens().help.requested_at is not None



def test_no_pomoc_button_is_ever_a_window_of_its_own(qtbot, make_window) -> None:
    """A screen's "Pomoc" may be offered before the screen places it (the e-service bar
    lays its buttons out later); shown then, it was a window of its own in the screen's
    corner (seen under Xvfb at every start)."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from kiosk.ui.widgets.help_button import help_button

    window = make_window(HELP)
    button = help_button("ChromeButton", 30)
    window.later_screens().help.offer(button)
    assert not button.isVisible()
    screen = QWidget(window)
    QVBoxLayout(screen).addWidget(button)  # placed: now it shows, inside the window
    screen.show()
    qtbot.waitUntil(button.isVisible)
    assert button.window() is window
