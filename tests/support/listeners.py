"""Listeners that record every TCP connection and UDP datagram, not only HTTP requests.

The socket tests put them where a hostile page would like to reach: the non-allowed host
(``evil.example`` resolves to :data:`EVIL_ADDRESS`, a second loopback address) and other
ports of the allowed host. A TCP connection is recorded when it is accepted, before any
byte arrives (a preconnect sends nothing); a datagram when it arrives (STUN, QUIC).
"""

from __future__ import annotations

import selectors
import socket
import threading
from dataclasses import dataclass

ALLOWED_ADDRESS = "127.0.0.1"
EVIL_ADDRESS = "127.0.0.2"


@dataclass(frozen=True)
class Contact:
    """One TCP connection or UDP datagram that reached a listener."""

    protocol: str  # "tcp" | "udp"
    address: str
    port: int
    first_bytes: bytes


def free_port() -> int:
    """A port free for TCP and UDP on both the allowed and the evil address."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((ALLOWED_ADDRESS, 0))
            port = probe.getsockname()[1]
        kinds = (socket.SOCK_STREAM, socket.SOCK_DGRAM)
        if all(_bindable(a, port, k) for a in (ALLOWED_ADDRESS, EVIL_ADDRESS) for k in kinds):
            return port


def _bindable(address: str, port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as probe:
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


class Listeners:
    """TCP and UDP listeners on ``(address, port)`` pairs; ``contacts`` lists what arrived."""

    def __init__(self, endpoints: list[tuple[str, int]]) -> None:
        self.contacts: list[Contact] = []
        self._lock = threading.Lock()
        self._selector = selectors.DefaultSelector()
        self._sockets: list[socket.socket] = []
        self._stop = False
        for address, port in endpoints:
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            tcp.bind((address, port))
            tcp.listen(64)
            tcp.setblocking(False)
            self._selector.register(tcp, selectors.EVENT_READ, ("accept", address, port))
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp.bind((address, port))
            udp.setblocking(False)
            self._selector.register(udp, selectors.EVENT_READ, ("datagram", address, port))
            self._sockets += [tcp, udp]
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _record(self, contact: Contact) -> None:
        with self._lock:
            self.contacts.append(contact)

    def _run(self) -> None:
        while not self._stop:
            for key, _events in self._selector.select(timeout=0.1):
                kind, address, port = key.data
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    if kind == "accept":
                        connection, _peer = sock.accept()
                        self._record(Contact("tcp", address, port, b""))
                        connection.setblocking(False)
                        self._selector.register(connection, selectors.EVENT_READ, ("read", address, port))
                    elif kind == "datagram":
                        data, _peer = sock.recvfrom(65536)
                        self._record(Contact("udp", address, port, data[:64]))
                    else:
                        data = sock.recv(65536)
                        if not data:
                            self._selector.unregister(sock)
                            sock.close()
                        else:
                            self._record(Contact("tcp-data", address, port, data[:64]))
                except OSError:
                    continue

    def seen(self, address: str | None = None, port: int | None = None) -> list[Contact]:
        with self._lock:
            return [
                c
                for c in self.contacts
                if (address is None or c.address == address) and (port is None or c.port == port)
            ]

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        for sock in self._sockets:
            sock.close()
        self._selector.close()
