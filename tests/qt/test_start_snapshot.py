"""The runtime started from a config snapshot: the file is verified after the first paint
and before any web page exists; a mismatch rebuilds the window from the file."""

from __future__ import annotations

import gc
import json
import logging
from pathlib import Path

import pytest

from kiosk import exit_codes
from kiosk.app import KioskRuntime
from kiosk.config import KioskConfig
from kiosk.config.snapshot import ConfigRecord, StartConfig, read_start_config, snapshot_key, start_snapshots
from kiosk.stats.store import StatsStore
from kiosk.ui.window.window import KioskWindow
from tests.support.web import ALLOWED, EVIL, demo_config_text, wait_for_url

pytestmark = pytest.mark.web


@pytest.fixture
def kiosk_from(qtbot, tmp_path: Path):
    runtimes: list[KioskRuntime] = []

    def start(start_config: StartConfig, open_target: str | None = None) -> KioskRuntime:
        runtime = KioskRuntime(
            start_config.config, StatsStore(None), start=start_config, open_target=open_target, watch_config=False
        )
        runtimes.append(runtime)
        return runtime

    yield start
    for runtime in runtimes:
        runtime.shutdown()
        runtime.window.deleteLater()


def snapshot_start(tmp_path: Path, text: str) -> StartConfig:
    """As on the second start of a kiosk: the first one saved the snapshot."""
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    read_start_config(path, start_snapshots()).verify(start_snapshots())
    start = read_start_config(path, start_snapshots())
    assert isinstance(start.config, ConfigRecord)
    return start


def edit_snapshot(start: StartConfig, change) -> StartConfig:
    store = start_snapshots()
    data = json.loads(json.dumps(start.snapshot))
    change(data)
    store.save(start.source, start.key, data)
    again = read_start_config(start.source, store)
    assert isinstance(again.config, ConfigRecord)
    return again


def test_snapshot_start_adopts_the_validated_config_then_opens(qtbot, tmp_path, sites, kiosk_from, caplog) -> None:
    caplog.set_level(logging.INFO, logger="kiosk")
    sites.route(ALLOWED, "/", "<p>ePUAP</p>")
    gc.disable()  # as kiosk/__main__.py does for the start-up
    runtime = kiosk_from(snapshot_start(tmp_path, demo_config_text(sites.port)), open_target="epuap")
    assert not gc.isenabled()
    window = runtime.window
    assert isinstance(window.config, ConfigRecord)  # what the first paint is built from
    qtbot.waitUntil(lambda: window.browser.view is not None)
    assert runtime.window is window  # the file said the same: no second window
    assert isinstance(window.config, KioskConfig) and isinstance(runtime.config, KioskConfig)
    assert window.panels.config is window.config and window.content.config is window.config
    wait_for_url(qtbot, window.current_page(), ALLOWED)  # --open waited for the check
    assert gc.isenabled()  # back on once the home screen is up
    assert any("from the start-up snapshot" in r.getMessage() for r in caplog.records)


def test_tampered_snapshot_never_reaches_the_web(qtbot, tmp_path, sites, kiosk_from, caplog) -> None:
    sites.route(EVIL, "/", "<p>evil</p>")
    start = snapshot_start(tmp_path, demo_config_text(sites.port))

    def tamper(data: dict) -> None:
        data["policy"]["allow"] = ["*"]
        data["kiosk"]["name"] = "Podmieniony"

    start = edit_snapshot(start, tamper)
    assert start.config.global_policy().allows(f"http://{EVIL}/")
    runtime = kiosk_from(start, open_target=f"http://{EVIL}:{sites.port}/")
    first = runtime.window
    assert first.windowTitle() == "Podmieniony"
    qtbot.waitUntil(lambda: runtime.window is not first)
    window = runtime.window
    qtbot.waitUntil(lambda: window.browser.view is not None)
    # The snapshot window never built its browser: no view, no page, no profile ran under it.
    assert first.shut_down and not first.screens_built
    assert window.windowTitle() == "Test kiosk" and isinstance(window.config, KioskConfig)
    assert not window.config.global_policy().allows(f"http://{EVIL}/")
    assert window.is_home() and window.current_page() is None  # --open of evil.example refused
    assert any("differed from the validated config" in r.getMessage() for r in caplog.records)
    assert any(f"--open http://{EVIL}" in r.getMessage() for r in caplog.records)


def test_a_config_that_fails_the_check_stops_the_kiosk(qtbot, tmp_path, sites, kiosk_from, monkeypatch) -> None:
    """A snapshot can only exist for a file that validated; should the check still fail
    (e.g. a schema tightened without a version bump) the kiosk exits as for a bad config."""
    good = snapshot_start(tmp_path, demo_config_text(sites.port))
    bad_text = demo_config_text(sites.port).replace("idle_seconds = 120", "idle_seconds = 5")
    good.source.write_text(bad_text, encoding="utf-8")
    start_snapshots().save(good.source, snapshot_key(bad_text, good.source), good.snapshot)
    start = read_start_config(good.source, start_snapshots())
    assert isinstance(start.config, ConfigRecord)
    quits: list[int] = []
    monkeypatch.setattr(KioskWindow, "quit_with", lambda self, code, why: quits.append(code))
    runtime = kiosk_from(start)
    qtbot.waitUntil(lambda: bool(quits))
    assert quits == [exit_codes.CONFIG]
    assert runtime.window.shut_down and runtime.window.browser.view is None
    assert start_snapshots().load(start.source, start.key) is None  # not used again


def test_a_config_accepted_while_running_is_ready_for_a_fast_next_start(qtbot, tmp_path) -> None:
    from kiosk.config.watch import ConfigWatcher

    path = tmp_path / "kiosk.toml"
    path.write_text(demo_config_text(8000), encoding="utf-8")
    watcher = ConfigWatcher(path)
    path.write_text(demo_config_text(8000).replace("Test kiosk", "Nowa nazwa"), encoding="utf-8")
    assert watcher.check() is not None
    start = read_start_config(path, start_snapshots())  # the nightly restart
    assert isinstance(start.config, ConfigRecord) and start.config.kiosk.name == "Nowa nazwa"


def test_an_edit_made_while_the_kiosk_starts_is_not_missed(qtbot, tmp_path, sites) -> None:
    start = snapshot_start(tmp_path, demo_config_text(sites.port))
    # The technician saves a new version after the kiosk read the file, before its watcher exists.
    start.source.write_text(demo_config_text(sites.port).replace("Test kiosk", "Po edycji"), encoding="utf-8")
    runtime = KioskRuntime(start.config, StatsStore(None), start=start)
    try:
        accepted = runtime.watcher.check()
        assert accepted is not None and accepted.kiosk.name == "Po edycji"
    finally:
        runtime.shutdown()
        runtime.window.deleteLater()


def test_a_window_on_unverified_records_never_creates_a_page(qtbot, tmp_path, sites) -> None:
    """The guarantee at its own depth: whatever calls open() (a tap queued before the check,
    a future caller), nothing web-side exists until the validated config is adopted."""
    sites.route(ALLOWED, "/", "<p>ePUAP</p>")
    start = snapshot_start(tmp_path, demo_config_text(sites.port))
    assert not start.verified
    window = KioskWindow(start.config, verified=start.verified)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.first_paint.at is not None)
    qtbot.wait(200)  # the first-paint callback has run: without a runtime nobody verifies
    assert not window.config_verified
    assert window.open("epuap") is False and window.current_page() is None
    assert window.browser.view is None
    window.home.tiles[0].click()
    assert window.is_home() and window.browser.view is None
    start.verify(start_snapshots())
    window.adopt(start.config)
    assert window.config_verified and window.open("epuap")
    wait_for_url(qtbot, window.current_page(), ALLOWED)
    window.shutdown()
