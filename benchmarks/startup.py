"""Cold start to painted home, tile tap to painted service page, and process-tree PSS.

    python benchmarks/startup.py [RUNS]

Cold start: ``kiosk run`` (and the bundle's ``infomat run``) exactly as a kiosk starts
it, with the demo config and its cached content; the kiosk logs when its home screen
first painted (window shown, content drawn), counted from the OS's process creation
time. The first start of a new config validates it before painting and saves a
snapshot; every later start with the same file paints from that snapshot and validates
right after (kiosk/config/snapshot.py). Both are reported.
The web engine comes up after the paint, so it is measured separately ("engine ready").
Tile → page: a tap on the ePUAP tile (press and release on the window, as offscreen input
arrives) until the local stand-in page has loaded and painted, timed from the release (the
tile acts on it): an instant tap, and a finger's (80 ms down; the visitor's renderer starts
at the press).
PSS covers the whole process tree, QtWebEngineProcess children included.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, summary, table

CHILD = r"""
import json, os, sys, time, threading, http.server
T0 = float(sys.argv[1])
sys.path.insert(0, sys.argv[2]); sys.path.insert(0, sys.argv[2] + "/benchmarks")
from common import prepare_offscreen, tree_pss_mb
prepare_offscreen()
from PySide6.QtCore import QEvent, QObject, QTimer, QEventLoop
from PySide6.QtWidgets import QApplication
from kiosk.config import load_config
from kiosk.ui.window.window import KioskWindow

PAGE = b"<html><body><h1>ePUAP</h1><form><input name=login><input type=password></form></body></html>"
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE))); self.end_headers(); self.wfile.write(PAGE)
    def log_message(self, *a): pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()

from PySide6.QtCore import QCoreApplication, Qt
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication(["bench"])
config = load_config(sys.argv[2] + "/config/kiosk.toml")
services = [s.model_copy(update={"url": f"http://epuap.gov.pl:{server.server_address[1]}/"}) if s.id == "epuap" else s
            for s in config.services]
config = config.model_copy(update={"services": services})
config._source = __import__("pathlib").Path(sys.argv[2] + "/config/kiosk.toml")
result = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "home" not in result:
            result["home"] = time.time() - T0
        return False

window = KioskWindow(config)
painter = FirstPaint()
window.home.installEventFilter(painter)
window.resize(1920, 1080)
window.show()

def wait(condition, timeout=20):
    loop = QEventLoop(); deadline = time.time() + timeout
    timer = QTimer(); timer.setInterval(2)
    timer.timeout.connect(lambda: (condition() or time.time() > deadline) and loop.quit())
    timer.start(); loop.exec(); timer.stop()

wait(lambda: "home" in result and window.browser.view is not None)
result["engine"] = time.time() - T0
wait(lambda: False, 1.5)
result["pss_home"] = tree_pss_mb()
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
taps, finger_taps = [], []
for run in range(10):
    # A tap as offscreen input arrives: press and release on the window; every other one
    # held 80 ms like a finger (the renderer starts at the press: VisitorWeb.warm_up).
    hold = 0.08 if run % 2 else 0.0
    tile = window.home.tiles[1]
    point = tile.mapTo(window, QPoint(tile.width() // 2, tile.height() // 2))
    QTest.mousePress(window.windowHandle(), Qt.MouseButton.LeftButton, pos=point)
    if hold:
        wait(lambda: False, hold)
    t = time.perf_counter()
    QTest.mouseRelease(window.windowHandle(), Qt.MouseButton.LeftButton, pos=point)
    wait(lambda: window.current_page() is not None)
    loaded = []
    window.current_page().loadFinished.connect(lambda ok: loaded.append(ok))
    wait(lambda: bool(loaded))
    frames = []
    window.current_page().runJavaScript("new Promise(r => requestAnimationFrame(() => r(1)))", 0, frames.append)
    wait(lambda: bool(frames))
    (finger_taps if hold else taps).append((time.perf_counter() - t) * 1000)
    if run == 0:
        wait(lambda: False, 1.5)
        result["pss_service"] = tree_pss_mb()
    window.end_session("visitor")
    window.wiped.hide()
    wait(lambda: False, 0.5)
result["taps"] = taps
result["finger_taps"] = finger_taps
print("RESULT " + json.dumps(result), flush=True)
window.shutdown()
os._exit(0)
"""


# The floor, also counted by instructions.py: ends at its first paint (os._exit), so
# nothing after it is measured.
BARE = r"""
import os, sys, time
T0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(["bare"])
label = QLabel("Infomat"); label.resize(1920, 1080)
class Paint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"RESULT {time.time() - T0}", flush=True); os._exit(0)
        return False
painter = Paint(); label.installEventFilter(painter); label.show(); app.exec()
"""


def bare_window_ms(env: dict[str, str]) -> float:
    """The floor: a bare PySide6 widgets window painting one label (same machine, same way)."""
    settle()
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", BARE, str(t0)], capture_output=True, text=True, env=env, timeout=60)
    return float(next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))[7:]) * 1000


PAINTED = re.compile(r"home screen painted (\d+) ms after the process started, (\d+) ms of CPU \(from (.+)\)")


def settle() -> None:
    """Wait until the previous run's QtWebEngineProcess children are gone: they linger
    for a moment after their parent and would slow the next measured start."""
    import psutil

    end = time.monotonic() + 10
    while time.monotonic() < end:
        if not any("QtWebEngine" in (p.info["name"] or "") for p in psutil.process_iter(["name"])):
            break
        time.sleep(0.05)
    time.sleep(0.3)


def kiosk_env(home: Path) -> dict[str, str]:
    """This environment, offscreen, with ``home`` for HOME and every per-user folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "INFOMAT_HEARTBEAT"}
    env.update(INFOMAT_BENCH_HOME=str(home), HOME=str(home), QT_QPA_PLATFORM="offscreen")
    # Bytecode is cached as on a kiosk (the bundle ships it compiled); an environment
    # with PYTHONDONTWRITEBYTECODE would recompile the kiosk's modules on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def kiosk_home_ms(
    command: list[str], env: dict[str, str], workdir: Path, cwd: Path | None = None
) -> tuple[float, float, str]:
    """Start the kiosk as a kiosk does; return its logged start → home painted (wall and
    CPU ms) and the config it painted from ("the start-up snapshot" or "the validated config")."""
    settle()
    err_path = workdir / "kiosk.err"
    with err_path.open("wb") as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            match = PAINTED.search(err_path.read_text(encoding="utf-8", errors="replace"))
            if match:
                time.sleep(1.5)  # the check after the paint saves the snapshot for the next start
                return float(match.group(1)), float(match.group(2)), match.group(3)
            if process.poll() is not None:
                raise SystemExit("the kiosk exited:\n" + err_path.read_text(encoding="utf-8", errors="replace")[-2000:])
            time.sleep(0.02)
        raise SystemExit("the kiosk did not paint within 60 s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    engines, taps, finger_taps, pss_home, pss_service, bares = [], [], [], [], [], []
    homes: dict[str, list[float]] = {"python": [], "bundle": []}
    first: dict[str, list[float]] = {}
    # One HOME for all runs, like a kiosk restarting with its caches; run 0 fills them.
    home = Path(tempfile.mkdtemp(prefix="infomat-startup-"))
    env = kiosk_env(home)
    config = str(ROOT / "config" / "kiosk.toml")
    commands = {"python": [sys.executable, "-m", "kiosk", "run", "--windowed", "--config", config]}
    bundle = ROOT / "dist" / "infomat" / "infomat"
    if bundle.exists():
        commands["bundle"] = [str(bundle), "run", "--windowed", "--config", config]
    for run in range(runs + 1):
        for name, command in commands.items():
            cache = home / f"cache-{name}"  # each has its own first start
            own_cache = dict(env, XDG_CACHE_HOME=str(cache))
            ms, _cpu, source = kiosk_home_ms(command, own_cache, home)
            if run == 0:
                continue  # the very first start: every cache cold
            homes[name].append(ms)
            if run <= 3:  # a changed config (no snapshot yet), other caches warm
                shutil.rmtree(cache / "infomat" / "start", ignore_errors=True)
                ms, _cpu, source = kiosk_home_ms(command, own_cache, home)
                assert source == "the validated config", source
                first.setdefault(name, []).append(ms)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(time.time()), str(ROOT)],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
        )
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(out.stderr[-2000:], file=sys.stderr)
            raise SystemExit("benchmark child failed")
        data = json.loads(line[7:])
        if run == 0:
            continue  # cold caches: the first start of a new kiosk
        bares.append(bare_window_ms(env))
        engines.append((data["engine"] - data["home"]) * 1000)
        taps.extend(data["taps"][1:])  # the first tap of a process warms the renderer up
        finger_taps.extend(data["finger_taps"])
        pss_home.append(data["pss_home"])
        pss_service.append(data["pss_service"])
    rows = [
        ("runs", str(runs)),
        ("bare PySide6 window painted (ms, the floor)", summary(bares)),
        ("kiosk run → home painted, config unchanged (ms)", summary(homes["python"])),
        ("  with a changed config (validates first) (ms)", summary(first["python"])),
    ]
    if "bundle" in commands:
        rows += [
            ("bundle: infomat run → home painted, unchanged (ms)", summary(homes["bundle"])),
            ("  with a changed config (validates first) (ms)", summary(first["bundle"])),
        ]
    rows += [
        ("home painted → web engine ready (ms)", summary(engines)),
        ("tile tap → page painted, instant tap (ms)", summary(taps)),
        ("  a finger's tap (80 ms down), from the release (ms)", summary(finger_taps)),
        ("PSS at rest on home (MB)", f"median {statistics.median(pss_home):7.1f}"),
        ("PSS with a service open (MB)", f"median {statistics.median(pss_service):7.1f}"),
    ]
    print(table(rows, "Infomat start-up benchmark (offscreen, demo config)"))


if __name__ == "__main__":
    main()
