"""Helpers to drive the real KioskWindow and its pages from tests."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.config import KioskConfig, parse_config

ALLOWED = "epuap.gov.pl"
LOGIN = "login.gov.pl"
COUNTY = "powiat.lublin.pl"
EVIL = "evil.example"
SECURE = "urzad.localhost"  # a secure context over http (camera, service workers)


def demo_config(port: int, extra: str = "", lockdown: bool = False, idle: int = 120) -> KioskConfig:
    """A config like the shipped one, pointed at the local test server's port."""
    return parse_config(demo_config_text(port, extra, lockdown, idle))


def demo_config_text(port: int, extra: str = "", lockdown: bool = False, idle: int = 120) -> str:
    """The TOML text behind :func:`demo_config`."""
    return f"""
[kiosk]
name = "Test kiosk"
lockdown = {"true" if lockdown else "false"}
[session]
idle_seconds = {idle}
[policy]
allow = ["{COUNTY}"]
[[services]]
id = "epuap"
title = "ePUAP"
url = "http://{ALLOWED}:{port}/"
allow = ["{ALLOWED}", ".{LOGIN}"]
[[services]]
id = "powiat"
title = "Starostwo"
url = "http://{COUNTY}:{port}/"
[[services]]
id = "secure"
title = "Secure context"
url = "http://{SECURE}:{port}/"
allow = ["{SECURE}"]
{extra}
"""


def run_js(qtbot: Any, page: Any, script: str, timeout: int = 5000) -> Any:
    """Evaluate ``script`` in the page's main world and return its value.

    The value travels as JSON: PySide6 6.12 turns JavaScript arrays into '' (measured).
    """
    box: list[Any] = []
    page.runJavaScript(f"JSON.stringify(eval({json.dumps(script)}))", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    raw = box[0]
    return json.loads(raw) if isinstance(raw, str) and raw else None


def wait_for_url(qtbot: Any, page: Any, fragment: str, timeout: int = 8000) -> None:
    qtbot.waitUntil(lambda: fragment in page.url().toString(), timeout=timeout)


def wait_loaded(qtbot: Any, page: Any, timeout: int = 8000) -> None:
    qtbot.waitUntil(lambda: run_js(qtbot, page, "document.readyState") == "complete", timeout=timeout)


def wait_painted(qtbot: Any, page: Any, timeout: int = 8000) -> None:
    """Until two frames were painted since now, so hit-testing a click works."""
    page.runJavaScript(
        "window.__painted = 0; requestAnimationFrame(() => requestAnimationFrame(() => window.__painted = 1))"
    )
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.__painted") == 1, timeout=timeout)


def click_element(qtbot: Any, window: Any, selector: str, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """A mouse click on an element, delivered to the web view's render widget.

    Offscreen, QTest clicks sent to the QWindow do not reach Chromium (measured, Qt 6.12),
    while real X input does (xdotool under Xvfb); so tests click the focus proxy. Right
    after a load Chromium drops input until its first hit-test data arrives, so the
    click is repeated until the page has seen a pointerdown.
    """
    page = window.current_page()
    wait_painted(qtbot, page)
    rect = run_js(
        qtbot,
        page,
        f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();"
        " window.__pointer = 0; document.addEventListener('pointerdown', () => { window.__pointer = 1; },"
        " {capture: true, once: true}); return [r.left + r.width / 2, r.top + r.height / 2]; })()",
    )
    point = QPoint(int(rect[0]), int(rect[1]))
    for _ in range(20):
        # QtWebEngine replaces the render widget on some navigations: fetch it each time.
        QTest.mouseClick(window.browser.view.focusProxy(), button, Qt.KeyboardModifier.NoModifier, point)
        qtbot.wait(100)
        if window.current_page() is not page or window.browser.showing_problem() is not None:
            return
        seen: list[Any] = []
        page.runJavaScript("String(window.__pointer)", 0, seen.append)
        qtbot.waitUntil(lambda s=seen: bool(s) or window.browser.showing_problem() is not None, timeout=2000)
        if not seen or seen[0] != "0":
            return  # seen the click, or a new document replaced the page
    raise AssertionError(f"the page never received a click on {selector}")


def top_level_windows() -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def control_request(qtbot: Any, page: Any, sites: Any, host: str = ALLOWED, timeout: int = 8000) -> None:
    """The positive control of a "nothing reached evil" check: the same page now asks its
    allowed site for something, and that must arrive. A page that never ran (or a test that
    broke before its attack) cannot pass, and what the page did earlier had its turn."""
    import uuid

    token = uuid.uuid4().hex
    page.runJavaScript(f"fetch('/control?{token}').catch(() => 0)")
    qtbot.waitUntil(lambda: any(r.path == f"/control?{token}" for r in sites.hits(host)), timeout=timeout)


def assert_evil_untouched(sites: Any) -> None:
    """Neither a request nor a bare TCP connection reached the non-allowed host."""
    from tests.support.listeners import EVIL_ADDRESS

    assert sites.hits(EVIL) == []
    assert sites.connections_to(EVIL_ADDRESS) == 0


def wait_until_loaded_or_stopped(qtbot: Any, page: Any, timeout: int = 8000) -> None:
    """Until the page's current load has ended, however it ended."""
    qtbot.waitUntil(lambda: not page.isLoading(), timeout=timeout)
