"""Start the Qt application and the kiosk window (called by ``kiosk run``)."""

from __future__ import annotations

import logging
import sys

from kiosk.config import KioskConfig

log = logging.getLogger("kiosk")


def run_kiosk(config: KioskConfig, open_target: str | None = None, windowed: bool = False) -> int:
    """Run until the kiosk quits; returns the process exit code."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    from kiosk import env
    from kiosk.logs import route_qt_messages
    from kiosk.paths import data_dir
    from kiosk.stats.store import StatsStore
    from kiosk.ui.window import KioskWindow

    # QtWebEngine is imported after the first paint; it needs shared GL contexts from the start.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(env.qt_argv())
    app.setApplicationName("Infomat")
    route_qt_messages()
    stats = StatsStore(data_dir() / "stats.sqlite3" if config.stats.enabled else None)
    window = KioskWindow(config, stats=stats)
    lockdown = config.kiosk.lockdown and not windowed
    show_window(window, lockdown)
    if open_target and not window.open(open_target):
        log.warning("--open %s is not allowed by the config; starting at home", open_target)
    code = app.exec()
    window.shutdown()
    stats.close()
    return code


def show_window(window, lockdown: bool) -> None:
    """Fullscreen and frameless in lockdown (sized to the screen ourselves: without a
    window manager ``showFullScreen()`` alone leaves a 640×480 window), else a window."""
    from PySide6.QtCore import Qt

    if not lockdown:
        window.resize(1600, 900)
        window.show()
        return
    window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Window)
    screen = window.screen()
    window.setGeometry(screen.geometry())
    window.showFullScreen()
    screen.geometryChanged.connect(window.setGeometry)
    if sys.platform.startswith("linux"):
        window.activateWindow()
