"""Issue 29, 5: the on-screen keyboard shows that the Polish letters exist, and a sentence in
a web form's text area starts with a capital (never in a password or a one-line field),
with real taps under Xvfb."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Q_RETURN_ARG, QMetaObject

from tests.support.web import ALLOWED, run_js, wait_for_url, wait_loaded
from tests.support.xinput import _items, keyboard_keys, tap_element, tap_key

pytestmark = [pytest.mark.web, pytest.mark.xvfb]

FORM = (
    "<input id=text style='width:400px;height:60px'>"
    "<input id=secret type=password style='width:400px;height:60px'>"
    "<textarea id=letter style='width:400px;height:120px'></textarea>"
)
POLISH = {"a": "ą", "c": "ć", "e": "ę", "l": "ł", "n": "ń", "o": "ó", "s": "ś", "z": "żź"}


def open_form(qtbot, window, sites, field: str):
    window.activateWindow()
    sites.route(ALLOWED, "/form", FORM)
    assert window.open(sites.url(ALLOWED, "/form"))
    page = window.current_page()
    wait_for_url(qtbot, page, "/form")
    wait_loaded(qtbot, page)
    tap_element(qtbot, window, f"#{field}")
    qtbot.waitUntil(window.keyboard.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: bool(keyboard_keys(window)), timeout=5000)
    return page


def shift_active(window) -> bool:
    return bool(QMetaObject.invokeMethod(window.keyboard.quick.rootObject(), "shiftActive", Q_RETURN_ARG("QVariant")))


def field_value(qtbot, page, field: str) -> str:
    return run_js(qtbot, page, f"document.getElementById('{field}').value")


def type_keys(qtbot, window, page, field: str, keys: list[str], expected: str) -> None:
    for key in keys:
        tap_key(window, key)
        qtbot.wait(60)
    qtbot.waitUntil(lambda: field_value(qtbot, page, field) == expected, timeout=5000)


def corner_hints(window) -> dict[str, str]:
    """Each letter key's corner text, where the keyboard shows one."""
    return {
        str(item.property("text")): str(item.property("smallText"))
        for item in _items(window.keyboard.quick.rootObject())
        if "Key_QMLTYPE" in item.metaObject().className()
        and item.isVisible()
        and item.property("smallTextVisible")
        and len(str(item.property("text") or "")) == 1
        and str(item.property("text")).isalpha()
    }


def shoot(window, name: str) -> None:
    """SCREENSHOT_DIR=... keeps a picture of the keyboard to look at."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        window.keyboard.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_keys_with_polish_letters_show_them(qtbot, make_window, sites) -> None:
    window = make_window()
    open_form(qtbot, window, sites, "text")
    assert window.keyboard.layout() == "pl_PL"
    qtbot.waitUntil(lambda: corner_hints(window) == POLISH, timeout=3000)  # x shows nothing: ź is on z
    shoot(window, "keyboard-pl")


def test_the_polish_hints_do_not_follow_into_another_layout(qtbot, make_window, sites) -> None:
    window = make_window()
    open_form(qtbot, window, sites, "text")
    window.keyboard.set_language("uk")
    qtbot.waitUntil(lambda: window.keyboard.layout() == "uk_UA", timeout=5000)
    qtbot.wait(200)
    assert not set(corner_hints(window).values()) & set(POLISH.values())  # Qt's own hints only (я: ₴)
    window.keyboard.set_language("pl")  # and back: the hints again
    qtbot.waitUntil(lambda: corner_hints(window) == POLISH, timeout=3000)


def test_a_sentence_in_a_text_area_starts_with_a_capital(qtbot, make_window, sites) -> None:
    window = make_window()
    page = open_form(qtbot, window, sites, "letter")
    qtbot.waitUntil(lambda: shift_active(window), timeout=3000)
    shoot(window, "keyboard-pl-capital")
    type_keys(qtbot, window, page, "letter", ["d", "z"], "Dz")
    assert not shift_active(window)  # one capital, then lower case
    type_keys(qtbot, window, page, "letter", [".", " "], "Dz. ")
    qtbot.waitUntil(lambda: shift_active(window), timeout=3000)  # a new sentence
    type_keys(qtbot, window, page, "letter", ["a", "b"], "Dz. Ab")


@pytest.mark.parametrize("field", ["secret", "text"])
def test_a_password_or_a_one_line_field_gets_no_capital_it_was_not_typed(qtbot, make_window, sites, field) -> None:
    window = make_window()
    page = open_form(qtbot, window, sites, field)
    qtbot.wait(300)
    assert not shift_active(window)
    type_keys(qtbot, window, page, field, ["a", "b"], "ab")
