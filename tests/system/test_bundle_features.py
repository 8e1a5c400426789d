"""The frozen bundle keeps every feature build.spec's exclusions could break: it is built
with the probe (INFOMAT_BUNDLE_PROBE=1: ``infomat-probe`` beside ``infomat``, one
``_internal``) and the probe runs the keyboard's pl/uk/en layouts, Qt TextToSpeech's
speechd plugin, QtPdf and QPdfView (the forms screen), printing's PDF and its page count,
the admin panel and the trimmed ICU data from the bundle's own files. ``make bundle-test``
(the self-test) covers the home screen, QtWebEngine, the keyboard's loading, a PDF in the
viewer and a wipe. ~1.5 min: one PyInstaller build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYINSTALLER = Path(sys.executable).with_name("pyinstaller")

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
    pytest.mark.skipif(not PYINSTALLER.exists(), reason="PyInstaller (pip install -e '.[build]')"),
    pytest.mark.skipif(shutil.which("readelf") is None, reason="binutils"),
]


@pytest.mark.timeout(900)
def test_the_frozen_bundle_runs_every_feature_the_self_test_does_not(tmp_path):
    env = {**os.environ, "INFOMAT_BUNDLE_PROBE": "1"}
    build = subprocess.run(
        [str(PYINSTALLER), "--noconfirm", "--log-level", "ERROR", "--distpath", str(tmp_path / "dist"),
         "--workpath", str(tmp_path / "work"), str(ROOT / "build.spec")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=800,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    bundle = tmp_path / "dist" / "infomat"
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_bundle.py"), str(bundle)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    run_env.update(HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        run_env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    (tmp_path / "home").mkdir()
    probe = subprocess.run([str(bundle / "infomat-probe")], env=run_env, capture_output=True, text=True, timeout=180)
    lines = [line for line in probe.stdout.splitlines() if line.startswith(("PASS", "FAIL", "OK", "FAILED"))]
    assert probe.returncode == 0 and lines[-1].startswith("OK"), "\n".join(lines) + probe.stderr[-2000:]
    assert any("keyboard: uk_UA" in line for line in lines) and any("speechd" in line for line in lines)
