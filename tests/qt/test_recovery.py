"""A crashed or killed renderer brings the visitor home with a fresh page (not a blank view)."""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtCore import QTimer

from tests.support.web import ALLOWED, run_js, wait_for_url, wait_loaded

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
        window.recovery.on_renderer_gone(crashed, 139)
        qtbot.wait(50)
    assert codes == [3]


@pytest.fixture
def fast_hang_detection(monkeypatch):
    import kiosk.ui.window.watchdog as watchdog

    monkeypatch.setattr(watchdog, "PING_INTERVAL_MS", 300)
    monkeypatch.setattr(watchdog, "HANG_SECONDS", 2.0)


def open_watched_page(qtbot, window, sites) -> tuple[object, list[str]]:
    """Open the service page; returns it and the list of session-end reasons seen."""
    sites.route(ALLOWED, "/", "<p>usługa</p>")
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    assert window.open(sites.url(ALLOWED, "/"))
    page = window.current_page()
    wait_loaded(qtbot, page)
    return page, ended


def test_hung_renderer_is_replaced_and_the_visitor_sent_home(qtbot, fast_hang_detection, make_window, sites) -> None:
    import psutil

    window = make_window()
    page, ended = open_watched_page(qtbot, window, sites)
    renderer = page.renderProcessPid()
    page.runJavaScript("for (;;) {}")  # the renderer's main thread never comes back
    qtbot.waitUntil(lambda: ended == ["hang"], timeout=15000)
    assert window.is_home()
    assert "przestała działać" in window.toast.text()
    assert window.stats.reasons() == {"crash": 1}
    # The hung renderer does not outlive its page and profile.
    qtbot.waitUntil(lambda: not psutil.pid_exists(renderer), timeout=10000)
    assert window.open(sites.url(ALLOWED, "/"))
    wait_loaded(qtbot, window.current_page())


def test_page_waiting_in_a_dialog_is_not_a_hang(qtbot, fast_hang_detection, make_window, sites) -> None:
    window = make_window()
    page, ended = open_watched_page(qtbot, window, sites)
    # confirm() runs a nested event loop under the test's stack: look and answer from a timer.
    seen: list[tuple] = []

    def look_then_answer() -> None:
        seen.append((window.dialogs.waiting, list(ended), window.current_page() is page))
        window.dialogs.ok_button.click()

    QTimer.singleShot(3500, look_then_answer)  # longer than HANG_SECONDS while the page waits
    page.runJavaScript("window.answer = confirm('Na pewno?')")
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen == [(True, [], True)]
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.answer") is True, timeout=15000)
    # Positive control: the watchdog pings again after the dialog, for longer than a hang takes.
    watchdog = window.recovery.watchdog
    pings = watchdog._token
    qtbot.waitUntil(lambda: watchdog._token - pings >= 8, timeout=15000)  # 8 x 0.3 s > HANG_SECONDS
    assert ended == []


def test_offline_page_retries_by_itself(qtbot, monkeypatch, make_window, sites) -> None:
    import kiosk.ui.window.recovery as recovery_module
    from kiosk.web.events import LoadProblem
    from tests.support.server import SiteServer

    monkeypatch.setattr(recovery_module, "OFFLINE_RETRY_MS", 500)
    window = make_window()
    sites.close()  # the service's server is down: connection refused
    assert window.open("epuap")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.OFFLINE, timeout=10000)
    assert window.browser.message.home_button.isVisible() and window.browser.message.retry_button.isVisible()
    qtbot.wait(1200)  # retried at least once, still offline, still the friendly page
    assert window.browser.showing_problem() == LoadProblem.OFFLINE
    back = SiteServer(port=sites.port)
    try:
        back.route(ALLOWED, "/", "<title>wróciło</title><p>ok</p>")
        qtbot.waitUntil(lambda: window.current_page().title() == "wróciło", timeout=10000)
        assert window.browser.showing_problem() is None
    finally:
        back.close()


def test_network_back_retries_the_offline_page_at_once(qtbot, make_window, sites) -> None:
    from kiosk.system.connectivity import ConnectivityMonitor
    from kiosk.ui.admin.part import AdminSources
    from kiosk.web.events import LoadProblem
    from tests.support.server import SiteServer

    probe_url = f"http://127.0.0.1:{sites.port}/"
    monitor = ConnectivityMonitor([probe_url], timeout=2, interval=3600)
    # offline retry every 10 s: the monitor must be faster than that
    window = make_window(connectivity=monitor, sources=AdminSources(connectivity=lambda: monitor.state))
    sites.close()
    monitor.check_now()
    qtbot.waitUntil(lambda: monitor.state.online is False, timeout=10000)
    assert "NO CONNECTION" in dict(window.admin_part.info().rows)["Network (check)"]  # LANG=C: English
    assert window.open("epuap")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.OFFLINE, timeout=10000)
    back = SiteServer(port=sites.port)
    try:
        back.route(ALLOWED, "/", "<title>jest sieć</title>")
        back.route("127.0.0.1", "/", "ok")
        monitor.check_now()
        qtbot.waitUntil(lambda: window.current_page().title() == "jest sieć", timeout=5000)
    finally:
        monitor.stop()
        back.close()
