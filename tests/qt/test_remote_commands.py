"""Remote commands on the running kiosk (issue 31, 2): a reload and a clear-cache wait while a
visitor uses an e-service, run once each when the session ends, and stay run in a new
window and in a new process."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app import KioskRuntime
from kiosk.config import load_config
from kiosk.stats.store import StatsStore
from tests.support.web import ALLOWED, demo_config_text

pytestmark = pytest.mark.web

COMMANDS = """
[[commands]]
id = "reload-1"
action = "reload"
[[commands]]
id = "for-another-kiosk"
action = "restart"
kiosks = ["niemce-ug"]
[[commands]]
id = "cache-1"
action = "clear-cache"
"""


def runs(runtime: KioskRuntime) -> list[tuple[str, str, str]]:
    return [(run.id, run.action, run.result) for run in runtime.commands.record.runs]


def counted(runtime: KioskRuntime, action: str, result: str) -> float | None:
    registry = runtime.monitoring.metrics.registry
    return registry.get_sample_value("infomat_command_runs_total", {"action": action, "result": result})


@pytest.fixture
def kiosk(qtbot, tmp_path: Path, sites, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the content cache the window reads
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nid = "jastkow-ug"\n' + demo_config_text(sites.port, COMMANDS).replace("[kiosk]\n", ""))
    sites.route(ALLOWED, "/", "<p>usługa</p>")
    runtimes: list[KioskRuntime] = []

    def start(open_target: str | None = None) -> KioskRuntime:
        runtime = KioskRuntime(load_config(path), StatsStore(None), state_dir=tmp_path / "state",
                               open_target=open_target)  # fmt: skip
        runtimes.append(runtime)
        qtbot.waitUntil(lambda: runtime.commands is not None, timeout=10000)
        return runtime

    yield start
    for runtime in runtimes:
        runtime.shutdown()
        runtime.window.deleteLater()


def test_commands_wait_for_the_visitor_then_run_once_and_stay_run(qtbot, kiosk, tmp_path) -> None:
    cached = tmp_path / "cache" / "infomat" / "content" / "news-0123456789abcdef.json"
    cached.parent.mkdir(parents=True)
    cached.write_text('{"source": "https://example.invalid/news.xml", "data": []}')

    runtime = kiosk(open_target="epuap")  # a visitor is in a session before the first check
    visited = runtime.window
    qtbot.waitUntil(lambda: visited.current_page() is not None)
    for _ in range(3):  # the periodic check, while the visitor reads
        runtime.commands.check()
        qtbot.wait(100)
    assert runs(runtime) == [] and runtime.window is visited and cached.exists()  # the visitor is not interrupted

    visited.end_session("visitor")
    qtbot.waitUntil(lambda: len(runs(runtime)) == 2, timeout=10000)
    assert runs(runtime) == [("reload-1", "reload", "ok"), ("cache-1", "clear-cache", "ok")]
    qtbot.waitUntil(lambda: not cached.exists())
    assert runtime.window is not visited and runtime.window.config.kiosk.id == "jastkow-ug"  # rebuilt
    assert counted(runtime, "reload", "ok") == 1 and counted(runtime, "clear-cache", "ok") == 1
    assert counted(runtime, "restart", "ok") == 0  # the other kiosk's restart is not this one's
    shown = dict(runtime.window.admin_part.info().rows)["Remote commands"].splitlines()
    assert [line.split(" ", 2)[2] for line in shown] == ["clear-cache cache-1: OK", "reload reload-1: OK"]

    rebuilt = runtime.window
    for _ in range(3):  # between visitors now: nothing is due any more
        runtime.commands.check()
        qtbot.wait(100)
    rebuilt.end_session("visitor")
    qtbot.wait(300)
    assert runtime.window is rebuilt and len(runs(runtime)) == 2

    runtime.shutdown()
    again = kiosk()  # a new process: the same config, the record from the state folder
    first = again.window
    for _ in range(3):
        again.commands.check()
        qtbot.wait(100)
    assert again.window is first, "a command ran again after a restart"
    assert runs(again) == [("reload-1", "reload", "ok"), ("cache-1", "clear-cache", "ok")]
    assert counted(again, "reload", "ok") == 0  # nothing pending was left to settle
