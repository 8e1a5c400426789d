"""A small threaded HTTP(S) server that plays several web sites at once.

Host names are mapped to loopback addresses (tests/conftest.py): ``evil.example`` to
127.0.0.2, every other name to 127.0.0.1. The server listens on the same port of both, so
it answers for ``epuap.gov.pl`` and ``evil.example`` alike and records, per host, every
request it receives, and per address every TCP connection it accepts (a preconnect
sends no request): a test asserts the evil host got **zero** of either.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.listeners import ALLOWED_ADDRESS, EVIL_ADDRESS
from tests.support.pki import make_self_signed


@dataclass
class Response:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Seen:
    host: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Handler = Callable[[Seen], Response]
_WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class SiteServer:
    """Routes by (host, path); unknown paths on any host get a small page."""

    def __init__(self, tls_dir: Path | None = None, port: int = 0, cert: tuple[str, str] | None = None) -> None:
        self.routes: dict[tuple[str, str], Response | Handler] = {}
        self.requests: list[Seen] = []
        self.connections: list[str] = []  # the local address of every accepted TCP connection
        self.websockets_opened = 0
        self.websockets_closed = 0
        self._lock = threading.Lock()
        server = self

        class _Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                seen = Seen(host, self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with server._lock:
                    server.requests.append(seen)
                if self.headers.get("Upgrade", "").lower() == "websocket":
                    self._websocket()
                    return
                route = server.routes.get((host, self.path.split("?")[0])) or server.routes.get(
                    ("*", self.path.split("?")[0])
                )
                response = route(seen) if callable(route) else route
                if response is None:
                    response = Response(f"<html><body><h1>{host}{self.path}</h1></body></html>")
                data = response.body.encode() if isinstance(response.body, str) else response.body
                self.send_response(response.status)
                self.send_header("Content-Type", response.content_type)
                self.send_header("Content-Length", str(len(data)))
                for key, value in response.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def _websocket(self) -> None:
                """Just enough RFC 6455 to open a socket and notice when it closes."""
                key = self.headers.get("Sec-WebSocket-Key", "")
                accept = base64.b64encode(hashlib.sha1((key + _WS_GUID).encode()).digest()).decode()
                self.send_response(101)
                self.send_header("Upgrade", "websocket")
                self.send_header("Connection", "Upgrade")
                self.send_header("Sec-WebSocket-Accept", accept)
                self.end_headers()
                self.wfile.flush()
                with server._lock:
                    server.websockets_opened += 1
                try:
                    while self.rfile.read(1):
                        pass
                except OSError:
                    pass
                finally:
                    with server._lock:
                        server.websockets_closed += 1
                    self.close_connection = True

            do_GET = do_POST = do_HEAD = do_PUT = _serve

            def log_message(self, *_args: object) -> None:
                pass

        class _Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

            def get_request(self):  # type: ignore[no-untyped-def]
                connection, peer = super().get_request()
                with server._lock:
                    server.connections.append(self.server_address[0])
                return connection, peer

        if tls_dir is not None and cert is None:
            cert = make_self_signed(tls_dir)
        self.httpds: list[http.server.ThreadingHTTPServer] = []
        for address in (ALLOWED_ADDRESS, EVIL_ADDRESS):
            httpd = _Server((address, port), _Handler)
            port = httpd.server_address[1]
            if cert is not None:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(*cert)
                httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
            self.httpds.append(httpd)
        self.httpd = self.httpds[0]
        self.port = port
        self.scheme = "https" if cert is not None else "http"
        for httpd in self.httpds:
            threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def url(self, host: str, path: str = "/") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def route(self, host: str, path: str, response: Response | Handler | str) -> None:
        self.routes[(host, path)] = Response(response) if isinstance(response, str) else response

    def hits(self, host: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.host == host]

    def connections_to(self, address: str) -> int:
        """TCP connections accepted on ``address`` (requests or not)."""
        with self._lock:
            return self.connections.count(address)

    def close(self) -> None:
        for httpd in self.httpds:
            httpd.shutdown()
            httpd.server_close()
