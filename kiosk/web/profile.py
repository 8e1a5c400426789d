"""The one visitor-profile factory: every hook and hardening installed in one function.

A visitor session is a new off-the-record ``QWebEngineProfile``; nothing else counts as
a reset (SECURITY.md #5). Build profiles only through :func:`create_visitor_profile`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import (
    QWebEngineDownloadRequest,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from kiosk.core.policy import UrlPolicy
from kiosk.core.urls import loggable_url
from kiosk.version import __version__
from kiosk.web.events import Notice, WebEvents
from kiosk.web.navigation import RequestKind, decide_request

log = logging.getLogger("kiosk.web")

PolicySource = Callable[[], UrlPolicy]
USER_AGENT_SUFFIX = f" Infomat/{__version__} (public kiosk)"
ACCEPT_LANGUAGE = {"pl": "pl-PL,pl;q=0.9,en;q=0.5", "en": "en-GB,en;q=0.9,pl;q=0.5", "uk": "uk-UA,uk;q=0.9,pl;q=0.5"}

_Attr = QWebEngineSettings.WebAttribute
HARDENED_ATTRIBUTES: dict[QWebEngineSettings.WebAttribute, bool] = {
    _Attr.JavascriptEnabled: True,
    _Attr.JavascriptCanOpenWindows: False,  # popups still reach newWindowRequested → policy
    _Attr.JavascriptCanAccessClipboard: False,
    _Attr.JavascriptCanPaste: False,
    _Attr.LocalContentCanAccessFileUrls: False,
    _Attr.LocalContentCanAccessRemoteUrls: False,
    _Attr.NavigateOnDropEnabled: False,
    _Attr.FullScreenSupportEnabled: False,
    _Attr.ScreenCaptureEnabled: False,
    _Attr.WebRTCPublicInterfacesOnly: True,
    _Attr.ErrorPageEnabled: False,  # the kiosk shows its own native error screens
    _Attr.AllowRunningInsecureContent: False,
    _Attr.AllowGeolocationOnInsecureOrigins: False,
    _Attr.AllowWindowActivationFromJavaScript: False,
    _Attr.HyperlinkAuditingEnabled: False,
    _Attr.DnsPrefetchEnabled: False,
    _Attr.TouchIconsEnabled: False,
    _Attr.PlaybackRequiresUserGesture: True,
    _Attr.BackForwardCacheEnabled: False,  # no frozen pages with live timers in the background
    _Attr.LocalStorageEnabled: True,  # sites need it; it dies with the off-the-record profile
    # Chromium's PDF viewer, with its escapes closed: its download button ends in
    # downloadRequested (cancelled) and print in printRequested (refused), see page.py.
    _Attr.PluginsEnabled: True,
    _Attr.PdfViewerEnabled: True,
}


_NAVIGATION_TYPES = {
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeMainFrame,
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeSubFrame,
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeNavigationPreloadMainFrame,
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeNavigationPreloadSubFrame,
}


class PolicyInterceptor(QWebEngineUrlRequestInterceptor):
    """Profile-level: sees every request, including fetch/XHR, WebSocket, beacons and
    service-worker traffic that never reach ``acceptNavigationRequest`` (SECURITY.md #4)."""

    def __init__(self, policy_source: PolicySource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._policy_source = policy_source
        self.blocked_count = 0

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl().toString(info.requestUrl().ComponentFormattingOption.FullyEncoded)
        resource = info.resourceType()
        if resource in _NAVIGATION_TYPES:
            kind = RequestKind.NAVIGATION
        elif resource == QWebEngineUrlRequestInfo.ResourceType.ResourceTypeWebSocket:
            kind = RequestKind.WEBSOCKET
        else:
            kind = RequestKind.SUBRESOURCE
        if decide_request(url, kind, self._policy_source()):
            return
        info.block(True)
        self.blocked_count += 1
        log.info("blocked %s request to %s", kind.value, loggable_url(url))


class VisitorProfile(QWebEngineProfile):
    """An off-the-record profile that keeps its Python hooks alive.

    PySide calls a Python ``interceptRequest`` override only while the Python wrapper of
    the interceptor exists; a Qt parent alone keeps the C++ object but not the override
    (measured PySide6 6.11: requests went through unchecked; the wipe and background-traffic
    tests fail if it happens again). The profile holds the reference.
    """

    interceptor: PolicyInterceptor


def create_visitor_profile(
    policy_source: PolicySource, events: WebEvents, language: str = "pl", parent: QObject | None = None
) -> VisitorProfile:
    """A fresh off-the-record profile with the interceptor, download refusal, permission
    policy and hardened settings installed. The caller deletes it after its pages."""
    profile = VisitorProfile(parent)  # no storage name → off the record
    if not profile.isOffTheRecord():  # pragma: no cover - would be a Qt regression
        raise RuntimeError("visitor profile is not off-the-record")
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
    profile.setPersistentPermissionsPolicy(QWebEngineProfile.PersistentPermissionsPolicy.AskEveryTime)
    profile.setSpellCheckEnabled(False)
    profile.setPushServiceEnabled(False)
    profile.setHttpUserAgent(profile.httpUserAgent() + USER_AGENT_SUFFIX)
    profile.setHttpAcceptLanguage(ACCEPT_LANGUAGE.get(language, ACCEPT_LANGUAGE["pl"]))

    interceptor = PolicyInterceptor(policy_source, parent=profile)
    profile.setUrlRequestInterceptor(interceptor)
    profile.interceptor = interceptor

    def refuse_download(download: QWebEngineDownloadRequest) -> None:
        log.info(
            "refused a download (%s) from %s",
            download.mimeType() or "unknown type",
            loggable_url(download.url().toString()),
        )
        download.cancel()
        events.notice.emit(Notice.DOWNLOAD)

    profile.downloadRequested.connect(refuse_download)
    harden_settings(profile.settings())
    return profile


def harden_settings(settings: QWebEngineSettings) -> None:
    for attribute, value in HARDENED_ATTRIBUTES.items():
        settings.setAttribute(attribute, value)
    settings.setUnknownUrlSchemePolicy(QWebEngineSettings.UnknownUrlSchemePolicy.DisallowUnknownUrlSchemes)
