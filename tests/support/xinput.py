"""Real X input for the tests of the Xvfb pass: taps arrive the way a touchscreen's do
(through the X server and Qt's xcb plugin), not as QTest events sent to one widget."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from tests.support.web import run_js, wait_painted


def require_x_server() -> None:
    if os.environ.get("QT_QPA_PLATFORM") != "xcb" or not os.environ.get("DISPLAY"):
        pytest.skip("needs the real X server of the Xvfb pass (make test runs it)")


def tap_at(point: QPoint) -> None:
    subprocess.run(["xdotool", "mousemove", str(point.x()), str(point.y()), "click", "1"], check=True)


def tap_widget(widget: QWidget) -> None:
    tap_at(widget.mapToGlobal(widget.rect().center()))


def tap_element(qtbot: Any, window: Any, selector: str) -> None:
    """A real tap on the centre of a page element."""
    page = window.current_page()
    wait_painted(qtbot, page)
    x, y = run_js(
        qtbot,
        page,
        f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; })()",
    )
    view = window.browser.view
    tap_at(view.mapToGlobal(view.rect().topLeft()) + QPoint(int(x), int(y)))


def type_text(text: str) -> None:
    subprocess.run(["xdotool", "type", "--delay", "60", text], check=True)
