"""The connection gate: every TCP connection Chromium makes goes through this local SOCKS5
proxy, which opens it only to a host:port the current policy allows.

Why a second layer below the request interceptor (docs/security.md, "Sockets"): the
interceptor judges requests, not sockets, and QtWebEngine asks it about a redirect only
*after* the network service has followed it (``InterceptedRequest::FollowRedirect`` in
qtwebengine's src/core/net/proxying_url_loader_factory_qt.cpp forwards the redirect first,
then runs the interceptor; measured Qt 6.11: redirected images, styles, media, beacons and
fetches reached a non-allowed host). Preconnects and WebRTC's TCP candidates open sockets
that no interceptor ever sees. Chromium is started with ``--proxy-server=socks5://…`` and
``--proxy-bypass-list=<-loopback>`` (kiosk/env.py): nothing connects directly, loopback
addresses included. Names are resolved here, after the decision, so a name the policy
does not allow is never even looked up in DNS; the browser resolves none itself
(``--host-resolver-rules`` maps every name to nothing, kiosk/env.py). A WebRTC TURN server
over TCP or TLS arrives here by name as well: its lookup in the browser fails, and WebRTC
then connects by name through the proxy (measured Qt 6.11.3), so a call reaches only a TURN
host the open service allows (docs/security.md, "Calls through the gate").

Pure Python (sockets and threads, no Qt): it runs off the UI thread, one thread per
direction of each connection; blocking socket calls release the GIL.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import struct
import threading
from collections.abc import Callable

from kiosk.core.policy import UrlPolicy

log = logging.getLogger("kiosk.web")

PolicySource = Callable[[], UrlPolicy]
Resolver = Callable[[str, int], str]  # host, port -> the address to connect to

CONNECT_TIMEOUT_SECONDS = 15.0
CLOSE_GRACE_SECONDS = 30.0
_BUFFER = 65536

# RFC 1928 replies.
_SUCCEEDED, _GENERAL_FAILURE, _NOT_ALLOWED, _NETWORK_UNREACHABLE, _HOST_UNREACHABLE = 0, 1, 2, 3, 4
_CONNECTION_REFUSED, _TTL_EXPIRED, _COMMAND_NOT_SUPPORTED, _ADDRESS_NOT_SUPPORTED = 5, 6, 7, 8


def system_resolver(host: str, port: int) -> str:
    """The first address DNS (or the hosts file) gives for ``host``."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]


class HostMap:
    """A resolver from Chromium's ``--host-resolver-rules`` syntax (``MAP pattern address``,
    first match wins; ``*`` as a label wildcard). For tests and benchmarks only: real host
    names reach local servers (the browser itself resolves nothing, kiosk/env.py)."""

    def __init__(self, rules: str) -> None:
        self.rules: list[tuple[str, str]] = []
        for rule in rules.split(","):
            words = rule.split()
            if len(words) != 3 or words[0] != "MAP":
                raise ValueError(f"host rule {rule.strip()!r}: only 'MAP pattern address' is supported")
            self.rules.append((words[1].lower(), words[2]))

    def __call__(self, host: str, port: int) -> str:
        host = host.lower().rstrip(".")
        for pattern, address in self.rules:
            if pattern == "*" or pattern == host or (pattern.startswith("*.") and host.endswith(pattern[1:])):
                return address
        return system_resolver(host, port)


class ConnectionGate:
    """A SOCKS5 server on 127.0.0.1 that CONNECTs only where ``policy()`` allows."""

    def __init__(self, resolver: Resolver = system_resolver) -> None:
        self._resolver = resolver
        self._policy: PolicySource | None = None
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(128)
        self.port: int = self._server.getsockname()[1]
        self.refused = 0  # connections the policy did not allow (read by diagnostics)
        self.opened = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept_loop, name="connection-gate", daemon=True)
        self._thread.start()

    @property
    def proxy_url(self) -> str:
        return f"socks5://127.0.0.1:{self.port}"

    def set_policy(self, source: PolicySource | None) -> None:
        """Where the current policy comes from; ``None`` refuses every connection."""
        self._policy = source

    def policy_source(self) -> PolicySource | None:
        return self._policy

    def allows(self, host: str, port: int) -> bool:
        source = self._policy
        if source is None:
            return False
        try:
            return source().allows_origin(host, port)
        except Exception:  # a broken source must close the gate, never open it
            log.exception("connection gate: the policy could not be read; refusing")
            return False

    # --- SOCKS5 --------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while True:
            try:
                client, _peer = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), name="gate-connection", daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            client.settimeout(CONNECT_TIMEOUT_SECONDS)
            target = self._handshake(client)
            if target is None:
                return
            host, port = target
            if not self.allows(host, port):
                with self._lock:
                    self.refused += 1
                log.info("blocked a connection to %s:%d (no rule allows it)", host, port)
                self._reply(client, _NOT_ALLOWED)
                return
            upstream, code = self._connect(host, port)
            if upstream is None:
                self._reply(client, code)
                return
            with self._lock:
                self.opened += 1
            self._reply(client, _SUCCEEDED)
            client.settimeout(None)
            upstream.settimeout(None)
            back = threading.Thread(target=_pump, args=(upstream, client), name="gate-pump", daemon=True)
            back.start()
            _pump(client, upstream)
            back.join(timeout=CLOSE_GRACE_SECONDS)
            if back.is_alive():  # the browser is gone and the server keeps its side open
                upstream.shutdown(socket.SHUT_RDWR)
                back.join()
        except (OSError, ValueError):
            pass
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    sock.close()

    @staticmethod
    def _handshake(client: socket.socket) -> tuple[str, int] | None:
        version, count = _read(client, 2)
        if version != 5:
            return None
        methods = _read(client, count)
        if 0 not in methods:  # only "no authentication" is offered by Chromium
            client.sendall(b"\x05\xff")
            return None
        client.sendall(b"\x05\x00")
        version, command, _reserved, kind = _read(client, 4)
        if version != 5:
            return None
        if kind == 1:
            host = str(ipaddress.IPv4Address(_read(client, 4)))
        elif kind == 3:
            host = _read(client, _read(client, 1)[0]).decode("idna").lower()
        elif kind == 4:
            host = str(ipaddress.IPv6Address(_read(client, 16)))
        else:
            ConnectionGate._reply(client, _ADDRESS_NOT_SUPPORTED)
            return None
        (port,) = struct.unpack("!H", _read(client, 2))
        if command != 1:  # BIND and UDP ASSOCIATE: never
            ConnectionGate._reply(client, _COMMAND_NOT_SUPPORTED)
            return None
        return host, port

    def _connect(self, host: str, port: int) -> tuple[socket.socket | None, int]:
        try:
            address = self._resolver(host, port)
        except (OSError, UnicodeError):
            return None, _HOST_UNREACHABLE
        try:
            return socket.create_connection((address, port), timeout=CONNECT_TIMEOUT_SECONDS), _SUCCEEDED
        except ConnectionRefusedError:
            return None, _CONNECTION_REFUSED
        except TimeoutError:
            return None, _TTL_EXPIRED
        except OSError:
            return None, _NETWORK_UNREACHABLE

    @staticmethod
    def _reply(client: socket.socket, code: int) -> None:
        client.sendall(bytes([5, code, 0, 1, 0, 0, 0, 0, 0, 0]))

    def close(self) -> None:
        self._policy = None
        self._server.close()


def _read(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ValueError("connection closed during the SOCKS handshake")
        data += chunk
    return data


def _pump(source: socket.socket, sink: socket.socket) -> None:
    """Copy until ``source`` closes, then close ``sink``'s sending side."""
    try:
        while chunk := source.recv(_BUFFER):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


_gate: ConnectionGate | None = None


def start_gate(resolver: Resolver = system_resolver) -> ConnectionGate:
    """The process's gate (started once; the browser's flags name its port)."""
    global _gate
    if _gate is None:
        _gate = ConnectionGate(resolver)
    return _gate


def current_gate() -> ConnectionGate | None:
    return _gate
