"""A remote restart end to end (issue 31, 2): a county file signed with minisign, served over
HTTPS, pulled by a real kiosk under a real ``kiosk supervise``. Its ``restart`` command
restarts the kiosk once (a new PID under the same supervisor); the same release served
again and a newer release carrying the same id restart nothing; a new id does (the
positive control)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from kiosk.system.heartbeat import read_heartbeat
from tests.support.county import CountyServer, Keypair, minisign_keypair, minisign_sign, needs_minisign
from tests.support.listeners import free_port
from tests.support.waiting import wait_for

pytestmark = [needs_minisign, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]

LOCAL = """[kiosk]
id = "jastkow-ug"
name = "Lokalny"
lockdown = false

[metrics]
listen = "127.0.0.1:{metrics_port}"

[fleet]
config_url = "{url}"
public_keys = ["{key}"]
ca_file = "{ca}"
poll_seconds = 30
timeout_seconds = 3
"""

COUNTY = """[release]
serial = {serial}
expires = {expires}

[kiosk]
name = "Infomat Powiatu, release {serial}"
lockdown = false

[stats]
enabled = false
{commands}"""

QUIET_SECONDS = 8  # after a release is in force: a restart command runs within ~1 s (measured), none must come


def restart(command_id: str, kiosks: str = "") -> str:
    return f'\n[[commands]]\nid = "{command_id}"\naction = "restart"\n{kiosks}'


class Fleet:
    """The county's server and one supervised kiosk of the county, with every kiosk PID seen."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.county = CountyServer(tmp_path / "county")
        self.key: Keypair = minisign_keypair(tmp_path / "keys")
        self.metrics_port = free_port()
        self.config = tmp_path / "kiosk.toml"
        self.config.write_text(LOCAL.format(metrics_port=self.metrics_port, url=self.county.url, key=self.key.public,
                                            ca=self.county.ca), encoding="utf-8")  # fmt: skip
        self.env = dict(os.environ, HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen",
                        XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"))  # fmt: skip
        self.env.pop("INFOMAT_HEARTBEAT", None)
        if os.geteuid() == 0:
            self.env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        self.beat_file = tmp_path / "heartbeat.json"
        self.log = tmp_path / "supervisor.err"
        self.pids: list[int] = []  # every kiosk process that wrote a heartbeat, in order
        self.supervisor: subprocess.Popen | None = None
        self._watching = True
        self._watcher = threading.Thread(target=self._watch, daemon=True)

    def publish(self, serial: int, commands: str) -> None:
        expires = (dt.datetime.now().astimezone() + dt.timedelta(days=7)).isoformat(timespec="seconds")
        path = self.tmp / f"county-{serial}.toml"
        path.write_text(COUNTY.format(serial=serial, expires=expires, commands=commands), encoding="utf-8")
        self.county.publish(path.read_bytes(), minisign_sign(path, self.key))

    def pull_now(self) -> str:
        """`kiosk fleet pull`, as a technician would: stores the release the kiosk starts with."""
        done = subprocess.run([sys.executable, "-m", "kiosk", "fleet", "pull", "--config", str(self.config)],
                              env=self.env, capture_output=True, text=True, timeout=120)  # fmt: skip
        return done.stdout.strip() or done.stderr

    def start(self) -> None:
        with self.log.open("wb") as err:
            self.supervisor = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "supervise", "--windowed", "--config", str(self.config),
                 "--heartbeat-file", str(self.beat_file)],
                env=self.env, stdout=subprocess.DEVNULL, stderr=err,
            )  # fmt: skip
        self._watcher.start()

    def _watch(self) -> None:
        while self._watching:
            beat = read_heartbeat(self.beat_file)
            if beat is not None and (not self.pids or self.pids[-1] != beat.pid):
                self.pids.append(beat.pid)
            time.sleep(0.05)

    def kiosk_number(self, n: int, timeout: float = 90) -> int:
        """The PID of the ``n``-th kiosk process (1: the first the supervisor started)."""
        wait_for(lambda: len(self.pids) >= n, timeout, f"kiosk process number {n}")
        return self.pids[n - 1]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def counted(self, action: str, result: str) -> float | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=2) as response:
                text = response.read().decode()
        except OSError:
            return None
        line = f'infomat_command_runs_total{{action="{action}",result="{result}"}} '
        values = [float(row[len(line) :]) for row in text.splitlines() if row.startswith(line)]
        return values[0] if values else None

    def close(self) -> None:
        self._watching = False
        if self.supervisor is not None and self.supervisor.poll() is None:
            self.supervisor.send_signal(signal.SIGTERM)
            try:
                self.supervisor.wait(30)
            except subprocess.TimeoutExpired:
                self.supervisor.kill()
        self.county.close()


@pytest.fixture
def fleet(tmp_path: Path):
    run = Fleet(tmp_path)
    yield run
    run.close()


def test_a_remote_restart_runs_once_whatever_release_carries_it_again(fleet: Fleet) -> None:
    fleet.publish(1, restart("restart-1") + restart("niemce-only", 'kiosks = ["niemce-ug"]\n'))
    assert fleet.pull_now() == "applied serial 1"
    fleet.start()
    first = fleet.kiosk_number(1)
    second = fleet.kiosk_number(2)  # the stored release is in force from the start: restart-1 runs
    started = time.monotonic()
    assert psutil.Process(second).ppid() == fleet.supervisor.pid
    assert fleet.log_text().count("the kiosk asked for a restart") == 1
    assert psutil.Process(second).environ().get("INFOMAT_RESTARTS") == "requested=1"
    # The kiosk it started counts the restart as done (the one before could not).
    wait_for(lambda: fleet.counted("restart", "ok") == 1, 60, "infomat_command_runs_total restart ok")
    time.sleep(QUIET_SECONDS)
    assert fleet.pids == [first, second], "restart-1 ran again in the kiosk it started"

    # The same release served again: the kiosk's own first poll gets it (304), and nothing runs.
    hits = fleet.county.hits("/county.toml")
    wait_for(lambda: fleet.county.hits("/county.toml") > hits, 45, "the kiosk polling the same release")
    time.sleep(QUIET_SECONDS)
    assert fleet.pids == [first, second], "the same release served again restarted the kiosk"

    # A newer release still carrying restart-1: put in force, nothing restarts.
    fleet.publish(2, restart("restart-1") + restart("niemce-only", 'kiosks = ["niemce-ug"]\n'))
    wait_for(lambda: "county file applied serial 2" in fleet.log_text(), 45, "serial 2 pulled by the kiosk")
    wait_for(lambda: fleet.log_text().count("new config in force") >= 1, 10, "serial 2 in force")
    time.sleep(QUIET_SECONDS)
    assert fleet.pids == [first, second], "a newer release carrying a command already run restarted the kiosk"
    print(f"one restart, then none for {time.monotonic() - started:.0f} s across the same and a newer release")

    # Positive control: a new id restarts it, once.
    fleet.publish(3, restart("restart-1") + restart("restart-2"))
    third = fleet.kiosk_number(3, timeout=60)
    assert psutil.Process(third).ppid() == fleet.supervisor.pid
    assert psutil.Process(third).environ().get("INFOMAT_RESTARTS") == "requested=2"
    wait_for(lambda: fleet.counted("restart", "ok") == 1, 60, "the second restart counted by the third kiosk")
    time.sleep(QUIET_SECONDS)
    assert fleet.pids == [first, second, third]

    record = json.loads((fleet.tmp / "data" / "infomat" / "commands.json").read_text())["runs"]
    assert [(r["id"], r["result"]) for r in record] == [("restart-1", "ok"), ("restart-2", "ok")]
