"""Heartbeat file, connectivity probe and doctor checks: pure parts."""

from __future__ import annotations

import json
import os
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
    from kiosk.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk]\nnmae = 1\n")
    assert main(["doctor", "--config", str(bad), "--skip-web-engine"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  config" in out and "did you mean" in out
    assert "checks:" in out


def test_state_files_are_replaced_whole_or_not_at_all(tmp_path) -> None:
    from kiosk.files import write_json_atomic

    path = tmp_path / "state" / "record.json"
    write_json_atomic(path, {"failures": 1})
    with pytest.raises(TypeError):
        write_json_atomic(path, {"failures": object()})  # fails half-way through writing
    assert json.loads(path.read_text(encoding="utf-8")) == {"failures": 1}
    assert [p.name for p in path.parent.iterdir()] == ["record.json"]  # no temporary left behind
