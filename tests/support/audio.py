"""Speech a test can hear: a private PulseAudio with a null sink, the speech-dispatcher
the kiosk would use (started by kiosk.system.speech_service, so it plays into that
PulseAudio), and a recorder of the sink's monitor that measures loudness as RMS.

    with private_audio(tmp_path) as audio:     # skips when a program is missing
        service = audio.ensure_speech()         # kiosk.system.speech_service.SpeechService
        with audio.recording() as loud:         # parec of the null sink's monitor
            subprocess.run([...], env=audio.env)
        assert loud.rms > 0.02                  # ~0.08 while espeak-ng speaks, 0 in silence

Every process it started is ended on exit, and so is every speech-dispatcher (and its
output modules) that ran with its private XDG_RUNTIME_DIR, autospawned ones included.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from kiosk.system.speech_service import SpeechService, ensure_speech_service
from tests.support.waiting import wait_for

SINK = "infomat_null"
PROGRAMS = {
    "pulseaudio": "pulseaudio",
    "parec": "pulseaudio-utils",
    "pactl": "pulseaudio-utils",
    "sox": "sox",
    "speech-dispatcher": "speech-dispatcher",
}
PULSE_SCRIPT = f"""\
load-module module-null-sink sink_name={SINK}
load-module module-native-protocol-unix auth-anonymous=1
set-default-sink {SINK}
"""

# A kiosk's speech in miniature: a child process that (optionally) ensures the service as
# the kiosk does, then says a text with Qt TextToSpeech's speechd engine and prints
# "spoke" once the engine went from Speaking back to Ready. With --stay it then waits to be
# killed, like a kiosk that crashes later.
SAY_CHILD = r"""
import sys, time
from PySide6.QtCore import QCoreApplication, QLocale, QTimer
from PySide6.QtTextToSpeech import QTextToSpeech
args = sys.argv[1:]
if "--ensure" in args:
    from kiosk.system.speech_service import ensure_speech_service
    print("ensure", ensure_speech_service().status, flush=True)
app = QCoreApplication(sys.argv[:1])
tts = QTextToSpeech("speechd")
tts.setLocale(QLocale(args[0]))
print("locale", tts.locale().name(), "voice", tts.voice().name(), flush=True)
seen = []
def changed(state):
    seen.append(state)
    if state == QTextToSpeech.State.Ready and QTextToSpeech.State.Speaking in seen:
        print("spoke", flush=True)
        if "--stay" not in args:
            app.quit()
    elif state == QTextToSpeech.State.Error:
        print("error", tts.errorString(), flush=True)
        app.quit()
tts.stateChanged.connect(changed)
tts.say(args[1])
QTimer.singleShot(20000, app.quit)
app.exec()
"""


def missing_program() -> str | None:
    """The first program this harness needs and cannot find, with its Debian package."""
    for program, package in PROGRAMS.items():
        if shutil.which(program) is None:
            return f"{program} (Debian package {package}; scripts/system-deps.sh test installs it)"
    return None


def rms_of(wav: Path) -> float:
    """RMS amplitude (0…1) of a sound file, from ``sox FILE -n stat``."""
    done = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True, timeout=30)
    match = re.search(r"^RMS\s+amplitude:\s+([0-9.eE+-]+)$", done.stderr, re.MULTILINE)
    assert match, f"sox stat printed no RMS for {wav} (an empty recording?): {done.stderr[-500:]}"
    return float(match.group(1))


@dataclass
class Loudness:
    rms: float = -1.0  # set when the recording ends
    seconds: float = 0.0


class PrivateAudio:
    """A PulseAudio of the test's own (null sink as default) under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Short: a Unix socket path has at most 107 bytes, and pytest's tmp_path is long.
        self.runtime = Path(tempfile.mkdtemp(prefix="audio-"))
        self.home = root / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.socket = self.runtime / "pulse" / "native"
        base = {k: v for k, v in os.environ.items() if not k.startswith(("PULSE_", "SPEECHD_", "DBUS_"))}
        # What a kiosk process needs to reach this PulseAudio and the speech-dispatcher beside it.
        self.env = {
            **base,
            "XDG_RUNTIME_DIR": str(self.runtime),
            "HOME": str(self.home),
            "PULSE_SERVER": f"unix:{self.socket}",
            "QT_QPA_PLATFORM": "offscreen",
        }
        self.started: list[subprocess.Popen] = []
        self.pulseaudio: subprocess.Popen | None = None
        self.recordings = 0

    def start(self) -> None:
        script = self.root / "pulse.pa"
        script.write_text(PULSE_SCRIPT, encoding="utf-8")
        with (self.root / "pulseaudio.log").open("wb") as log:
            self.pulseaudio = self._popen(
                ["pulseaudio", "--system=false", "--exit-idle-time=-1", "-n", "-F", str(script),
                 "--daemonize=no", "--log-target=stderr"],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for(self._pulse_answers, 10, f"pulseaudio on {self.socket} ({self.root / 'pulseaudio.log'})")

    def _pulse_answers(self) -> bool:
        log = self.root / "pulseaudio.log"
        assert self.pulseaudio is not None and self.pulseaudio.poll() is None, log.read_text(errors="replace")[-1500:]
        done = subprocess.run(["pactl", "info"], env=self.env, capture_output=True, text=True, timeout=10)
        return done.returncode == 0 and f"Default Sink: {SINK}" in done.stdout

    def _popen(self, command: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(command, env=self.env, stdin=subprocess.DEVNULL, **kwargs)
        self.started.append(process)
        return process

    def ensure_speech(self, timeout: float = 3.0) -> SpeechService:
        """kiosk.system.speech_service.ensure_speech_service in this audio's environment."""
        return ensure_speech_service(timeout, env=self.env)

    def speech_daemons(self) -> list[psutil.Process]:
        """speech-dispatcher processes (and their output modules) of this private runtime dir."""
        found = []
        for process in psutil.process_iter(["name"]):
            with contextlib.suppress(psutil.Error):
                ours = (process.info["name"] or "").startswith(("speech-dispat", "sd_"))
                if (
                    ours
                    and process.status() != "zombie"
                    and process.environ().get("XDG_RUNTIME_DIR") == str(self.runtime)
                ):
                    found.append(process)
        return found

    def kill_speech(self) -> None:
        """End every speech-dispatcher of this runtime dir, as a crash or reboot would."""
        daemons = self.speech_daemons()
        for process in daemons:
            with contextlib.suppress(psutil.Error):
                process.kill()
        psutil.wait_procs(daemons, timeout=5)

    @contextlib.contextmanager
    def recording(self, settle: float = 0.5, tail: float = 1.0) -> Iterator[Loudness]:
        """Record the null sink's monitor while the block runs; the yielded Loudness gets
        its RMS at the end. ``settle``: time for parec's stream to connect first; ``tail``:
        time after the block, as sound reaches the monitor in blocks (an idle null sink
        delivered whole seconds here, even with parec's lowest latency)."""
        self.recordings += 1
        wav = self.root / f"recording-{self.recordings}.wav"
        parec = self._popen(["parec", "-d", f"{SINK}.monitor", "--latency-msec=20", "--file-format=wav", str(wav)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        loudness = Loudness()
        begun = time.monotonic()
        time.sleep(settle)
        try:
            yield loudness
            time.sleep(tail)
        finally:
            parec.send_signal(signal.SIGINT)
            try:
                parec.wait(10)
            except subprocess.TimeoutExpired:
                parec.kill()
                parec.wait()
            loudness.seconds = time.monotonic() - begun
        loudness.rms = rms_of(wav)

    def record(self, seconds: float) -> float:
        """RMS of ``seconds`` of the sink's monitor."""
        with self.recording(settle=0.0, tail=0.0) as loudness:
            time.sleep(seconds)
        return loudness.rms

    def close(self) -> None:
        self.kill_speech()
        for process in reversed(self.started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        shutil.rmtree(self.runtime, ignore_errors=True)


@contextlib.contextmanager
def private_audio(root: Path) -> Iterator[PrivateAudio]:
    """A started :class:`PrivateAudio`, closed on exit; pytest.skip names a missing program."""
    missing = missing_program()
    if missing:
        pytest.skip(f"needs {missing}")
    audio = PrivateAudio(root)
    try:
        audio.start()
        yield audio
    finally:
        audio.close()
