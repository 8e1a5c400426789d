"""Speech a visitor hears from the real kiosk window (issue 29, 3): with speech on, a
single tap on a tile is audible and opens nothing, a double tap opens the service, the
idle warning is audible; with speech off the same warning is silent. Heard on a private
PulseAudio's null sink through the speech-dispatcher the kiosk starts itself
(tests/support/audio.py measures the RMS of what the sink plays)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.support.audio import PrivateAudio, private_audio
from tests.support.child_window import ChildWindow

pytestmark = [pytest.mark.web, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="speechd: Linux")]

LOUD = 0.02  # espeak-ng measured 0.08-0.10
SILENT = 0.005  # the null sink with nothing playing measured 0.0


@pytest.fixture
def kiosk(tmp_path: Path):
    with private_audio(tmp_path) as audio:
        window = ChildWindow(env=dict(audio.env), log=tmp_path / "kiosk.log")
        try:
            window.wait_ready()
            yield window, audio
        finally:
            window.close()


def heard(audio: PrivateAudio, window: ChildWindow, command: str, seconds: float = 2.5) -> float:
    with audio.recording() as sound:
        window.send(command)
        time.sleep(seconds)
    return sound.rms


def test_speech_is_heard_where_it_should_be_and_nowhere_else(kiosk) -> None:
    window, audio = kiosk
    assert heard(audio, window, "warn") < SILENT  # speech off: the warning is silent
    window.send("hide")
    with audio.recording() as on:
        window.send("choose speech on")  # the service and the engine start: "Mowa włączona…"
        for _ in range(40):
            time.sleep(0.25)
            if audio.speech_daemons():
                break
        time.sleep(4)
    assert on.rms > LOUD, f"speech on was not heard: {on.rms}"
    assert heard(audio, window, "tap 0") > LOUD  # one tap: the tile's name, aloud
    assert window.send("state")["screen"] == "home"  # and nothing opened
    window.send("double 0")
    deadline = time.monotonic() + 10
    while window.send("state")["screen"] != "browser" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert window.send("state")["screen"] == "browser"  # a double tap opens the service
    window.send("end")
    time.sleep(1)
    window.send("choose speech on")
    time.sleep(3)
    assert heard(audio, window, "warn", 3.0) > LOUD  # the idle warning, aloud
