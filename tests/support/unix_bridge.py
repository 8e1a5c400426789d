"""TCP across network namespaces through Unix sockets, for tests that run the kiosk in a
network namespace of its own (so that namespace's UDP counters are the kiosk's alone)
while its servers stay outside.

Inside the namespace: ``python -m tests.support.unix_bridge DIR PORT...`` listens on
127.0.0.1:PORT and carries each connection to the Unix socket ``DIR/PORT.sock``. Outside:
:class:`UnixToTcp` listens on ``DIR/PORT.sock`` and carries each connection to
127.0.0.1:PORT. TCP only: the bridge itself sends no datagram.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def _splice(accepted: socket.socket, connect: Callable[[], socket.socket]) -> None:
    try:
        upstream = connect()
    except OSError:
        accepted.close()
        return
    back = threading.Thread(target=_pump, args=(upstream, accepted), daemon=True)
    back.start()
    _pump(accepted, upstream)
    back.join()
    accepted.close()
    upstream.close()


def _serve(listener: socket.socket, connect: Callable[[], socket.socket]) -> None:
    while True:
        try:
            accepted, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=_splice, args=(accepted, connect), daemon=True).start()


class UnixToTcp:
    """Outside the namespace: ``directory/PORT.sock`` → 127.0.0.1:PORT, for each port."""

    def __init__(self, directory: Path, ports: list[int]) -> None:
        self._listeners: list[socket.socket] = []
        for port in ports:
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(str(directory / f"{port}.sock"))
            listener.listen(64)
            self._listeners.append(listener)

            def connect(port: int = port) -> socket.socket:
                return socket.create_connection(("127.0.0.1", port), timeout=10)

            threading.Thread(target=_serve, args=(listener, connect), daemon=True).start()

    def close(self) -> None:
        for listener in self._listeners:
            listener.close()


def main(argv: list[str]) -> None:
    directory, ports = Path(argv[0]), [int(p) for p in argv[1:]]
    threads = []
    for port in ports:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)

        def connect(port: int = port) -> socket.socket:
            unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            unix.connect(str(directory / f"{port}.sock"))
            return unix

        thread = threading.Thread(target=_serve, args=(listener, connect), daemon=True)
        thread.start()
        threads.append(thread)
    print("bridge ready", flush=True)
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main(sys.argv[1:])
