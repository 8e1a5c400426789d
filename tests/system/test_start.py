"""`kiosk run` as a kiosk starts it, twice: the first start validates the config, the
second paints from the snapshot that the first one saved; editing the file ends that."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

CONFIG = """
[kiosk]
name = "Start test"
lockdown = false
[stats]
enabled = false
"""


def painted_line(tmp_path: Path, config: Path) -> str:
    """Start the real kiosk offscreen, wait for its 'home screen painted' log line, stop it."""
    err_path = tmp_path / "kiosk.err"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("INFOMAT_HEARTBEAT", None)
    with err_path.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--windowed", "--config", str(config)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            text = err_path.read_text(encoding="utf-8", errors="replace")
            lines = [line for line in text.splitlines() if "home screen painted" in line]
            if lines:
                # the check after the paint saves the snapshot: let it finish
                time.sleep(1.0)
                return lines[0]
            assert process.poll() is None, text
            time.sleep(0.05)
        raise AssertionError("the kiosk did not paint its home screen within 60 s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_second_start_paints_from_the_snapshot(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(CONFIG, encoding="utf-8")
    assert "(from the validated config)" in painted_line(tmp_path, config)
    assert "(from the start-up snapshot)" in painted_line(tmp_path, config)
    config.write_text(CONFIG.replace("Start test", "Start test 2"), encoding="utf-8")
    assert "(from the validated config)" in painted_line(tmp_path, config)
