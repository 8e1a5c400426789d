"""A crashed or killed renderer brings the visitor home with a fresh page (not a blank view)."""

from __future__ import annotations

import os
import signal

import pytest

from tests.support.web import ALLOWED, wait_for_url, wait_loaded

pytestmark = pytest.mark.web


def test_killed_renderer_returns_home_with_a_fresh_page(qtbot, window, sites) -> None:
    sites.route(ALLOWED, "/", "<p>usługa</p>")
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    assert window.open(sites.url(ALLOWED, "/"))
    page = window.current_page()
    wait_for_url(qtbot, page, ALLOWED)
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: page.renderProcessPid() > 0)
    os.kill(page.renderProcessPid(), signal.SIGKILL)
    qtbot.waitUntil(lambda: ended == ["crash"], timeout=10000)
    assert window.is_home()
    assert window.toast.isVisible() and "przestała działać" in window.toast.text()
    assert window.stats.reasons() == {"crash": 1}
    assert window.open(sites.url(ALLOWED, "/"))  # and the next visitor gets a working page
    fresh = window.current_page()
    assert fresh is not page
    wait_loaded(qtbot, fresh)


def test_repeated_crashes_exit_so_the_supervisor_restarts(qtbot, window, monkeypatch) -> None:
    from PySide6.QtWebEngineCore import QWebEnginePage
    from PySide6.QtWidgets import QApplication

    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: codes.append(code)))
    crashed = QWebEnginePage.RenderProcessTerminationStatus.CrashedTerminationStatus
    for _ in range(3):
        window._on_renderer_gone(crashed, 139)
        qtbot.wait(50)
    assert codes == [3]
