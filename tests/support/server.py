"""A small threaded HTTP(S) server that plays several web sites at once.

Host names are mapped to 127.0.0.1 by ``--host-resolver-rules`` (tests/conftest.py), so
one server answers for ``epuap.gov.pl`` and ``evil.example`` alike and records, per host,
every request it receives: a test asserts the evil host got **zero**.
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

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        if tls_dir is not None and cert is None:
            cert = make_self_signed(tls_dir)
        if cert is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*cert)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.scheme = "https" if cert is not None else "http"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, host: str, path: str = "/") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def route(self, host: str, path: str, response: Response | Handler | str) -> None:
        self.routes[(host, path)] = Response(response) if isinstance(response, str) else response

    def hits(self, host: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.host == host]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
