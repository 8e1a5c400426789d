"""deploy/linux/install.sh into a directory tree (INFOMAT_ROOT): complete and idempotent."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.paths import app_root

SCRIPT = app_root() / "deploy" / "linux" / "install.sh"
pytestmark = pytest.mark.skipif(shutil.which("bash") is None or sys.platform == "win32", reason="bash")


def fake_bundle(tmp_path: Path) -> Path:
    """A stand-in for dist/infomat: an executable that runs this checkout's CLI."""
    bundle = tmp_path / "bundle"
    (bundle / "config").mkdir(parents=True, exist_ok=True)
    shutil.copy(app_root() / "config" / "kiosk.toml", bundle / "config" / "kiosk.toml")
    shutil.copytree(app_root() / "config" / "content", bundle / "config" / "content", dirs_exist_ok=True)
    launcher = bundle / "infomat"
    launcher.write_text(f'#!/bin/sh\nexec {sys.executable} -m kiosk "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return bundle


def install(tmp_path: Path, *args: str) -> str:
    env = dict(os.environ, INFOMAT_ROOT=str(tmp_path / "root"), PYTHONPATH=str(app_root()))
    done = subprocess.run(
        ["bash", str(SCRIPT), "--bundle", str(fake_bundle(tmp_path)), *args],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_cage_install_writes_unit_config_and_bundle_and_is_idempotent(tmp_path: Path) -> None:
    first = install(tmp_path)
    root = tmp_path / "root"
    unit = (root / "etc/systemd/system/infomat.service").read_text()
    assert "User=kiosk" in unit and "cage" in unit and "supervise" in unit
    assert "QTWEBENGINE_DISABLE_SANDBOX=1" not in unit.replace("never set QTWEBENGINE_DISABLE_SANDBOX", "")
    assert (root / "opt/infomat/infomat").exists()
    assert (root / "etc/infomat/kiosk.toml").exists()
    assert (root / "etc/infomat/content/herb-przyklad.svg").exists()  # the files the config names came along
    assert "OK" in first and "skipped under INFOMAT_ROOT" in first  # config checked; no useradd here
    before = snapshot(root)
    second = install(tmp_path)
    assert snapshot(root) == before
    assert "unchanged /etc/systemd/system/infomat.service" in second
    assert "unchanged /etc/infomat/kiosk.toml" in second


def test_technician_edits_survive_and_x11_adds_server_flags(tmp_path: Path) -> None:
    install(tmp_path)
    config = tmp_path / "root/etc/infomat/kiosk.toml"
    edited = config.read_text().replace("idle_seconds = ", "idle_seconds = 1", 1)
    config.write_text(edited)
    (tmp_path / "root/etc/infomat/content/news.xml").write_text("<rss>edited</rss>")
    out = install(tmp_path, "--x11")
    assert config.read_text() == edited
    assert "kept existing /etc/infomat/kiosk.toml: it differs from" in out  # said, not silent
    assert (tmp_path / "root/etc/infomat/content/news.xml").read_text() == "<rss>edited</rss>"
    xorg = (tmp_path / "root/etc/X11/xorg.conf.d/10-infomat.conf").read_text()
    assert '"DontVTSwitch" "true"' in xorg and '"DontZap" "true"' in xorg
    assert "needs_root_rights=no" in (tmp_path / "root/etc/X11/Xwrapper.config").read_text()
    assert "xinit" in (tmp_path / "root/etc/systemd/system/infomat.service").read_text()
    assert "installed /etc/systemd/system/infomat.service" in out


def test_refuses_without_a_bundle(tmp_path: Path) -> None:
    env = dict(os.environ, INFOMAT_ROOT=str(tmp_path / "root"))
    done = subprocess.run(
        ["bash", str(SCRIPT), "--bundle", str(tmp_path / "nothing")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 1 and "make bundle" in done.stderr


def test_cage_gets_what_it_needs_the_command_is_kiosk_and_the_county_ca_comes_along(tmp_path: Path) -> None:
    """Issue 27, 5: cage looped every 2 s without Xwayland; apt-get ran without an update;
    the fleet CA named by the config stayed behind; the docs' command did not exist."""
    county = tmp_path / "county"
    county.mkdir()
    (county / "powiat-ca.pem").write_text("-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n")
    config = county / "kiosk.toml"
    config.write_text('[kiosk]\nname = "Powiat"\n[fleet]\nconfig_url = "https://powiat.example/county.toml"\n'
                      'public_keys = ["RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"]\n'
                      'ca_file = "powiat-ca.pem"\n')  # fmt: skip
    out = install(tmp_path, "--config", str(config))
    root = tmp_path / "root"
    assert "(skipped under INFOMAT_ROOT) apt-get update" in out
    packages = next(line for line in out.splitlines() if "apt-get install" in line)
    assert all(name in packages.split() for name in ("cage", "xwayland", "wlr-randr", "dbus"))
    assert out.index("apt-get update") < out.index("apt-get install")
    assert os.readlink(root / "usr/local/bin/kiosk") == "/opt/infomat/infomat"
    assert (root / "etc/infomat/powiat-ca.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")
    unit = (root / "etc/systemd/system/infomat.service").read_text()
    assert "ExecStart=/usr/bin/dbus-run-session -- /usr/bin/cage" in unit and "ProtectSystem=strict" in unit
