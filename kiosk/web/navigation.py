"""The one place that decides what the browser may load. Pure Python, no Qt.

Qt callbacks (``acceptNavigationRequest``, ``newWindowRequested``, the request
interceptor, app-side ``open()``) each turn what they got into a small dataclass and
ask :func:`decide_navigation` or :func:`decide_request`; they never decide themselves.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from kiosk.core.policy import UrlPolicy
from kiosk.core.urls import loggable_url, parse_url

# Chromium's built-in PDF viewer is an extension page that loads its own UI from these
# origins (measured: Qt 6.12). Web pages cannot navigate to them (navigation is checked by
# policy) and cannot fetch chrome:// or this extension's resources.
PDF_VIEWER_ORIGINS = (
    "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/",
    "chrome://resources/",
)

# The national login node (COUNTY_FACTS.md). Its "log in with your bank" option leaves for
# each bank's own domain, which a public kiosk must not open; visitors get a specific
# explanation (use Profil Zaufany, e-dowód or mObywatel) instead of the generic one.
LOGIN_NODE_HOSTS = ("login.gov.pl",)
GOVERNMENT_DOMAINS = ("gov.pl",)

# Schemes of the web and of the browser itself. Any other scheme in a navigation is a
# hand-off to an installed application — the national sign-in opens mObywatel this way —
# which a kiosk refuses like any scheme, but explains: use the QR code with your phone.
BROWSER_SCHEMES = frozenset(
    {
        "http", "https", "ws", "wss", "ftp", "about", "data", "blob", "javascript", "file", "filesystem",
        "chrome", "chrome-extension", "chrome-untrusted", "devtools", "view-source", "qrc",
    }
)  # fmt: skip

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")  # RFC 3986, 3.1

# Frames that load nothing from the network and inherit their parent's origin.
INERT_FRAME_URLS = frozenset({"about:blank", "about:srcdoc"})


class NavigationKind(enum.Enum):
    LINK = "link"
    TYPED = "typed"  # app-side load (tile, home link, --open)
    FORM = "form"
    BACK_FORWARD = "back_forward"
    RELOAD = "reload"
    REDIRECT = "redirect"
    POPUP = "popup"  # window.open / target=_blank, loaded in the same view
    OTHER = "other"


class Outcome(enum.Enum):
    ALLOW = "allow"
    BLOCK = "block"  # rejected silently (sub-frames, resources)
    BLOCK_AND_EXPLAIN = "block_and_explain"  # rejected; show the friendly blocked screen


@dataclass(frozen=True)
class NavigationRequest:
    url: str
    kind: NavigationKind
    main_frame: bool


@dataclass(frozen=True)
class NavigationDecision:
    outcome: Outcome
    reason: str
    log_target: str  # scheme://host/path only, safe to log

    @property
    def allowed(self) -> bool:
        return self.outcome is Outcome.ALLOW


class RequestKind(enum.Enum):
    NAVIGATION = "navigation"  # main frame or sub frame document
    SUBRESOURCE = "subresource"  # images, scripts, XHR/fetch, beacons, service workers…
    WEBSOCKET = "websocket"


def decide_navigation(request: NavigationRequest, policy: UrlPolicy) -> NavigationDecision:
    """Accept or reject a navigation; main-frame rejections are explained to the visitor."""
    target = loggable_url(request.url)
    if not request.main_frame and request.url in INERT_FRAME_URLS:
        return NavigationDecision(Outcome.ALLOW, "empty frame", target)
    verdict = policy.verdict(request.url)
    if verdict.allowed:
        return NavigationDecision(Outcome.ALLOW, verdict.reason, target)
    visible = request.main_frame or request.kind is NavigationKind.POPUP
    return NavigationDecision(Outcome.BLOCK_AND_EXPLAIN if visible else Outcome.BLOCK, verdict.reason, target)


def _host_within(url: str, domains: tuple[str, ...]) -> bool:
    parsed = parse_url(url)
    return parsed is not None and any(parsed.host == d or parsed.host.endswith("." + d) for d in domains)


def leaves_login_node(current_url: str, target_url: str) -> bool:
    """True when a blocked navigation goes from the login node to a non-government site —
    in practice a bank's login page."""
    return _host_within(current_url, LOGIN_NODE_HOSTS) and not _host_within(target_url, GOVERNMENT_DOMAINS)


def hands_off_to_app(url: str) -> bool:
    """True for a URL that would open an installed application (``mobywatel://…``,
    ``intent:…``, ``mailto:…``) rather than a page."""
    match = _SCHEME.match(url)
    return match is not None and match.group(1).lower() not in BROWSER_SCHEMES


def decide_request(url: str, kind: RequestKind, policy: UrlPolicy) -> bool:
    """Whether the network layer may perform a request (called for every request)."""
    scheme = url.split(":", 1)[0].lower()
    if url.startswith(PDF_VIEWER_ORIGINS):
        return True
    if kind is RequestKind.SUBRESOURCE and scheme in ("data", "blob"):
        return True  # in-memory content of an already allowed page; nothing leaves the kiosk
    if kind is RequestKind.WEBSOCKET and scheme in ("ws", "wss"):
        url = ("https" if scheme == "wss" else "http") + url[len(scheme) :]
    return policy.allows(url)
