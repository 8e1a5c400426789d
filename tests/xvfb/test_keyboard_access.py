"""Keyboard, switch and touch access with real X input (issue 29, 1 and 3): Tab walks
every control of the home screen in reading order and Enter opens a tile; the focus ring
is on the screen; Tab never leaves a cover; with speech on, a real tap speaks and opens
nothing, a double tap opens the service.

Real key presses and taps (xdotool): focus bugs hide from Qt's simulated events."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.ui.widgets.focus import RING_INNER, RING_OUTER
from tests.support.xinput import tap_widget

pytestmark = [pytest.mark.web, pytest.mark.xvfb]


def key(*names: str) -> None:
    for name in names:
        subprocess.run(["xdotool", "key", name], check=True)


def focused(qtbot, window, tabs: int) -> list:
    seen = []
    for _ in range(tabs):
        key("Tab")
        qtbot.wait(60)
        seen.append(QApplication.focusWidget())
    return seen


def ready(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.waitUntil(lambda: window.screens_built)


def test_tab_walks_every_tile_in_reading_order_and_enter_opens_one(qtbot, window) -> None:
    ready(qtbot, window)
    home = window.home
    seen = focused(qtbot, window, 30)
    header = [home.text_size_button, home.contrast_button, home.speech_button]
    assert seen[: len(header)] == header  # the header's controls first, in reading order
    tiles_seen = [widget for widget in seen if widget in home.tiles]
    assert tiles_seen[: len(home.tiles)] == home.tiles  # every tile, in order
    assert home.footer.reach_button in seen
    # back to the second tile and open it with Enter
    while QApplication.focusWidget() is not home.tiles[1]:
        key("Tab")
        qtbot.wait(40)
    key("Return")
    qtbot.waitUntil(lambda: not window.is_home(), timeout=5000)
    assert window.navigator.service.id == home.tiles[1].service.id


def ring_colours(window, widget) -> set[str]:
    """The colours of the pixels just inside ``widget``'s left edge, as the screen shows them."""
    screen = QGuiApplication.primaryScreen().grabWindow(0)
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    ratio = screen.devicePixelRatio()
    image = screen.toImage()
    y = int((top_left.y() + widget.height() // 2) * ratio)
    return {QColor(image.pixel(int((top_left.x() + dx) * ratio), y)).name() for dx in range(0, 8)}


@pytest.mark.parametrize("high_contrast", [False, True], ids=["county", "high contrast"])
def test_the_focus_ring_is_on_the_screen(qtbot, window, high_contrast: bool, tmp_path) -> None:
    ready(qtbot, window)
    window.choose(window.choices.with_high_contrast(high_contrast))
    tile = window.home.tiles[0]
    assert RING_OUTER not in ring_colours(window, tile) or high_contrast  # no ring before any key
    while QApplication.focusWidget() is not tile:
        key("Tab")
        qtbot.wait(40)
    qtbot.wait(100)
    colours = ring_colours(window, tile)
    assert RING_OUTER in colours and RING_INNER in colours, colours
    key("Tab")
    qtbot.wait(100)
    assert RING_INNER not in ring_colours(window, tile)  # it moved on with the focus


def test_tab_never_leaves_a_cover(qtbot, window) -> None:
    ready(qtbot, window)
    window.warning.present(lambda: 30, window.language)
    qtbot.waitUntil(window.warning.isVisible)
    seen = focused(qtbot, window, 6)
    assert all(widget is window.warning or window.warning.isAncestorOf(widget) for widget in seen), seen
    assert window.warning.button in seen  # positive control: Tab does reach its button
    key("Escape")  # no way back from a warning but "continue": Escape changes nothing there
    qtbot.wait(100)


def test_with_speech_a_tap_speaks_and_a_double_tap_opens(qtbot, window) -> None:
    ready(qtbot, window)
    window.access.speaker.engine_name = "mock"  # Qt's silent engine; the audible test is a system test
    window.choose(window.choices.with_speech(True))
    qtbot.wait(300)  # the speech controls joined the header: the tiles moved down
    tile = window.home.tiles[0]
    tap_widget(tile)
    qtbot.waitUntil(lambda: tile.accessibleName() in " ".join(window.access.speaker.said))
    qtbot.wait(300)
    assert window.is_home()  # a single tap only spoke
    point = tile.mapToGlobal(tile.rect().center())
    subprocess.run(
        ["xdotool", "mousemove", str(point.x()), str(point.y()), "click", "--repeat", "2", "--delay", "120", "1"],
        check=True,
    )
    qtbot.waitUntil(lambda: not window.is_home(), timeout=5000)
    assert window.navigator.service.id == tile.service.id


def test_without_speech_a_tap_opens_at_once(qtbot, window) -> None:
    ready(qtbot, window)
    tap_widget(window.home.tiles[0])
    qtbot.waitUntil(lambda: not window.is_home(), timeout=5000)
    assert list(window.access.speaker.said) == []
