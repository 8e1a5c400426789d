"""Speech a visitor can hear, through the speech-dispatcher the kiosk ensures
(kiosk/system/speech_service.py), measured on a private PulseAudio's null sink
(tests/support/audio.py): RMS ~0.08-0.10 while espeak-ng speaks, 0 in silence.

Each "kiosk" here is a small child process with Qt TextToSpeech's speechd engine, as the
kiosk speaks; a crash is SIGKILL, as the supervisor ends a hung kiosk.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.system.speech_service import ANSWERS, REFUSED, probe
from tests.support.audio import SAY_CHILD, PrivateAudio, private_audio
from tests.support.waiting import wait_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="speech-dispatcher: Linux")

ROOT = Path(__file__).resolve().parents[2]
POLISH = ("pl_PL", "Dzień dobry, to jest infomat")
UKRAINIAN = ("uk_UA", "Добрий день, це інфомат")
LOUD = 0.02  # espeak-ng measured 0.08-0.10
SILENT = 0.005  # the null sink with nothing playing measured 0.0


@pytest.fixture
def audio(tmp_path: Path):
    with private_audio(tmp_path) as audio:
        yield audio


def say(audio: PrivateAudio, locale: str, text: str, *flags: str) -> str:
    """A kiosk child that says ``text`` and exits; its output (asserted to have spoken)."""
    done = subprocess.run([sys.executable, "-c", SAY_CHILD, locale, text, *flags], env=audio.env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert "spoke" in done.stdout, done.stdout + done.stderr[-1500:]
    return done.stdout


def crashed_kiosk(audio: PrivateAudio, *flags: str) -> None:
    """A kiosk child that speaks (heard), then is killed with SIGKILL."""
    with audio.recording() as loud:
        child = subprocess.Popen([sys.executable, "-c", SAY_CHILD, *POLISH, "--stay", *flags], env=audio.env,
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True)  # fmt: skip
        try:
            lines = []
            for line in child.stdout:
                lines.append(line)
                if line.startswith(("spoke", "error")):
                    break
            assert lines and lines[-1].startswith("spoke"), "".join(lines)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(10)
    assert loud.rms > LOUD, f"the first kiosk was not heard: RMS {loud.rms}"


def test_polish_and_ukrainian_speech_is_heard_and_silence_is_not(audio: PrivateAudio) -> None:
    service = audio.ensure_speech()
    assert service.status == "started", service
    assert service.sound_server == audio.socket, "the private PulseAudio answers"
    assert service.pid in {p.pid for p in audio.speech_daemons()}
    assert audio.record(2.0) < SILENT  # negative control: nothing speaks, nothing is heard
    for locale, text in (POLISH, UKRAINIAN):
        with audio.recording() as loud:
            spoken = say(audio, locale, text)
        assert f"locale {locale}" in spoken
        assert loud.rms > LOUD, f"{locale}: RMS {loud.rms} ({spoken.strip()})"
    assert audio.ensure_speech().status == "running"


def test_speech_is_heard_again_after_a_crashed_kiosk(audio: PrivateAudio) -> None:
    crashed_kiosk(audio, "--ensure")
    before = {p.pid for p in audio.speech_daemons() if p.name().startswith("speech-dispat")}
    time.sleep(7.0)  # longer than speech-dispatcher's default idle timeout (5 s)
    after = {p.pid for p in audio.speech_daemons() if p.name().startswith("speech-dispat")}
    assert before and after == before, "the ensured speech-dispatcher outlived the crashed kiosk"
    with audio.recording() as loud:
        spoken = say(audio, *POLISH, "--ensure")
    assert "ensure running" in spoken
    assert loud.rms > LOUD, f"the next kiosk was not heard: RMS {loud.rms}"


def test_an_autospawned_service_dies_with_the_kiosk(audio: PrivateAudio) -> None:
    """Why the kiosk ensures the service: without it libspeechd autospawns one tied to the
    kiosk, which ends a few seconds after a crash and leaves its socket behind."""
    crashed_kiosk(audio)  # no --ensure: libspeechd autospawns
    wait_for(lambda: not audio.speech_daemons(), 15, "the autospawned speech-dispatcher ending")
    path = audio.runtime / "speech-dispatcher" / "speechd.sock"
    assert probe(path)[0] == REFUSED, "a stale socket is left"
    service = audio.ensure_speech()
    assert service.status == "started", service


def test_a_stale_socket_is_replaced(audio: PrivateAudio) -> None:
    path = audio.runtime / "speech-dispatcher" / "speechd.sock"
    path.parent.mkdir(mode=0o700)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stale:
        stale.bind(str(path))  # a socket file with no listener, as a killed daemon leaves
    assert probe(path)[0] == REFUSED
    service = audio.ensure_speech()
    assert service.status == "started", service
    assert probe(path)[0] == ANSWERS
    assert service.seconds < 3.0
    with audio.recording() as loud:
        say(audio, *POLISH)
    assert loud.rms > LOUD


def test_the_doctor_finds_a_voice_for_pl_en_uk_and_starts_no_daemon(audio: PrivateAudio) -> None:
    script = "from kiosk.system.doctor import check_speech\nfor check in check_speech(): print(check.line())\n"

    def doctor() -> list[str]:
        done = subprocess.run([sys.executable, "-c", script], env=audio.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        lines = done.stdout.splitlines()
        assert len(lines) == 2, done.stdout + done.stderr[-1500:]
        assert lines[1].startswith("PASS  speech: a voice for pl, en, uk: speechd: pl_PL, en_"), lines[1]
        assert "uk_UA" in lines[1]
        return lines

    before = doctor()[0]
    assert before.startswith("PASS  speech service: stopped: not running"), before
    assert f"sound server {audio.socket}" in before
    # Qt's query autospawned a transient daemon (idle timeout 5 s); none outlives the doctor.
    wait_for(lambda: not audio.speech_daemons(), 15, "no speech-dispatcher left by the doctor")
    audio.ensure_speech()
    assert doctor()[0].startswith("PASS  speech service: running: answers on"), "the kiosk's daemon is seen"
