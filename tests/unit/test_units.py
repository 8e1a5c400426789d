"""deploy/linux's systemd units (issue 27, 5): each passes `systemd-analyze verify`, and
the cage unit is hardened to at most 4.0 in `systemd-analyze security` (9.2 UNSAFE
before). The kiosk runs inside a session bus that ends with it (dbus-run-session)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.paths import app_root

UNITS = sorted((app_root() / "deploy" / "linux").glob("*.service"))
needs_systemd = pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="Debian package systemd")


def exposure(unit: Path) -> float:
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", str(unit)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    found = re.search(r"Overall exposure level for \S+: ([0-9.]+)", done.stdout)
    assert found, done.stdout + done.stderr
    return float(found.group(1))


@needs_systemd
@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_each_unit_verifies(unit: Path) -> None:
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


@needs_systemd
def test_the_cage_unit_is_hardened() -> None:
    assert exposure(app_root() / "deploy" / "linux" / "infomat.service") <= 4.0


@needs_systemd
def test_the_x_unit_is_hardened_too() -> None:
    assert exposure(app_root() / "deploy" / "linux" / "infomat-x.service") <= 4.0


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_the_kiosk_runs_in_a_session_bus_of_its_own(unit: Path) -> None:
    text = unit.read_text(encoding="utf-8")
    start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert start.startswith("ExecStart=/usr/bin/dbus-run-session -- ")
    assert "QTWEBENGINE_DISABLE_SANDBOX=1" not in text.replace("never set QTWEBENGINE_DISABLE_SANDBOX", "")
