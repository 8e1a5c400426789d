"""Real X input for the tests of the Xvfb pass: taps arrive the way a touchscreen's do
(through the X server and Qt's xcb plugin), not as QTest events sent to one widget."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QSize
from PySide6.QtWidgets import QWidget

from tests.support.web import run_js, wait_loaded


def require_x_server() -> None:
    if os.environ.get("QT_QPA_PLATFORM") != "xcb" or not os.environ.get("DISPLAY"):
        pytest.skip("needs the real X server of the Xvfb pass (make test runs it)")


def tap_at(point: QPoint) -> None:
    subprocess.run(["xdotool", "mousemove", str(point.x()), str(point.y()), "click", "1"], check=True)


def tap_widget(widget: QWidget) -> None:
    tap_at(widget.mapToGlobal(widget.rect().center()))


def tap_element(qtbot: Any, window: Any, selector: str) -> None:
    """A real tap on the centre of a page element, repeated until the page saw it.

    Right after a load Chromium drops input until its first hit-test data arrives (and,
    under Xvfb, a quiet page may produce no animation frame to wait for), so like
    :func:`tests.support.web.click_element` the tap is repeated until a pointerdown
    reached the document."""
    page = window.current_page()
    wait_loaded(qtbot, page)
    x, y = run_js(
        qtbot,
        page,
        f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();"
        " window.__pointer = 0; document.addEventListener('pointerdown', () => { window.__pointer = 1; },"
        " {capture: true, once: true}); return [r.x + r.width / 2, r.y + r.height / 2]; })()",
    )
    view = window.browser.view
    point = view.mapToGlobal(view.rect().topLeft()) + QPoint(int(x), int(y))
    for _ in range(20):
        tap_at(point)
        qtbot.wait(150)
        if window.current_page() is not page or run_js(qtbot, page, "window.__pointer") != 0:
            return
    raise AssertionError(f"the page never received a tap on {selector}")


def type_text(text: str) -> None:
    subprocess.run(["xdotool", "type", "--delay", "60", text], check=True)


def _items(item: Any) -> Any:
    yield item
    for child in item.childItems():
        yield from _items(child)


def keyboard_keys(window: Any) -> list[tuple[str, str, QRect]]:
    """The on-screen keyboard's keys: (text, QML type, global rectangle)."""
    quick = window.keyboard.quick
    keys = []
    for item in _items(quick.rootObject()):
        kind = item.metaObject().className()
        if "Key_QMLTYPE" not in kind or not item.isVisible() or item.width() <= 0:
            continue
        corner = item.mapToScene(QPointF(0, 0))
        top_left = quick.mapToGlobal(QPoint(int(corner.x()), int(corner.y())))
        size = QSize(int(item.width()), int(item.height()))
        keys.append((str(item.property("text") or ""), kind, QRect(top_left, size)))
    return keys


def keyboard_shows(window: Any, text: str) -> bool:
    return any(i.property("text") == text and i.isVisible() for i in _items(window.keyboard.quick.rootObject()))


def tap_keyboard_text(window: Any, text: str) -> None:
    """A real tap on whatever of the keyboard shows ``text`` (e.g. an entry of its language list)."""
    quick = window.keyboard.quick
    for item in _items(quick.rootObject()):
        if item.property("text") == text and item.isVisible() and item.width() > 0:
            centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
            tap_at(quick.mapToGlobal(QPoint(int(centre.x()), int(centre.y()))))
            return
    raise AssertionError(f"nothing on the keyboard shows {text!r}")


def tap_key(window: Any, text: str) -> None:
    """A real tap on the keyboard key that types ``text`` (or whose QML type names it)."""
    for key_text, kind, rect in keyboard_keys(window):
        if key_text == text or (not key_text and text in kind):
            tap_at(rect.center())
            return
    raise AssertionError(f"no key {text!r} on the keyboard")
