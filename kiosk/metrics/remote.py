"""The metrics endpoint's server, with the county's two remote looks at a kiosk (issue 31):
``GET /screenshot.png`` and ``GET /logs``, served **only** over HTTPS with required client
certificates (404 on a plain-HTTP endpoint, even on loopback: a local page or program
must not see the screen). Everything else is prometheus_client's WSGI app.

Each remote request is one ``kiosk.metrics`` line: the path, the client certificate's
subject and the answer code — never a query, a header or anything else.
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer
from prometheus_client.registry import CollectorRegistry

log = logging.getLogger("kiosk.metrics")

REMOTE_PATHS = ("/screenshot.png", "/logs")
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 409: "Conflict", 500: "Internal Server Error",
            503: "Service Unavailable"}  # fmt: skip


@dataclass
class RemoteOps:
    """What the endpoint serves besides /metrics, filled in by the running kiosk:
    ``screenshot()`` → (status, png) from the UI thread; ``logs(since)`` → the bundle."""

    screenshot: Callable[[], tuple[int, bytes]] | None = None
    logs: Callable[[str], tuple[int, bytes]] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)  # one bundle or grab at a time


def subject_of(cert: dict | None) -> str:
    """``CN=prometheus,O=Powiat`` from ``SSLSocket.getpeercert()``."""
    short = {"commonName": "CN", "organizationName": "O", "organizationalUnitName": "OU", "countryName": "C"}
    parts = [f"{short.get(k, k)}={v}" for rdn in (cert or {}).get("subject", ()) for k, v in rdn]
    return ",".join(parts) or "(none)"


class _Handler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:  # no access log: the app logs what it may
        pass

    def get_environ(self) -> dict:
        environ = super().get_environ()
        peer = getattr(self.connection, "getpeercert", None)
        environ["infomat.peer_subject"] = subject_of(peer()) if peer is not None else ""
        return environ


def make_app(registry: CollectorRegistry, remote: RemoteOps, mutual_tls: bool):
    metrics = make_wsgi_app(registry)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path not in REMOTE_PATHS:
            return metrics(environ, start_response)
        if not mutual_tls:
            code, body, kind = 404, b"remote screen and logs need HTTPS with client certificates\n", "text/plain"
        else:
            code, body, kind = _remote(path, environ, remote)
        log.info("remote %s by %s: %d", path, environ.get("infomat.peer_subject") or "(none)", code)
        headers = [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")]
        if code == 200 and path == "/logs":
            headers.append(("Content-Disposition", 'attachment; filename="infomat-logs.tar.gz"'))
        start_response(f"{code} {_REASONS.get(code, '')}", headers)
        return [body]

    return app


def _remote(path: str, environ: dict, remote: RemoteOps) -> tuple[int, bytes, str]:
    try:
        if environ.get("REQUEST_METHOD") != "GET":
            return 400, b"GET only\n", "text/plain"
        if path == "/screenshot.png":
            if remote.screenshot is None:
                return 503, b"", "text/plain"
            with remote.lock:
                code, png = remote.screenshot()
            return (code, png, "image/png") if code == 200 else (code, b"", "text/plain")
        if remote.logs is None:
            return 503, b"", "text/plain"
        since = parse_qs(environ.get("QUERY_STRING", "")).get("since", ["24h"])[0]
        with remote.lock:
            code, bundle = remote.logs(since)
        return (code, bundle, "application/gzip") if code == 200 else (code, bundle, "text/plain")
    except Exception:  # never the server thread's end; the reason goes to the log, not to the client
        log.exception("remote %s failed", path)
        return 500, b"", "text/plain"


def serve(host: str, port: int, registry: CollectorRegistry, remote: RemoteOps,
          context: ssl.SSLContext | None, mutual_tls: bool):  # fmt: skip
    """A started threading WSGI server (as prometheus_client's own, plus the remote paths)."""
    import socket

    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]

    class Server(ThreadingWSGIServer):
        address_family = family

    httpd = make_server(host, port, make_app(registry, remote, mutual_tls), Server, handler_class=_Handler)
    if context is not None:
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, name="metrics-http", daemon=True).start()
    return httpd


def tls_context(cert: str, key: str | None, client_ca: str | None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    if client_ca:
        context.load_verify_locations(client_ca)
        context.verify_mode = ssl.CERT_REQUIRED
    return context
