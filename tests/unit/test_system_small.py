"""Heartbeat file, connectivity probe and doctor checks: pure parts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.system.connectivity import probe
from kiosk.system.doctor import Check, check_config, check_disk, check_services, check_writable
from kiosk.system.heartbeat import Heartbeat, read_heartbeat, write_heartbeat
from tests.support.web import demo_config


def test_heartbeat_round_trip_and_garbage(tmp_path: Path) -> None:
    path = tmp_path / "beat.json"
    assert read_heartbeat(path) is None
    write_heartbeat(path, Heartbeat(pid=42, time=1000.5, in_session=True, sessions=7))
    assert read_heartbeat(path) == Heartbeat(42, 1000.5, True, 7)
    assert [p.name for p in tmp_path.iterdir()] == ["beat.json"]  # no temp files left
    for junk in (b"", b"{", b'{"pid": "x"}', b"\xff\xfe", b"[]"):
        path.write_bytes(junk)
        assert read_heartbeat(path) is None


def test_probe_any_answer_means_online() -> None:
    calls: list[str] = []

    def head(url: str, timeout: float) -> int:
        calls.append(url)
        if "down" in url:
            raise ConnectionError("refused")
        return 503

    assert probe([], 1).online is None
    result = probe(["https://down.example/a?secret=1", "https://up.example/"], 1, head)
    assert result.online and "503" in result.detail
    failed = probe(["https://down.example/a?secret=1"], 1, head)
    assert failed.online is False and "ConnectionError" in failed.detail
    assert "secret" not in failed.detail  # no query strings in logs or panels


def test_doctor_checks(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert check_writable("log", blocker / "sub").status == "FAIL"
    assert check_writable("log", tmp_path / "new" / "dir").status == "PASS"
    assert check_disk(tmp_path / "does" / "not" / "exist").status in ("PASS", "FAIL")
    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk\n")
    check, config = check_config(bad)
    assert check.status == "FAIL" and config is None and "bad.toml:1" in check.detail
    assert Check("WARN", "x", "y").line() == "WARN  x: y"


def test_doctor_service_reachability_uses_each_start_url() -> None:
    config = demo_config(8080)
    seen: list[str] = []

    def head(url: str, timeout: float) -> int:
        seen.append(url)
        if "urzad.localhost" in url:
            raise TimeoutError
        return 200

    checks = check_services(config, head)
    assert seen == [s.url for s in config.services]
    assert [c.status for c in checks] == ["PASS", "PASS", "WARN"]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX")
def test_doctor_cli_lists_checks_and_fails_on_root_or_bad_config(tmp_path: Path, capsys) -> None:
    from kiosk.commands.entry import main

    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk]\nnmae = 1\n")
    assert main(["doctor", "--config", str(bad), "--skip-web-engine"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  config" in out and "did you mean" in out
    assert "checks:" in out


def test_state_files_are_replaced_whole_or_not_at_all(tmp_path) -> None:
    from kiosk.support.files import write_json_atomic

    path = tmp_path / "state" / "record.json"
    write_json_atomic(path, {"failures": 1})
    with pytest.raises(TypeError):
        write_json_atomic(path, {"failures": object()})  # fails half-way through writing
    assert json.loads(path.read_text(encoding="utf-8")) == {"failures": 1}
    assert [p.name for p in path.parent.iterdir()] == ["record.json"]  # no temporary left behind


def test_the_kiosk_runs_on_the_countys_clock_whatever_the_machines_zone() -> None:
    """Issue 27, 8: on a PC set to UTC the header read 14:25 at 15:25 Warsaw time. Every
    `kiosk` command sets the county's zone first: Python, Qt and the processes it starts."""
    import subprocess
    import sys

    script = (
        "import datetime as dt, os\n"
        "from zoneinfo import ZoneInfo\n"
        "from PySide6.QtCore import QDateTime\n"
        "from kiosk.env import use_county_time_zone\n"
        "use_county_time_zone()\n"
        "warsaw = dt.datetime.now(ZoneInfo('Europe/Warsaw')).strftime('%H:%M')\n"
        "print(os.environ['TZ'], dt.datetime.now().strftime('%H:%M') == warsaw,"
        " QDateTime.currentDateTime().toString('HH:mm') == warsaw)\n"
    )
    for zone in ("America/New_York", "Asia/Tokyo"):  # far from Warsaw either way
        env = {**os.environ, "TZ": zone}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
        assert done.stdout.split() == ["Europe/Warsaw", "True", "True"], done.stdout + done.stderr


def test_doctor_says_when_the_machine_zone_or_its_clock_is_off(tmp_path: Path) -> None:
    from kiosk.system.doctor_fleet_clock import check_clock, machine_time_zone

    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Etc/UTC")
    assert machine_time_zone(link) == "Etc/UTC"
    zone, ntp = check_clock("Etc/UTC", False)
    assert zone.status == "WARN" and "timedatectl set-timezone Europe/Warsaw" in zone.detail
    assert ntp.status == "WARN" and "set-ntp true" in ntp.detail
    assert [c.status for c in check_clock("Europe/Warsaw", True)] == ["PASS", "PASS"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_the_process_start_is_known_to_the_tick() -> None:
    """The start-up log counts from it: psutil's answer was up to a second early (boot
    time in whole seconds), which made every logged start look ~600 ms slower."""
    child = (
        "import time; now = time.time()\n"
        "from kiosk.system.health import process_started_at\nprint(process_started_at(), now)"
    )
    before = time.time()
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True, timeout=60)
    started, first_statement = (float(part) for part in done.stdout.split())
    # After this test asked for the process (to the tick: 10 ms), before its first line ran.
    assert before - 0.011 <= started <= first_statement, (before, started, first_statement)
