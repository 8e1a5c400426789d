"""What speech and the screen-reader flag cost (issue 29): tap → speech starts and tap →
first audio (speech on, explore by touch), and tap → page loaded (speech off), each run
with and without Chromium's --force-renderer-accessibility. Prints a table.

    python benchmarks/speech.py [TAPS]

Speech is real: Qt's speechd engine, speech-dispatcher + espeak-ng, playing into a private
PulseAudio null sink (tests/support/audio.py). "Speech starts" is Qt TextToSpeech entering
Speaking, measured from the tap's press; each tap is a mouse press and release delivered
to the window, as offscreen input arrives. Each variant runs in a process of its own
(Chromium reads its flags once per process).

"First audio" is heard: parec records the null sink's monitor for the whole run. The sink
hands sound over in blocks (up to seconds when idle), so arrival times are not sound
times; the sample count is. Sample i was played at T0 + i / rate, where T0 is the
stream's start, estimated as the earliest (arrival − samples so far / rate) over every
block: a block can arrive late, never early. The onset is the first 10 ms window louder
than 0.01 RMS after the tap."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Heard:
    """The null sink's monitor, recorded raw for the whole run (see the module's note)."""

    RATE = 16000

    def __init__(self) -> None:
        import threading

        self.process = subprocess.Popen(
            ["parec", "-d", "infomat_null.monitor", "--format=s16le", f"--rate={self.RATE}", "--channels=1",
             "--latency-msec=5"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.start_estimate = float("inf")
        self.loud: list[int] = []  # first sample index of every loud 10 ms window
        self.samples = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        import array
        import math

        window = self.RATE // 100
        while True:
            chunk = self.process.stdout.read(window * 2)
            if not chunk:
                return
            arrived = time.perf_counter()
            samples = array.array("h", chunk)
            if math.sqrt(sum(x * x for x in samples) / max(1, len(samples))) / 32768 > 0.01:
                self.loud.append(self.samples)
            self.samples += len(samples)
            self.start_estimate = min(self.start_estimate, arrived - self.samples / self.RATE)

    def first_sound_after(self, moment: float) -> float | None:
        """perf_counter time of the first loud window played after ``moment``."""
        times = (self.start_estimate + index / self.RATE for index in self.loud)
        return next((t for t in times if t > moment), None)

    def close(self) -> None:
        self.process.kill()


def child(taps: int, with_flag: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import prepare_offscreen

    if not with_flag:
        from kiosk import env

        env.KIOSK_CHROMIUM_FLAGS = tuple(f for f in env.KIOSK_CHROMIUM_FLAGS if f != "--force-renderer-accessibility")
    prepare_offscreen()
    from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtTextToSpeech import QTextToSpeech
    from PySide6.QtWidgets import QApplication

    from kiosk.config import parse_config
    from kiosk.ui.window.window import KioskWindow
    from tests.support.server import SiteServer

    app = QApplication([])  # noqa: F841 - must live while the window does
    sites = SiteServer()
    sites.route("epuap.gov.pl", "/", "<h1>ePUAP</h1><label for=p>PESEL</label><input id=p>")
    config = parse_config(
        f'[kiosk]\nlockdown = false\n[[services]]\nid = "epuap"\ntitle = "ePUAP"\n'
        f'url = "http://epuap.gov.pl:{sites.port}/"\nallow = ["epuap.gov.pl"]\n'
    )
    window = KioskWindow(config)
    window.resize(1280, 900)
    window.show()

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def until(check, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while not check() and time.monotonic() < deadline:
            wait(5)
        return check()

    until(lambda: window.screens_built and window.browser.view is not None)
    tile = window.home.tiles[0]

    def tap() -> float:
        point = tile.mapTo(window, QPoint(tile.width() // 2, tile.height() // 2))
        started = time.perf_counter()
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=point)
        return started

    pages: list[float] = []
    page_done: list[float] = []
    for _ in range(taps):
        page_done.clear()
        started = tap()
        until(lambda: window.current_page() is not None)
        page = window.current_page()
        page.loadFinished.connect(lambda _ok: page_done.append(time.perf_counter()))
        until(lambda: page_done, 10)
        if page_done:
            pages.append((page_done[0] - started) * 1000)
        window.end_session("visitor")
        window.wiped.hide()
        wait(300)
    speech: list[float] = []
    spoke: list[float] = []
    tapped_at: list[float] = []
    heard = Heard()
    window.choose(window.choices.with_speech(True))
    if until(lambda: window.access.speaker._tts is not None, 30):
        tts = window.access.speaker._tts
        until(lambda: tts.state() == QTextToSpeech.State.Ready, 10)
        for _ in range(taps):
            spoke.clear()
            connection = tts.stateChanged.connect(
                lambda state: spoke.append(time.perf_counter()) if state == QTextToSpeech.State.Speaking else None
            )
            started = tap()
            tapped_at.append(started)
            until(lambda: spoke, 5)
            tts.stateChanged.disconnect(connection)
            if spoke:
                speech.append((spoke[0] - started) * 1000)
            until(lambda: tts.state() == QTextToSpeech.State.Ready, 10)
            wait(700)  # not a double tap
    wait(2500)  # the sink's last block
    audio = [(heard.first_sound_after(t) or float("nan")) - t for t in tapped_at]
    heard.close()
    opened_by_a_tap = not window.is_home()
    window.shutdown()
    sites.close()
    return {
        "pages": pages,
        "speech": speech,
        "audio": [ms * 1000 for ms in audio if ms == ms],
        "opened": opened_by_a_tap,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        result = child(int(sys.argv[2]), sys.argv[3] == "flag")
        print("RESULT " + json.dumps(result), flush=True)
        return
    taps = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import percentile

    try:
        from tests.support.audio import private_audio
    except ImportError as exc:  # pragma: no cover
        print(f"needs the test helpers: {exc}")
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-speech-") as root:
        try:
            audio_context = private_audio(Path(root))
            audio = audio_context.__enter__()
        except BaseException as exc:  # pytest.skip raises a BaseException subclass
            print(f"speech benchmark skipped: {exc}")
            return
        try:
            for with_flag in (False, True):
                env = dict(audio.env)
                env.pop("QT_QPA_PLATFORM", None)
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(taps), "flag" if with_flag else "none"],
                    env=env, capture_output=True, text=True, timeout=900,
                )  # fmt: skip
                line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
                if line is None:
                    print(done.stdout[-2000:], done.stderr[-3000:])
                    continue
                result = json.loads(line[7:])
                name = "with" if with_flag else "without"
                for key, label in (
                    ("pages", "tap → page, speech off"),
                    ("speech", "tap → speech starts"),
                    ("audio", "tap → first audio"),
                ):
                    values = result[key]
                    if values:
                        median = sorted(values)[len(values) // 2]
                        rows.append(
                            (
                                f"{label} ({name} a11y flag)",
                                f"median {median:6.1f} ms   p95 {percentile(values, 95):6.1f} ms   n={len(values)}",
                            )
                        )
                    else:
                        rows.append((f"{label} ({name} a11y flag)", "no measurement"))
        finally:
            audio_context.__exit__(None, None, None)
    width = max(len(name) for name, _ in rows)
    print(f"Speech and accessibility cost ({taps} taps each; {os.cpu_count()} cores)")
    print("-" * (width + 50))
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
