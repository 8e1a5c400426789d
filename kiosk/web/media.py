"""Who may use a camera or a microphone: one pure decision, no Qt.

``[[services]] media = ["camera", "microphone"]`` is the only way a page gets a device,
and only while that service is open, on that service's own allowed origins, in a secure
context. Every other request (another service, no service, a non-allowed or opaque
origin, plain http, a device the service does not name, and every permission that is not
a capture device: location, notifications, clipboard, screen capture …) is denied.
KioskPage turns Qt's permission request into a :class:`MediaRequest` and obeys the answer;
it never shows a prompt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.urls import parse_url

if TYPE_CHECKING:
    from kiosk.core.policy import UrlPolicy

CAMERA = "camera"
MICROPHONE = "microphone"


@dataclass(frozen=True)
class MediaRequest:
    """A page asks for capture devices."""

    devices: frozenset[str]  # {"camera"}, {"microphone"}, both; empty: not a capture device
    origin: str  # the requesting frame's origin, as Qt reports it ("https://host:port/")
    page_url: str  # the main frame's URL now
    service: str | None  # id of the service open now (None: no service, or the session ended)
    service_media: tuple[str, ...]  # that service's ``media`` list
    policy: UrlPolicy | None  # the navigator's policy for that service (global + its own rules)


@dataclass(frozen=True)
class MediaDecision:
    grant: bool
    reason: str


def is_secure_origin(origin: str) -> bool:
    """https, or http on localhost / *.localhost (what browsers treat as secure)."""
    parsed = parse_url(origin)
    if parsed is None:
        return False
    if parsed.scheme == "https":
        return True
    host = parsed.host.lower()
    return host == "localhost" or host.endswith(".localhost")


def _same_origin(a: str, b: str) -> bool:
    pa, pb = parse_url(a), parse_url(b)
    return pa is not None and pb is not None and (pa.scheme, pa.host, pa.port) == (pb.scheme, pb.host, pb.port)


def origin_allowed(origin: str, page_url: str, policy: UrlPolicy) -> bool:
    """The policy allows the origin itself, or it is the main frame's origin and the policy
    allows the page (a service allowed only under a path, ``host/uslugi``, has no rule for
    ``host/``; its own page may still ask)."""
    return policy.allows(origin) or (_same_origin(origin, page_url) and policy.allows(page_url))


def decide_media(request: MediaRequest) -> MediaDecision:
    """Grant only what the open service names, to its allowed, secure origins."""
    if not request.devices:
        return MediaDecision(False, "not a camera or microphone")
    if request.service is None or request.policy is None:
        return MediaDecision(False, "no service is open")
    missing = request.devices - set(request.service_media)
    if missing:
        return MediaDecision(False, f"service {request.service} does not name {', '.join(sorted(missing))}")
    if parse_url(request.origin) is None:
        return MediaDecision(False, "not an http(s) origin")
    if not is_secure_origin(request.origin):
        return MediaDecision(False, "not a secure context")
    if not origin_allowed(request.origin, request.page_url, request.policy):
        return MediaDecision(False, f"origin not allowed by service {request.service}")
    return MediaDecision(True, f"named by service {request.service}")


def device_label(devices: Iterable[str]) -> str:
    """The devices in words for the log ("camera and microphone")."""
    return " and ".join(sorted(devices)) or "nothing"
