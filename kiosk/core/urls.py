"""URLs as the browser loads them (WHATWG parsing, via ada), and what of them may be logged.

Pure Python, no Qt, no rules: logging and the config import this without the rule engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import ada_url

WEB_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class ParsedUrl:
    """A URL as the browser will load it (WHATWG), reduced to what rules look at."""

    scheme: str
    host: str
    port: int
    path: str
    query: str
    is_ip: bool

    @property
    def query_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query, keep_blank_values=True)

    @property
    def loggable(self) -> str:
        """Scheme, host and path only: query strings may hold what a visitor typed."""
        return f"{self.scheme}://{self.host}{self.path}"


def parse_url(url: str) -> ParsedUrl | None:
    """Parse like a browser; ``None`` for anything unparsable or not http(s)."""
    try:
        parsed = ada_url.URL(url)
    except (ValueError, TypeError):
        return None
    scheme = parsed.protocol.rstrip(":")
    if scheme not in WEB_SCHEMES:
        return None
    host = parsed.hostname.rstrip(".")
    if not host:
        return None
    port = int(parsed.port) if parsed.port else DEFAULT_PORTS[scheme]
    is_ip = parsed.host_type != ada_url.HostType.DEFAULT
    return ParsedUrl(
        scheme=scheme,
        host=host,
        port=port,
        path=parsed.pathname or "/",
        query=parsed.search.lstrip("?"),
        is_ip=is_ip,
    )


def normalize_url(url: str) -> str | None:
    """The WHATWG-serialised form of an http(s) URL (what the engine is handed), or None."""
    if parse_url(url) is None:
        return None
    return ada_url.URL(url).href


def loggable_url(url: str) -> str:
    """What may be written to a log for ``url``: no query, no fragment, no credentials."""
    parsed = parse_url(url)
    if parsed is not None:
        return parsed.loggable
    scheme, _, _ = url.partition(":")
    return f"{scheme[:20]}:…" if scheme.isalnum() else "(unparsable URL)"


def is_loopback_host(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: a server on this very machine."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def fleet_url_allowed(url: str) -> bool:
    """Where a kiosk may fetch its county file (and follow a redirect to): https, or plain
    http from this machine (tests, a local mirror behind a TLS-terminating agent)."""
    parsed = parse_url(url)
    if parsed is None:
        return False
    return parsed.scheme == "https" or is_loopback_host(parsed.host)
