"""Idle CPU of the whole process tree on the home screen and during the attract slideshow.

    python benchmarks/idle_cpu.py [SECONDS]

Targets (issues): ≤ 0.5 % on home, ≤ 5 % on the attract screen (full-screen pictures
changing every 4 s, the fastest the config allows). CPU time of the kiosk and
its QtWebEngineProcess children is sampled with psutil over SECONDS (default 60) each.
"""

from __future__ import annotations

import os
import sys
import time

from common import ROOT, prepare_offscreen, table

prepare_offscreen()

import psutil  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.config import load_config  # noqa: E402
from kiosk.ui.window.window import KioskWindow  # noqa: E402


def tree_cpu_seconds() -> float:
    root = psutil.Process(os.getpid())
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def run_for(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def measure(seconds: float) -> float:
    start_cpu, start = tree_cpu_seconds(), time.monotonic()
    run_for(seconds)
    return (tree_cpu_seconds() - start_cpu) / (time.monotonic() - start) * 100


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(["idle-cpu"])  # noqa: F841 - must exist while the window does
    config = load_config(ROOT / "config" / "kiosk.toml")
    # The worst case a technician can set: pictures changing every 4 s (the minimum), each
    # a full-screen decode and scale.
    picture = config.attract.images[0]
    attract = config.attract.model_copy(update={"images": [picture, picture], "slide_seconds": 4})
    config = config.model_copy(update={"attract": attract})
    config._source = ROOT / "config" / "kiosk.toml"
    window = KioskWindow(config)
    window.resize(1920, 1080)
    window.show()
    run_for(5)  # start-up, web engine warm-up and first fetches settle
    home = measure(seconds)
    window.attract_part.start()
    screen = window.attract_part.screen
    if screen is None or not screen.isVisible():  # measuring a slideshow nobody sees proves nothing
        raise SystemExit("idle_cpu: the attract screen did not start; nothing to measure")
    shown = {screen.index}
    attract_seconds = window.config.attract.slide_seconds
    changes = [0]
    screen._timer.timeout.connect(lambda: changes.__setitem__(0, changes[0] + 1))
    attract = measure(seconds)
    shown.add(screen.index)
    if seconds >= 2 * attract_seconds and len(shown) < 2:
        raise SystemExit("idle_cpu: the pictures did not change while measured")
    print(
        table(
            [
                ("window of measurement (s)", f"{seconds:.0f} each"),
                ("home screen, idle (% of one core)", f"{home:6.2f}"),
                ("attract screen (% of one core)", f"{attract:6.2f}"),
                ("  visible; pictures changed (every 4 s)", f"{screen.isVisible()}; {changes[0]}"),
            ],
            "Infomat idle CPU (offscreen, process tree incl. QtWebEngineProcess)",
        )
    )
    window.shutdown()


if __name__ == "__main__":
    main()
