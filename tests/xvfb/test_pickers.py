"""Colour, date and time pickers with real taps (issue 14, class 6).

QtWebEngine's widgets open a window-modal QColorDialog for ``<input type=color>``. The
dialog guard keeps it off the screen; before it also dropped its modality, Qt kept the
kiosk window blocked after the dialog was gone and no real tap reached the page again
(QTest events, sent straight to a widget, did: only real X input shows it).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.support.web import ALLOWED, run_js, wait_for_url, wait_loaded
from tests.support.xinput import tap_element, tap_widget

pytestmark = [pytest.mark.web, pytest.mark.xvfb]

COUNTER = """<button id=b style='width:300px;height:90px'
  onclick='window.taps = (window.taps || 0) + 1'>+1</button>"""


def open_form(qtbot, window, sites, html: str):
    window.activateWindow()
    sites.route(ALLOWED, "/form", html + COUNTER)
    assert window.open(sites.url(ALLOWED, "/form"))
    page = window.current_page()
    wait_for_url(qtbot, page, "/form")
    wait_loaded(qtbot, page)
    tap_element(qtbot, window, "#b")
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.taps") == 1, timeout=5000)  # real taps arrive
    return page


def test_the_page_takes_taps_after_a_colour_picker(qtbot, window, sites) -> None:
    page = open_form(qtbot, window, sites, "<input id=c type=color style='width:300px;height:90px'>")
    tap_element(qtbot, window, "#c")
    qtbot.waitUntil(lambda: window.dialog_guard.rejected == 1, timeout=5000)  # QtWebEngine asked for a dialog
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
    tap_element(qtbot, window, "#b")
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.taps") == 2, timeout=5000)


@pytest.mark.parametrize("kind", ["date", "time", "datetime-local"])
def test_date_and_time_pickers_stay_in_the_window_and_go_with_the_wipe(qtbot, window, sites, kind) -> None:
    open_form(
        qtbot,
        window,
        sites,
        f"<input id=c type={kind}><button id=p style='width:300px;height:90px' onclick='c.showPicker()'>…</button>",
    )
    tap_element(qtbot, window, "#p")

    def popups() -> list:
        return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]

    qtbot.waitUntil(lambda: len(popups()) == 1, timeout=5000)  # Chromium's own picker, no native dialog
    picker = popups()[0].geometry()
    assert window.geometry().contains(picker)
    window.end_session("idle")
    qtbot.waitUntil(lambda: popups() == [], timeout=5000)
    assert window.is_home()
    tap_widget(window.wiped)  # the next visitor taps "data deleted" away, then a tile: both arrive
    qtbot.waitUntil(lambda: not window.wiped.isVisible(), timeout=5000)
    open_form(qtbot, window, sites, "<p>next visitor</p>")
