"""The window's picture for ``GET /screenshot.png`` (issue 31), taken on the UI thread.

The metrics server answers from a thread of its own; widgets may only be read on the UI
thread. So the server's thread posts a request (a queued signal), the UI thread decides
and grabs in one go, and the server waits on an event — 503 when the UI does not answer
in time (a hung kiosk must not hold the county's script).

The privacy rule (docs/security.md): a picture only while no visitor session is open —
the home screen with no session started, the attract or the closed screen. A page open,
a visitor's choice made, the idle warning: 409 and no image.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal

from kiosk.core.session import State

if TYPE_CHECKING:
    from kiosk.ui.window.window import KioskWindow

UI_TIMEOUT_SECONDS = 5.0


def visitor_session_open(window: KioskWindow) -> bool:
    machine = window.session.machine
    return (
        machine.state is not State.IDLE
        or machine.private
        or machine.started_at is not None
        or not window.is_home()
    )


class _Request:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.status = 503
        self.png = b""


class RemoteScreen(QObject):
    """Lives with its window (its child); :meth:`take` may be called from any thread."""

    _asked = Signal(object)

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self._window = window
        self._asked.connect(self._answer, Qt.ConnectionType.QueuedConnection)

    def take(self, timeout: float = UI_TIMEOUT_SECONDS) -> tuple[int, bytes]:
        request = _Request()
        try:
            self._asked.emit(request)
        except RuntimeError:  # the window (and this object) is gone: a config swap
            return 503, b""
        if not request.done.wait(timeout):
            return 503, b""
        return request.status, request.png

    def _answer(self, request: _Request) -> None:
        try:
            window = self._window
            if window.shut_down:
                request.status = 503
            elif visitor_session_open(window):
                request.status = 409
            else:
                request.status, request.png = 200, _png(window)
        finally:
            request.done.set()


def _png(window: KioskWindow) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    window.grab().save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())
