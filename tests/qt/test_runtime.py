"""The running kiosk around its window: config reload between visitors, heartbeat,
lockdown geometry and close requests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from kiosk.app import KioskRuntime, show_window, stats_description
from kiosk.config import load_config
from kiosk.core import technician
from kiosk.stats.report import collect
from kiosk.stats.store import StatsStore
from kiosk.system.heartbeat import read_heartbeat
from tests.support.web import ALLOWED, demo_config, demo_config_text, wait_for_url

pytestmark = pytest.mark.web


@pytest.fixture(autouse=True)
def polish_technician():
    """The admin panel's rows and reload messages are looked for in Polish (LANG=pl_PL…)."""
    technician.set_language("pl")  # English again after each test: tests/conftest.py


@pytest.fixture
def runtime_factory(qtbot, tmp_path: Path, sites):
    runtimes: list[KioskRuntime] = []
    path = tmp_path / "kiosk.toml"

    def start(text: str | None = None, stats: StatsStore | None = None) -> KioskRuntime:
        path.write_text(text or demo_config_text(sites.port), encoding="utf-8")
        runtime = KioskRuntime(load_config(path), stats or StatsStore(None), heartbeat=tmp_path / "beat.json")
        runtimes.append(runtime)
        qtbot.waitUntil(lambda: runtime.window.browser.view is not None)
        return runtime

    start.path = path  # type: ignore[attr-defined]
    yield start
    for runtime in runtimes:
        runtime.shutdown()
        runtime.window.deleteLater()


def tile_titles(runtime: KioskRuntime) -> list[str]:
    return [tile.service.title.pl for tile in runtime.window.home.tiles]


def test_invalid_config_is_refused_and_the_old_one_keeps_working(qtbot, runtime_factory, sites, caplog) -> None:
    runtime = runtime_factory()
    window = runtime.window
    runtime_factory.path.write_text(
        demo_config_text(sites.port).replace("idle_seconds = 120", 'idle_seconds = "dwie minuty"'), encoding="utf-8"
    )
    assert runtime.watcher.check() is None
    assert runtime.window is window and runtime.pending is None
    problems = runtime.sources.config_problems()
    assert len(problems) == 1 and "session.idle_seconds" in problems[0]
    assert any("REFUSED" in r.getMessage() for r in caplog.records)
    admin_rows = dict(window.admin_part.info().rows)
    assert "session.idle_seconds" in admin_rows["Błędy nowej konfiguracji"]
    sites.route(ALLOWED, "/", "<p>dalej działa</p>")
    assert window.open("epuap")  # the last good config is still in force
    wait_for_url(qtbot, window.current_page(), ALLOWED)


def test_valid_config_waits_for_the_visitor_then_applies(qtbot, runtime_factory, sites) -> None:
    runtime = runtime_factory()
    first = runtime.window
    sites.route(ALLOWED, "/", "<p>usługa</p>")
    assert first.open("epuap")  # a visitor is using the kiosk
    new_text = demo_config_text(sites.port).replace('title = "Starostwo"', 'title = "Starostwo Powiatowe"')
    runtime_factory.path.write_text(new_text, encoding="utf-8")
    assert runtime.watcher.check() is not None
    assert runtime.window is first and runtime.pending is not None  # not in the middle of a session
    first.end_session("visitor")
    qtbot.waitUntil(lambda: runtime.window is not first)
    assert "Starostwo Powiatowe" in tile_titles(runtime)
    assert runtime.pending is None and runtime.window.isVisible()
    qtbot.waitUntil(lambda: runtime.window.browser.view is not None)
    assert runtime.window.open("epuap")


def test_valid_config_applies_at_once_between_visitors(qtbot, runtime_factory, sites) -> None:
    runtime = runtime_factory()
    first = runtime.window
    runtime_factory.path.write_text(demo_config_text(sites.port).replace("Test kiosk", "Nowa nazwa"), encoding="utf-8")
    runtime.watcher.check()
    assert runtime.window is not first and runtime.window.config.kiosk.name == "Nowa nazwa"


def test_heartbeat_says_whether_a_visitor_is_there(qtbot, runtime_factory, sites, tmp_path: Path) -> None:
    runtime = runtime_factory()
    beat = read_heartbeat(tmp_path / "beat.json")
    assert beat is not None and not beat.in_session
    assert runtime.window.open("epuap")
    runtime.beat()
    assert read_heartbeat(tmp_path / "beat.json").in_session
    runtime.window.end_session("visitor")
    runtime.beat()
    beat = read_heartbeat(tmp_path / "beat.json")
    assert not beat.in_session and beat.sessions == 1


def test_lockdown_window_covers_the_screen_and_ignores_close(qtbot, sites) -> None:
    from kiosk.ui.window.window import KioskWindow

    window = KioskWindow(demo_config(sites.port, lockdown=True))
    qtbot.addWidget(window)
    show_window(window, lockdown=True)
    qtbot.waitExposed(window)
    screen = window.screen().geometry()
    assert window.geometry() == screen
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint and flags & Qt.WindowType.WindowStaysOnTopHint
    assert not window.close()  # Alt+F4 / window-manager close
    assert window.isVisible()
    window.setGeometry(QRect(0, 0, 640, 480))  # e.g. a bare X server after a mode change
    window.screen_follower.cover()
    assert window.geometry() == screen
    window.shutdown()


def test_watcher_follows_atomic_replace_and_ignores_a_missing_moment(qtbot, tmp_path: Path) -> None:
    import os

    from kiosk.config.watch import ConfigWatcher

    path = tmp_path / "kiosk.toml"
    path.write_text(demo_config_text(1), encoding="utf-8")
    watcher = ConfigWatcher(path, interval_ms=50)
    changed: list[object] = []
    refused: list[list[str]] = []
    watcher.changed.connect(changed.append)
    watcher.refused.connect(refused.append)
    watcher.start()
    path.unlink()  # a rollout tool between delete and write
    qtbot.wait(200)
    assert changed == [] and refused == []
    staged = tmp_path / ".kiosk.toml.new"
    staged.write_text(demo_config_text(1).replace("Test kiosk", "Po wymianie"), encoding="utf-8")
    os.replace(staged, path)  # how editors and rollout tools write
    qtbot.waitUntil(lambda: len(changed) == 1)
    assert changed[0].kiosk.name == "Po wymianie"
    qtbot.wait(200)
    assert len(changed) == 1  # once per content change, not per poll
    watcher.stop()


def test_reload_button_says_what_happened_and_applies_when_the_panel_closes(qtbot, runtime_factory, sites) -> None:
    runtime = runtime_factory()
    first = runtime.window
    panel = first.admin_part.panel
    first.admin_part.open_panel()
    panel.reload_button.click()
    assert panel.message.text() == "Plik konfiguracji bez zmian."
    runtime_factory.path.write_text(demo_config_text(sites.port) + "\n[kiosk]\n", encoding="utf-8")  # duplicate table
    panel.reload_button.click()
    assert "odrzucona (liczba błędów: 1)" in panel.message.text() and runtime.window is first
    rows = dict(first.admin_part.info().rows)
    assert "kiosk" in rows["Błędy nowej konfiguracji"]  # the panel's own rows say which problem
    panel.reload_button.click()
    assert "nadal z błędami (liczba: 1)" in panel.message.text()
    renamed = demo_config_text(sites.port).replace("Test kiosk", "Po wczytaniu")
    runtime_factory.path.write_text(renamed, encoding="utf-8")
    panel.reload_button.click()
    assert "Obowiązuje od zamknięcia panelu" in panel.message.text()
    assert runtime.window is first and panel.isVisible()  # the technician is still reading it
    panel.close_button.click()
    qtbot.waitUntil(lambda: runtime.window is not first)
    assert runtime.window.config.kiosk.name == "Po wczytaniu"


def test_tab_never_moves_focus_into_hidden_widgets(qtbot, sites) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.window.window import KioskWindow

    window = KioskWindow(demo_config(sites.port, lockdown=True))
    qtbot.addWidget(window)
    show_window(window, lockdown=True)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.browser.view is not None)
    visited = set()
    for key in [Qt.Key.Key_Tab] * 40 + [Qt.Key.Key_Backtab] * 40:
        QTest.keyClick(window.windowHandle(), key)
        focused = QApplication.focusWidget()
        if focused is not None:
            visited.add(focused)
            assert focused.isVisible(), type(focused).__name__  # overlays, the browser, admin screens
            assert focused.window() is window
    assert visited  # Tab does move through the home screen's controls
    window.shutdown()


def test_shutdown_before_the_first_paint_never_starts_the_web_engine(qtbot, sites) -> None:
    from kiosk.ui.window.window import KioskWindow

    window = KioskWindow(demo_config(sites.port))
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    window.shutdown()  # e.g. the app quits, or a config reload replaces the window, at once
    qtbot.wait(500)  # the queued first-paint work runs now
    assert window.web.profile is None and window.browser.view is None
    assert not window.open("epuap")


def test_browser_and_overlays_are_built_after_the_first_paint_before_the_web_engine(qtbot, sites) -> None:
    # Nothing on the home screen's first frame needs them; building them earlier cost start-up
    # time (kiosk/ui/window/window.py _build_screens). They must exist before anything can show them.
    from kiosk.ui.window.window import KioskWindow

    window = KioskWindow(demo_config(sites.port))
    qtbot.addWidget(window)
    built_when_painted: list[bool] = []
    window.first_painted.connect(lambda: built_when_painted.append(window.screens_built))
    window.resize(1280, 900)
    window.show()
    # (not window.browser while waiting: asking for it builds it)
    qtbot.waitUntil(lambda: window.screens_built and window.browser.view is not None, timeout=20_000)
    assert built_when_painted == [False]
    assert window.stack.indexOf(window.browser) == 1
    assert not any(o.isVisible() for o in (window.dialogs, window.news_overlay, window.warning, window.wiped))
    window.shutdown()


def test_a_new_stats_file_in_the_config_is_used_from_the_next_visitor(qtbot, runtime_factory, sites) -> None:
    runtime = runtime_factory(demo_config_text(sites.port, '[stats]\nfile = "a.sqlite3"\n'))
    first, first_store = runtime.window, runtime.stats
    runtime_factory.path.write_text(demo_config_text(sites.port, '[stats]\nfile = "b.sqlite3"\n'), encoding="utf-8")
    assert runtime.watcher.check() is not None
    qtbot.waitUntil(lambda: runtime.window is not first)
    assert runtime.stats is not first_store and runtime.window.stats is runtime.stats
    assert runtime.stats.path == runtime_factory.path.parent / "b.sqlite3"
    runtime.window.home.tiles[0].click()
    runtime.window.end_session("visitor")
    assert StatsStore(runtime.stats.path).counters().sessions_total == 1


def test_the_minutes_the_kiosk_runs_are_counted(qtbot, runtime_factory, sites, tmp_path) -> None:
    runtime = runtime_factory(stats=StatsStore(tmp_path / "a.sqlite3"))
    assert runtime._running.isActive() and runtime._running.interval() == 60_000
    for _ in range(3):
        runtime._running.timeout.emit()
    today = dt.date.today()
    assert collect([tmp_path / "a.sqlite3"], today, today).total("running_minutes") == 3


def test_a_config_reload_neither_loses_nor_repeats_a_session(qtbot, runtime_factory, sites, tmp_path) -> None:
    kiosk_id, name, titles = stats_description(demo_config(sites.port))  # as open_stats() opens it
    store = StatsStore(tmp_path / "stats.sqlite3", kiosk_id, kiosk_name=name, service_titles=titles)
    runtime = runtime_factory(stats=store)
    first = runtime.window
    first.home.tiles[0].click()  # a visitor is using the kiosk when the new config arrives
    today = dt.date.today()
    before = collect([tmp_path / "stats.sqlite3"], today, today)
    assert before.names == {kiosk_id: "Test kiosk"} and before.titles["powiat"] == "Starostwo"  # control
    new_text = (
        demo_config_text(sites.port)
        .replace('name = "Test kiosk"', 'name = "Starostwo"')
        .replace('title = "Starostwo"', 'title = "Starostwo Powiatowe"')
    )
    runtime_factory.path.write_text(new_text, encoding="utf-8")
    assert runtime.watcher.check() is not None
    first.end_session("visitor")  # counted once, by the window that had the visitor
    qtbot.waitUntil(lambda: runtime.window is not first)
    assert runtime.stats is store  # same file: the same store, not reopened
    runtime.window.home.tiles[0].click()
    runtime.window.end_session("idle")
    assert store.reasons() == {"visitor": 1, "idle": 1}
    after = collect([tmp_path / "stats.sqlite3"], today, today)
    assert after.total("sessions_started") == 2
    # The county's report names the kiosk and its services as the config in force does,
    # without waiting for a restart.
    assert after.names == {kiosk_id: "Starostwo"} and after.titles["powiat"] == "Starostwo Powiatowe"
