"""Issue 29, 5: the closed screen has the home header's text size, contrast and language
controls; pressed there, the window's choice changes and the closed screen shows it at once."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from kiosk.core.hours import WARSAW
from kiosk.system.display import DisplayPower
from kiosk.ui.screens.schedule_part import SchedulePart

HOURS = '[schedule.hours]\nmon = "7:30-15:30"\ntue = "7:30-15:30"\n'
EVENING = dt.datetime(2026, 11, 30, 16, 0, tzinfo=WARSAW)  # Monday, closed


@pytest.fixture
def part(qtbot, make_window):
    window = make_window(HOURS)
    part = SchedulePart(window, clock=lambda: EVENING, display=DisplayPower("none"))
    part._timer.stop()  # no schedule tick may do the work of the choice itself
    qtbot.waitUntil(lambda: part.closed_screen.isVisible())
    return part


def press(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)


def test_the_controls_are_buttons_a_visitor_can_reach(part) -> None:
    closed = part.closed_screen
    buttons = [closed.text_size_button, closed.contrast_button, *closed.language_buttons.values()]
    for button in buttons:
        assert isinstance(button, QPushButton)
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.text()
        assert button.height() >= 64, (button.text(), button.height())
        assert button.accessibleName(), button.text()
    assert closed.text_size_button.accessibleName() == "Tekst: 100 %"
    assert closed.contrast_button.accessibleName() == "Kontrast"


def test_text_size_on_the_closed_screen_grows_the_window_text(qtbot, part) -> None:
    window, closed = part.window, part.closed_screen
    before = closed.title.fontInfo().pixelSize()
    press(qtbot, closed.text_size_button)
    assert window.choices.text_scale == 1.5
    assert window.home.text_scale == 1.5  # the same choice as the home header's button
    assert closed.text_size_button.text() == "Tekst: 150 %"
    assert closed.title.fontInfo().pixelSize() > before
    press(qtbot, closed.text_size_button)
    assert window.choices.text_scale == 2.0 and closed.text_size_button.text() == "Tekst: 200 %"
    assert closed.isVisible()  # a choice is no visitor's session: still closed


def test_contrast_on_the_closed_screen_switches_the_theme(qtbot, part) -> None:
    window, closed = part.window, part.closed_screen
    corner = closed.grab().toImage().pixelColor(5, 5)
    assert corner != QColor("#000000")
    press(qtbot, closed.contrast_button)
    assert window.choices.high_contrast and closed.contrast_button.isChecked()
    assert closed.grab().toImage().pixelColor(5, 5) == QColor("#000000")  # high contrast: black
    press(qtbot, closed.contrast_button)
    assert not window.choices.high_contrast and not closed.contrast_button.isChecked()
    assert closed.grab().toImage().pixelColor(5, 5) == corner


def test_a_language_on_the_closed_screen_speaks_everywhere_at_once(qtbot, part) -> None:
    window, closed = part.window, part.closed_screen
    press(qtbot, closed.language_buttons["uk"])
    assert window.language == "uk"
    assert closed.title.text() == "Установа зараз зачинена"
    assert closed.text_size_button.text() == "Текст: 100 %"
    assert closed.contrast_button.accessibleName() == "Контраст"
    assert closed.language_buttons["uk"].isChecked() and not closed.language_buttons["pl"].isChecked()
    assert window.home.language_buttons["uk"].isChecked()  # home follows the same choice


@pytest.mark.parametrize(("size", "language"), [((1080, 1920), "uk"), ((1920, 1080), "pl"), ((1280, 900), "uk")])
def test_at_200_percent_no_button_is_squeezed(qtbot, part, size, language) -> None:
    """In portrait the five buttons are wider than the card at 200 %: the languages go below."""
    window, closed = part.window, part.closed_screen
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    for button in (closed.language_buttons[language], closed.text_size_button, closed.text_size_button):
        press(qtbot, button)  # the visitor's language, then 100 → 150 → 200 %
    assert window.choices.text_scale == 2.0
    qtbot.wait(100)
    buttons = [closed.text_size_button, closed.contrast_button, *closed.language_buttons.values()]
    squeezed = [(b.text(), b.width(), b.sizeHint().width()) for b in buttons if b.width() < b.sizeHint().width()]
    assert squeezed == []
    card = closed.card.geometry()
    assert all(card.contains(b.mapTo(closed, b.rect().bottomRight())) for b in buttons)
