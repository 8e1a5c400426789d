"""The kiosk's one HTTP client setup (User-Agent, retries) and a conditional GET with a size
cap (ETag / Last-Modified); used by the content worker and the connectivity probe."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.urls import loggable_url
from kiosk.version import __version__

if TYPE_CHECKING:
    import requests

log = logging.getLogger("kiosk.network")

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    status: str  # "updated" | "not_modified" | "failed"
    body: bytes = b""
    etag: str | None = None
    modified: str | None = None
    error: str = ""


def session(retries: int = 2) -> requests.Session:
    """A requests session with the kiosk's User-Agent and ``retries`` on GET (0: none)."""
    import requests  # imported in a worker, never on the start-up path
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    http = requests.Session()
    if retries:  # without: every status reaches the caller as it is (no RetryError for a 500)
        retry = Retry(
            total=retries, backoff_factor=0.5, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET",)
        )
        adapter = HTTPAdapter(max_retries=retry)
        http.mount("http://", adapter)
        http.mount("https://", adapter)
    http.headers["User-Agent"] = f"Infomat/{__version__} (county kiosk)"
    return http


def fetch(
    url: str,
    etag: str | None = None,
    modified: str | None = None,
    timeout: float = 5.0,
    http: requests.Session | None = None,
) -> Fetched:
    """GET ``url`` (conditionally); never raises."""
    import requests

    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    try:
        with (http or session()).get(url, headers=headers, timeout=timeout, stream=True) as response:
            if response.status_code == 304:
                return Fetched("not_modified", etag=etag, modified=modified)
            response.raise_for_status()
            body = response.raw.read(MAX_BYTES + 1, decode_content=True)
            if len(body) > MAX_BYTES:
                return Fetched("failed", error="response too large")
            return Fetched("updated", body, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except requests.RequestException as exc:
        log.info("cannot fetch %s: %s", loggable_url(url), type(exc).__name__)
        return Fetched("failed", error=type(exc).__name__)
