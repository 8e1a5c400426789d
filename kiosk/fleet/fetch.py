"""Download the county file and its signature: TLS verified, size capped, a deadline for
the whole download, redirects followed only to addresses a county file may come from.

Every failure is a :class:`Refusal` with a reason a technician acts on; nothing here
raises anything else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from kiosk.core.technician import TN_
from kiosk.core.urls import fleet_url_allowed, loggable_url
from kiosk.fleet.said import Said

MAX_SIGNATURE_BYTES = 4096
MAX_REDIRECTS = 5


#: Every reason a pull is refused for: the metric's label values (created at 0 at start-up).
REFUSAL_KINDS = (
    "network", "http", "size", "redirect", "signature", "rollback", "expired", "schema", "storage", "internal",
    "stored-damaged",  # the release on the kiosk's disk no longer matches its signature: set aside, fetched again
)  # fmt: skip


@dataclass(frozen=True)
class Refusal:
    """Why a release was not applied: ``kind`` is a metric label (English, fixed); the reason
    is kept as its English text (``TN_``-marked) and fields, and put into words where it is
    shown: :attr:`message` in English for the log, :meth:`shown` in the technician's
    language of that moment (``kiosk fleet pull``, the admin panel)."""

    kind: str  # one of REFUSAL_KINDS
    text: str  # English, with {placeholders} from fields
    errors: tuple[str, ...] = ()  # the config errors of a "schema" refusal, one a line
    fields: tuple[tuple[str, Any], ...] = ()

    @property
    def said(self) -> Said:
        return Said(self.text, self.fields)

    @property
    def message(self) -> str:
        """The reason in English: the log line."""
        return self.said.english()

    def english(self) -> str:
        return self.message

    def shown(self) -> str:
        """The reason in the technician's language."""
        return self.said.shown()


class RefusedError(Exception):
    """Carries the :class:`Refusal` out of a deep call."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def refuse(kind: str, text: str, errors: tuple[str, ...] = (), **fields: Any) -> RefusedError:
    """The exception to raise for a refusal of ``kind``: ``text`` an English technician
    text marked with ``TN_``, its placeholders filled from ``fields`` when it is shown."""
    return RefusedError(Refusal(kind, text, errors, tuple(fields.items())))


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
            raise refuse("redirect", TN_("{url} redirects to {target}, which is not https"), url=shown,
                         target=loggable_url(url))  # fmt: skip
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
                here = loggable_url(url)
                if response.status_code != 200:
                    raise refuse("http", TN_("{url} answered HTTP {status}"), url=here, status=response.status_code)
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise refuse("size", TN_("{url} is {size} bytes; the limit is {limit}"), url=here,
                                 size=declared, limit=limit)  # fmt: skip
                body = bytearray()
                for chunk in response.iter_content(16384):
                    body += chunk
                    if len(body) > limit:
                        raise refuse("size", TN_("{url} is larger than the limit of {limit} bytes"), url=here,
                                     limit=limit)  # fmt: skip
                    if time.monotonic() > deadline:
                        raise refuse("network", TN_("{url} took over {seconds} s"), url=here,
                                     seconds=f"{settings.timeout:g}")  # fmt: skip
                return bytes(body), response.headers.get("ETag")
        except requests.exceptions.SSLError as exc:
            raise refuse("network", TN_("TLS to {url} failed: {problem}"), url=shown, problem=_short(exc)) from None
        except requests.RequestException as exc:
            raise refuse("network", TN_("cannot fetch {url}: {error}"), url=shown, error=type(exc).__name__) from None
    raise refuse("redirect", TN_("{url}: more than {count} redirects"), url=shown, count=MAX_REDIRECTS)


def _short(exc: Exception) -> Said | str:
    text = str(exc)
    for marker in ("CERTIFICATE_VERIFY_FAILED", "WRONG_VERSION_NUMBER", "hostname mismatch"):
        if marker in text:
            return Said({
                "CERTIFICATE_VERIFY_FAILED": TN_("the server's certificate is not trusted (see [fleet] ca_file)"),
                "WRONG_VERSION_NUMBER": TN_("the server does not speak TLS"),
                "hostname mismatch": TN_("the certificate is for another name"),
            }[marker])  # fmt: skip
    return type(exc).__name__
