"""Infomat against Chromium ``--kiosk``, as a visitor sees them: on a real X screen (Xvfb).

    python benchmarks/chromium_compare.py [RUNS] [TREE ...]

Each TREE is a source tree whose ``kiosk`` package is run with this Python (default: this
checkout); ``bundle:PATH`` runs a built ``infomat``. The stand-in for Chromium is
``chromium --kiosk`` on a static copy of the home screen (an HTML page holding a picture of
Infomat's home, taken at the start), the way counties run kiosks today. Three floors are
measured with it: a bare PySide6 window showing the same picture, as raster widgets and
composed through RHI (what any PySide6 kiosk pays before its first own widget), and a
bare QWebEngineView showing Chromium's page (what any QtWebEngine kiosk pays).

"Painted" is judged from outside, the same for both: the time from the process's start
until the screen shows more than 20 colours (an empty window has one or two) and keeps
showing them for the next 3 s (a screen that goes blank again counts from its repainting). A first
start has a fresh HOME (no caches, no config snapshot, no Chromium profile); a restart
reuses the HOME of the previous start. Runs alternate between the programs so a busy
machine slows them alike. Memory is the PSS of the whole process tree (renderer, GPU
and zygote processes included) 3 s after painting.

Needs Debian ``xvfb`` and ``chromium``; runs as root with the sandboxes off (as the tests do).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from common import ROOT, tree_pss_mb

SIZE = (1920, 1080)
COLOURS_PAINTED = 20
POLL_SECONDS = 0.01  # between looks: the grab itself costs the X server ~15 ms
#: The floor for any PySide6 kiosk: a full-screen window showing the same picture Chromium shows.
PICTURE = (
    "import sys; from PySide6.QtWidgets import QApplication, QLabel; from PySide6.QtGui import QPixmap; "
    "app = QApplication(sys.argv[:1]); label = QLabel(); label.setPixmap(QPixmap(sys.argv[1])); "
    "label.showFullScreen(); app.exec()"
)
#: The floor for a QtWebEngine kiosk: a full-screen QWebEngineView showing Chromium's page.
WEB_VIEW = (
    "import sys; from PySide6.QtWidgets import QApplication; from PySide6.QtCore import QUrl; "
    "from PySide6.QtWebEngineWidgets import QWebEngineView; "
    "app = QApplication(sys.argv[:1]); view = QWebEngineView(); view.load(QUrl.fromLocalFile(sys.argv[1])); "
    "view.showFullScreen(); app.exec()"
)
RUN_SOURCE = (
    "import sys; sys.path.insert(0, '.'); sys.argv = ['kiosk', 'run', '--config', sys.argv[1]]; "
    "import runpy; runpy.run_module('kiosk', run_name='__main__', alter_sys=True)"
)


def kiosk_config(folder: Path) -> Path:
    """The demo config as a kiosk runs it: in lockdown, so the window covers the screen
    as Chromium's does (the demo's own window is 1600×900)."""
    shutil.copytree(ROOT / "config", folder / "config")
    path = folder / "config" / "kiosk.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("lockdown = false", "lockdown = true", 1), encoding="utf-8")
    return path


def start_display() -> tuple[subprocess.Popen[bytes], str]:
    display = f":{90 + os.getpid() % 50}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-noreset", "-br", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    return xvfb, display


class Screen:
    """Looks at the X screen through Qt (one grab of a 1920×1080 screen takes ~15 ms)."""

    def __init__(self, display: str) -> None:
        os.environ["DISPLAY"] = display
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        from PySide6.QtGui import QGuiApplication, QImage

        self.rgb32 = QImage.Format.Format_RGB32
        self.app = QGuiApplication(["chromium-compare"])
        self.screen = QGuiApplication.primaryScreen()

    def colours(self) -> int:
        """Colours among 160×90 samples of the screen (Qt picks them in C++: the watcher
        must not take a core from what it watches on a 2-core kiosk PC)."""
        image = self.screen.grabWindow(0).toImage().scaled(160, 90).convertToFormat(self.rgb32)
        return len(set(memoryview(image.constBits()).cast("I")))

    def save(self, path: Path) -> None:
        self.screen.grabWindow(0).save(str(path))


def wait_until_gone(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    end = time.monotonic() + 10  # renderers and zygotes linger a moment after their parent
    names = ("QtWebEngineProcess", "chromium")
    while time.monotonic() < end and any(
        any(n in (p.info["name"] or "") for n in names) for p in psutil.process_iter(["name"])
    ):
        time.sleep(0.05)
    time.sleep(0.5)


def measure(command: list[str], env: dict[str, str], cwd: Path, screen: Screen) -> tuple[float, float]:
    """(seconds from process start to a painted screen, tree PSS in MB)."""
    if screen.colours() > COLOURS_PAINTED:
        raise SystemExit("the screen is not empty before the start")
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        painted: float | None = None
        settled_at = None
        # Painted = from when on the screen stayed painted: a screen that goes blank again
        # (a window re-created) counts from its second painting. Watched for 3 s after it.
        while settled_at is None or time.monotonic() < settled_at:
            if screen.colours() > COLOURS_PAINTED:
                if painted is None:
                    painted = time.monotonic() - started
                    settled_at = time.monotonic() + 3.0
            else:
                painted = settled_at = None
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited with {process.returncode}")
            if time.monotonic() - started > 60:
                raise SystemExit(f"{command[0]} did not paint within 60 s")
            time.sleep(POLL_SECONDS)
        assert painted is not None
        return painted, tree_pss_mb(process.pid)
    finally:
        wait_until_gone(process)


def infomat(target: str, home: Path, display: str, config: Path) -> tuple[list[str], dict[str, str], Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "QT_QPA_PLATFORM"}
    env.update(HOME=str(home), DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached as on a kiosk (the bundle ships it)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    if target.startswith("bundle:"):
        return [target.removeprefix("bundle:"), "run", "--config", str(config)], env, home
    return [sys.executable, "-c", RUN_SOURCE, str(config)], env, Path(target)


def chromium(page: Path, home: Path, display: str) -> tuple[list[str], dict[str, str], Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), DISPLAY=display)
    binary = shutil.which("chromium") or "chromium"
    command = [binary, "--kiosk", "--no-first-run", f"--user-data-dir={home / 'chromium'}", page.as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    return command, env, home


def floor(program: str, shown: Path, home: Path, display: str, rhi: bool) -> tuple[list[str], dict[str, str], Path]:
    """A floor: PySide6 showing the picture (or, in a QWebEngineView, Chromium's page), as
    raster widgets or composed through RHI (as the kiosk does on a screen, kiosk/env.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QT_"))}
    env.update(HOME=str(home), DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if rhi:
        env["QT_WIDGETS_RHI"] = "1"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    return [sys.executable, "-c", program, str(shown)], env, home


def static_home(screen: Screen, display: str, folder: Path, config: Path) -> Path:
    """The stand-in page: a picture of Infomat's home screen, full screen."""
    home = Path(tempfile.mkdtemp(prefix="infomat-shot-"))
    command, env, cwd = infomat(str(ROOT), home, display, config)
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 60
        while screen.colours() <= COLOURS_PAINTED and time.monotonic() < end:
            time.sleep(0.1)
        time.sleep(4.0)  # news, name days and counters filled in
        screen.save(folder / "home.png")
    finally:
        wait_until_gone(process)
    page = folder / "home.html"
    page.write_text(
        "<!doctype html><html lang=pl><meta charset=utf-8><title>Infomat</title>"
        "<body style='margin:0;background:#000'>"
        "<img src='home.png' width=1920 height=1080 alt='Infomat'></body></html>",
        encoding="utf-8",
    )
    return page


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    targets = sys.argv[2:] or [str(ROOT)]
    xvfb, display = start_display()
    try:
        screen = Screen(display)
        folder = Path(tempfile.mkdtemp(prefix="chromium-compare-"))
        config = kiosk_config(folder)
        page = static_home(screen, display, folder, config)
        programs = {"Chromium --kiosk": lambda home: chromium(page, home, display)}
        for target in targets:
            label = "Infomat" if len(targets) == 1 else f"Infomat {Path(target.removeprefix('bundle:')).name}"
            programs[label] = lambda home, target=target: infomat(target, home, display, config)
        image = folder / "home.png"
        programs["floor: PySide6 picture"] = lambda home: floor(PICTURE, image, home, display, rhi=False)
        programs["floor: the same, RHI"] = lambda home: floor(PICTURE, image, home, display, rhi=True)
        programs["floor: QWebEngineView of the page"] = lambda home: floor(WEB_VIEW, page, home, display, rhi=True)
        first: dict[str, list[float]] = {name: [] for name in programs}
        again: dict[str, list[float]] = {name: [] for name in programs}
        pss: dict[str, list[float]] = {name: [] for name in programs}
        for run in range(runs):
            for name, make in programs.items():
                home = Path(tempfile.mkdtemp(prefix="compare-home-"))
                seconds, _ = measure(*make(home), screen=screen)
                first[name].append(seconds)
                seconds, mb = measure(*make(home), screen=screen)
                again[name].append(seconds)
                pss[name].append(mb)
                shutil.rmtree(home, ignore_errors=True)
            print(f"run {run + 1}/{runs} done", file=sys.stderr, flush=True)
        base = "Chromium --kiosk"
        rows = [("", "first start (fresh HOME)", "restart", "memory (PSS, tree)")]
        for name in programs:
            f, a, m = (statistics.median(v) for v in (first[name], again[name], pss[name]))
            ratio = "" if name == base else "  ({:.2f}×)"
            fb, ab, mb = (statistics.median(v) for v in (first[base], again[base], pss[base]))
            rows.append(
                (
                    name,
                    f"{f:.2f} s" + (ratio.format(f / fb) if ratio else ""),
                    f"{a:.2f} s" + (ratio.format(a / ab) if ratio else ""),
                    f"{m:.0f} MB" + (ratio.format(m / mb) if ratio else ""),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        print(f"Xvfb {SIZE[0]}×{SIZE[1]}, {runs} alternating runs, medians; painted: > {COLOURS_PAINTED} colours")
        for row in rows:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    finally:
        xvfb.terminate()


if __name__ == "__main__":
    main()
