"""Low reach and speech on the real window (issue 29, 3 and 4): with low reach every
control's centre lies in the reachable band, at 1920×1080 and 1080×1920; with speech on
(Qt's silent "mock" engine: the audible test is tests/system/test_speech_heard.py) the
idle warning, its countdown, a focused control and the wipe are said; speech off says
nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.config.loader import parse_config
from kiosk.core.reach import reach_band
from kiosk.ui.window.window import KioskWindow
from tests.support.web import demo_config_text

pytestmark = pytest.mark.web


def controls_of(window, screen: QWidget) -> list[QAbstractButton]:
    return [button for button in screen.findChildren(QAbstractButton) if button.isVisibleTo(window)]


def centre_y(window, widget: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, widget.height() // 2)).y()


def outside_band(window, screen: QWidget, mounting: tuple[int, int] = (0, 0)) -> list[str]:
    band = reach_band(window.height(), *mounting)
    viewport = window.home.scroll.viewport()
    outside = []
    for button in controls_of(window, screen):
        if viewport.isAncestorOf(button) and button.visibleRegion().isEmpty():
            continue  # scrolled out of sight: not on the screen now
        if not band.holds(centre_y(window, button)):
            outside.append(f"{button.text() or button.accessibleName()}@{centre_y(window, button)}")
    return outside


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_low_reach_puts_every_control_in_the_band(qtbot, make_window, size, scale) -> None:
    window = make_window()
    window.resize(*size)
    window.choose(window.choices.with_text_scale(scale))
    qtbot.wait(200)
    assert outside_band(window, window.home)  # positive control: the header's controls are up there
    window.choose(window.choices.with_low_reach(True))
    # the header's controls show again in the foot a turn of the event loop later (Qt's layout)
    qtbot.waitUntil(lambda: len(controls_of(window, window.home)) >= 9, timeout=3000)
    assert outside_band(window, window.home) == []
    window.warning.present(lambda: 30, window.language)  # a cover's card and button: in the band too
    qtbot.wait(100)
    assert outside_band(window, window.warning) == []
    window.warning.hide()
    assert window.open("epuap")
    qtbot.wait(200)
    assert outside_band(window, window.browser.bar) == []  # Back, Home, End session at the foot


def test_low_reach_follows_the_mounting(qtbot, sites) -> None:
    # A 32-inch portrait screen 710 mm tall whose lower edge is 700 mm above the floor:
    # the band is the lower ~73 %, not the lower half.
    text = demo_config_text(sites.port).replace(
        "[kiosk]\n", "[kiosk]\nscreen_bottom_mm = 700\nscreen_height_mm = 710\n", 1
    )
    window = KioskWindow(parse_config(text))
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    qtbot.waitUntil(lambda: window.screens_built)
    try:
        window.choose(window.choices.with_low_reach(True))
        qtbot.wait(200)
        band = reach_band(1920, 700, 710)
        assert band.top < 960
        assert outside_band(window, window.home, (700, 710)) == []
        tiles_top = min(centre_y(window, tile) for tile in window.home.tiles)
        assert tiles_top < 960  # the tiles use the whole band, not only the lower half
    finally:
        window.shutdown()


def test_the_low_reach_switch_is_itself_in_the_band_and_resets_with_the_wipe(qtbot, make_window) -> None:
    window = make_window()
    window.resize(1080, 1920)
    qtbot.wait(200)
    switch = window.home.footer.reach_button
    assert switch.isVisibleTo(window) and reach_band(1920).holds(centre_y(window, switch))
    switch.click()
    assert window.choices.low_reach and switch.isChecked()
    window.end_session("visitor")
    assert not window.choices.low_reach and not switch.isChecked()


def speech_on(qtbot, window) -> None:
    window.access.speaker.engine_name = "mock"
    window.choose(window.choices.with_speech(True))
    qtbot.waitUntil(lambda: len(window.access.speaker.said) > 0)


def test_speech_says_the_warning_its_countdown_a_focused_control_and_the_wipe(qtbot, make_window) -> None:
    window = make_window()
    speech_on(qtbot, window)
    said = window.access.speaker.said
    window.home.tiles[1].setFocus()
    qtbot.waitUntil(lambda: window.home.tiles[1].accessibleName() in said[-1])
    assert "przycisk" in said[-1]
    window.warning.present(lambda: 30, window.language)
    qtbot.waitUntil(lambda: "30" in said[-1] and window.warning.title.text() in said[-1])
    window.warning._seconds_left = lambda: 5
    window.warning._tick()
    assert said[-1] == "5"
    window.warning.hide()
    window.end_session("idle")
    qtbot.waitUntil(lambda: window.wiped.isVisible())
    assert window.wiped.title.text() in said[-1]  # the one who listened hears that it ended
    assert not window.choices.speech  # and the next visitor starts without speech


def test_speech_off_says_nothing(qtbot, make_window) -> None:
    window = make_window()
    window.home.tiles[1].setFocus()
    window.warning.present(lambda: 30, window.language)
    qtbot.wait(200)
    assert list(window.access.speaker.said) == []
    assert window.access.speaker._tts is None  # no engine was even made


def test_speech_repeat_slower_and_louder(qtbot, make_window) -> None:
    window = make_window()
    speech_on(qtbot, window)
    speaker = window.access.speaker
    before = len(speaker.said)
    window.home.speech_controls[0].click()  # "Powtórz"
    assert len(speaker.said) == before + 1 and speaker.said[-1] == speaker.said[-2]
    window.home.speech_controls[1].click()  # "Wolniej"
    assert speaker.rate < 0
    window.home.speech_controls[4].click()  # "Głośniej"
    assert speaker.volume > 0.8


FORM = (
    "<!doctype html><title>Formularz</title><main><h1>Wniosek</h1><p>Wpisz numer i hasło.</p>"
    "<label for=pesel>Numer PESEL</label><input id=pesel value=90010112345>"
    "<label for=secret>Hasło</label><input id=secret type=password value=tajne123></main>"
)


def test_speech_says_a_page_field_by_its_label_never_its_value_and_reads_the_page(qtbot, make_window, sites) -> None:
    from tests.support.web import ALLOWED, run_js, wait_loaded

    window = make_window()
    speech_on(qtbot, window)
    sites.route(ALLOWED, "/form", FORM)
    assert window.open(sites.url(ALLOWED, "/form"))
    page = window.current_page()
    wait_loaded(qtbot, page)
    said = window.access.speaker.said
    window.browser.view.setFocus()
    for field, label, kind in (("pesel", "Numer PESEL", "pole tekstowe"), ("secret", "Hasło", "pole hasła")):
        for _ in range(20):  # right after a load the page may not take the focus yet
            run_js(qtbot, page, f"document.getElementById('{field}').focus()")
            window.access._field_timer.start()  # what a Tab or a tap in the page starts
            qtbot.wait(250)
            if said[-1].startswith(label):
                break
        assert said[-1] == f"{label}, {kind}"
    assert not any("90010112345" in text or "tajne123" in text for text in said)  # never a value
    window.browser.read_button.click()
    qtbot.waitUntil(lambda: said[-1].startswith("Wniosek Wpisz numer i hasło."))
    assert "90010112345" not in said[-1]
