"""The logs bundle (issue 31): lines since the cut-off, rotations in order, URLs scrubbed,
the config's digest and never its secrets, and `kiosk logs` writing it."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from kiosk.core.hours import WARSAW
from kiosk.core.pin_hash import hash_pin
from kiosk.system.log_bundle import build_bundle, config_lines, lines_since, log_files, parse_since

NOW = dt.datetime(2026, 5, 4, 12, 0, 0)
ROOT = Path(__file__).resolve().parents[2]


def members(bundle: bytes) -> dict[str, str]:
    with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
        return {m.name: tar.extractfile(m).read().decode() for m in tar.getmembers()}  # type: ignore[union-attr]


def test_since_is_a_number_and_a_unit() -> None:
    assert parse_since("90s") == dt.timedelta(seconds=90)
    assert parse_since("1h") == dt.timedelta(hours=1) and parse_since("7d") == dt.timedelta(days=7)
    for bad in ("", "1", "h", "1w", "-1h", "1h; rm -rf /"):
        with pytest.raises(ValueError, match=r"e\.g\. 30m"):
            parse_since(bad)


def test_lines_since_keep_a_traceback_with_its_line() -> None:
    lines = [
        "2026-05-04 10:59:59,000 INFO    kiosk: old",
        "Traceback of the old line",
        "2026-05-04 11:00:00,000 ERROR   kiosk: new",
        "Traceback (most recent call last):",
        "  File x",
    ]
    assert lines_since(lines, dt.datetime(2026, 5, 4, 11, 0)) == lines[2:]


def test_rotated_logs_are_read_oldest_first(tmp_path: Path) -> None:
    for name in ("kiosk.log", "kiosk.log.1", "kiosk.log.2", "kiosk.log.10", "supervisor.log"):
        (tmp_path / name).write_text("")
    assert [p.name for p in log_files(tmp_path, "kiosk.log")] == ["kiosk.log.10", "kiosk.log.2", "kiosk.log.1",
                                                                  "kiosk.log"]  # fmt: skip


def test_the_bundle_holds_recent_scrubbed_lines_and_no_config_secret(tmp_path: Path) -> None:
    (tmp_path / "kiosk.log.1").write_text("2026-05-04 09:00:00,000 INFO    kiosk: too old\n")
    (tmp_path / "kiosk.log").write_text(
        "2026-05-04 11:30:00,000 INFO    kiosk.ui: opened https://epuap.gov.pl/form\n"
        "2026-05-04 11:31:00,000 WARNING kiosk.qt: js at https://epuap.gov.pl/f?pesel=44051401359#x\n"
    )
    (tmp_path / "supervisor.log").write_text("2026-05-04 11:45:00,000 WARNING kiosk.supervisor: restarting: hang\n")
    config = config_lines("ab" * 32, "/etc/infomat/kiosk.toml", "jastkow")
    bundle = build_bundle(tmp_path, dt.timedelta(hours=1), config,
                          "PASS  config  https://epuap.gov.pl/x?y=z\n", now=NOW, restarts="hang=1")  # fmt: skip
    found = members(bundle)
    assert sorted(found) == [f"infomat-logs/{n}" for n in ("config.txt", "doctor.txt", "kiosk.log",
                                                            "supervisor.log", "versions.txt")]  # fmt: skip
    log = found["infomat-logs/kiosk.log"]
    assert "opened https://epuap.gov.pl\n" in log and "js at https://epuap.gov.pl\n" in log
    assert "too old" not in log and "44051401359" not in log and "/form" not in log
    assert "restarting: hang" in found["infomat-logs/supervisor.log"]
    assert "hang=1" in found["infomat-logs/supervisor.log"]
    assert found["infomat-logs/config.txt"].startswith("kiosk_id jastkow\nsha256 " + "ab" * 32)
    assert "y=z" not in found["infomat-logs/doctor.txt"]
    versions = found["infomat-logs/versions.txt"]
    assert all(word in versions for word in ("infomat ", "python ", "qt ", "pyside6 ", "os "))


def test_kiosk_logs_writes_the_bundle_without_the_config_content(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    pin = hash_pin("4711")
    config.write_text(f'config_version = 1\n[kiosk]\nid = "niemce"\n[admin]\npin_hash = "{pin}"\n')
    logs = tmp_path / "home" / ".local" / "state" / "infomat" / "log"
    logs.mkdir(parents=True)
    stamp = dt.datetime.now(WARSAW).strftime("%Y-%m-%d %H:%M:%S")  # the kiosk's processes run on Polish time
    (logs / "kiosk.log").write_text(f"{stamp},000 INFO    kiosk: marker-line-7781\n")
    home = str(tmp_path / "home")
    env = {**os.environ, "HOME": home, "XDG_STATE_HOME": f"{home}/.local/state"}
    output = tmp_path / "out.tar.gz"
    command = [sys.executable, "-m", "kiosk", "logs", "--config", str(config), "--since", "1h", "--output", str(output)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = members(output.read_bytes())
    assert "marker-line-7781" in found["infomat-logs/kiosk.log"]
    assert "kiosk_id niemce" in found["infomat-logs/config.txt"]
    assert "checks:" in found["infomat-logs/doctor.txt"]  # the doctor's summary line
    assert not [name for name, text in found.items() if pin in text or pin.split("$")[-1] in text]
    bad = subprocess.run([sys.executable, "-m", "kiosk", "logs", "--since", "soon"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0 and "e.g. 30m" in bad.stderr
