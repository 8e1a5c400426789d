"""A kiosk window on its screen: fullscreen and frameless in lockdown, following the
screen through rotation and resolution changes."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication

log = logging.getLogger("kiosk")


WINDOWED = QSize(1600, 900)


def window_size(lockdown: bool) -> QSize:
    """The size :func:`show_window` gives the kiosk window (the home screen lays itself
    out for it before anything is styled)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return WINDOWED
    if lockdown:
        return screen.geometry().size()
    # A demo on a 1366×768 laptop (or a compositor's 1280×720 output) gets a window it can
    # show whole, not one cut at the screen's edge.
    return WINDOWED.boundedTo(screen.availableGeometry().size())


def show_window(window, lockdown: bool) -> None:
    """Fullscreen and frameless in lockdown (sized to the screen ourselves: without a
    window manager ``showFullScreen()`` alone leaves a 640×480 window), else a window."""
    if not lockdown:
        window.resize(window_size(lockdown=False))
        window.show()
        return
    window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Window)
    window.setGeometry(window.screen().geometry())
    window.showFullScreen()
    window.screen_follower = ScreenFollower(window)
    if sys.platform.startswith("linux"):
        window.activateWindow()


class ScreenFollower(QObject):
    """Keeps a lockdown window covering its screen through rotation, resolution and
    screen changes. A child of the window, so its connections die with it."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.screen = None
        handle = window.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self.attach)
        self.attach(window.screen())

    def attach(self, screen) -> None:
        if self.screen is not None:
            self.screen.geometryChanged.disconnect(self.cover)
        self.screen = screen
        if screen is not None:
            screen.geometryChanged.connect(self.cover)
            self.cover()

    def cover(self, *_args) -> None:
        geometry = self.screen.geometry()
        if self.window.geometry() != geometry:
            log.info("screen is now %dx%d: covering it", geometry.width(), geometry.height())
            self.window.setGeometry(geometry)
