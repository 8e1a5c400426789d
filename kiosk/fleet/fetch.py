"""Download the county file and its signature: TLS verified, size capped, a deadline for
the whole download, redirects followed only to addresses a county file may come from.

Every failure is a :class:`Refusal` with a reason a technician acts on; nothing here
raises anything else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

from kiosk.core.urls import fleet_url_allowed, loggable_url

MAX_SIGNATURE_BYTES = 4096
MAX_REDIRECTS = 5


#: Every reason a pull is refused for: the metric's label values (created at 0 at start-up).
REFUSAL_KINDS = (
    "network", "http", "size", "redirect", "signature", "rollback", "expired", "schema", "storage", "internal",
    "stored-damaged",  # the release on the kiosk's disk no longer matches its signature: set aside, fetched again
)  # fmt: skip


@dataclass(frozen=True)
class Refusal:
    """Why a release was not applied: ``kind`` is a metric label, ``message`` the log line."""

    kind: str  # one of REFUSAL_KINDS
    message: str
    errors: tuple[str, ...] = ()


class RefusedError(Exception):
    """Carries the :class:`Refusal` out of a deep call."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def refuse(kind: str, message: str, errors: tuple[str, ...] = ()) -> RefusedError:
    """The exception to raise for a refusal of ``kind``."""
    return RefusedError(Refusal(kind, message, errors))


@dataclass(frozen=True)
class Download:
    """A county file and its signature as served (``body`` None: 304, not modified)."""

    body: bytes | None
    signature: bytes = b""
    etag: str | None = None


@dataclass(frozen=True)
class FetchSettings:
    url: str
    ca_file: str | None  # None: the system's CAs
    max_bytes: int
    timeout: float  # for each whole download


def download(settings: FetchSettings, etag: str | None) -> Download:
    """The county file (conditionally on ``etag``) and, when it changed, its signature.

    Raises :class:`RefusedError`."""
    from kiosk.support.http_client import session

    with session(retries=0) as http:
        body, new_etag = _get(http, settings.url, settings, settings.max_bytes, etag)
        if body is None:
            return Download(None, etag=etag)
        signature, _ = _get(http, settings.url + ".minisig", settings, MAX_SIGNATURE_BYTES, None)
        assert signature is not None
        return Download(body, signature, new_etag)


def _get(http, url: str, settings: FetchSettings, limit: int, etag: str | None) -> tuple[bytes | None, str | None]:
    import requests

    deadline = time.monotonic() + settings.timeout
    headers = {"If-None-Match": etag} if etag else {}
    shown = loggable_url(url)
    for _hop in range(MAX_REDIRECTS + 1):
        if not fleet_url_allowed(url):
            raise refuse("redirect", f"{shown} redirects to {loggable_url(url)}, which is not https")
        try:
            remaining = max(0.5, deadline - time.monotonic())
            # verify= on the call: a Session's own setting loses to REQUESTS_CA_BUNDLE (requests 2.x).
            verify = settings.ca_file or True
            with http.get(
                url, headers=headers, timeout=remaining, stream=True, allow_redirects=False, verify=verify
            ) as response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                if response.status_code == 304 and etag:
                    return None, etag
                if response.status_code != 200:
                    raise refuse("http", f"{loggable_url(url)} answered HTTP {response.status_code}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise refuse("size", f"{loggable_url(url)} is {declared} bytes; the limit is {limit}")
                body = bytearray()
                for chunk in response.iter_content(16384):
                    body += chunk
                    if len(body) > limit:
                        raise refuse("size", f"{loggable_url(url)} is larger than the limit of {limit} bytes")
                    if time.monotonic() > deadline:
                        raise refuse("network", f"{loggable_url(url)} took over {settings.timeout:g} s")
                return bytes(body), response.headers.get("ETag")
        except requests.exceptions.SSLError as exc:
            raise refuse("network", f"TLS to {shown} failed: {_short(exc)}") from None
        except requests.RequestException as exc:
            raise refuse("network", f"cannot fetch {shown}: {type(exc).__name__}") from None
    raise refuse("redirect", f"{shown}: more than {MAX_REDIRECTS} redirects")


def _short(exc: Exception) -> str:
    text = str(exc)
    for marker in ("CERTIFICATE_VERIFY_FAILED", "WRONG_VERSION_NUMBER", "hostname mismatch"):
        if marker in text:
            return {"CERTIFICATE_VERIFY_FAILED": "the server's certificate is not trusted (see [fleet] ca_file)",
                    "WRONG_VERSION_NUMBER": "the server does not speak TLS",
                    "hostname mismatch": "the certificate is for another name"}[marker]  # fmt: skip
    return type(exc).__name__
