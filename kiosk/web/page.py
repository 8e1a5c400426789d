"""The kiosk's QWebEnginePage: every Qt callback becomes a request to the one decision
function or a refusal; no native dialog is ever shown."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QTimer, QUrl, Signal
from PySide6.QtNetwork import QAuthenticator
from PySide6.QtWebEngineCore import (
    QWebEngineCertificateError,
    QWebEngineClientCertificateSelection,
    QWebEngineDesktopMediaRequest,
    QWebEngineFileSystemAccessRequest,
    QWebEngineFullScreenRequest,
    QWebEngineLoadingInfo,
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEnginePermission,
    QWebEngineProfile,
    QWebEngineRegisterProtocolHandlerRequest,
    QWebEngineWebAuthUxRequest,
)

from kiosk.core.urls import loggable_url
from kiosk.web.events import LoadProblem, Notice, WebEvents
from kiosk.web.media import CAMERA, MICROPHONE, MediaRequest, decide_media, device_label
from kiosk.web.navigation import NavigationDecision, NavigationRequest, hands_off_to_app
from kiosk.web.qt_enums import navigation_kind, permission_name

if TYPE_CHECKING:
    from kiosk.core.policy import UrlPolicy

log = logging.getLogger("kiosk.web")

# A page may show this many JS dialogs within DIALOG_WINDOW_SECONDS; more are answered
# "cancel" at once, so an alert loop cannot hold the screen.
MAX_DIALOGS = 3
DIALOG_WINDOW_SECONDS = 30.0
MAX_DIALOG_TEXT = 500

# Qt widgets turn a page's beforeunload prompt into javaScriptConfirm() with this text
# (QWebEnginePagePrivate::javascriptDialog, UnloadDialog; measured Qt 6.11).
BEFOREUNLOAD_TEXT = QCoreApplication.translate(
    "QWebEnginePage", "Are you sure you want to leave this page? Changes that you made may not be saved."
)

# Chromium net error codes (net/base/net_error_list.h) the kiosk tells apart.
ERR_ABORTED = -3
ERR_BLOCKED_BY_CLIENT = -20


class DialogPresenter(Protocol):
    """Shows JS dialogs inside the kiosk window (never QMessageBox/QInputDialog)."""

    def alert(self, text: str) -> None: ...
    def confirm(self, text: str) -> bool: ...
    def prompt(self, text: str, default: str) -> str | None: ...


Decider = Callable[[NavigationRequest], NavigationDecision]
#: The open service (None: none) and the navigator's policy for it, asked at each request.
MediaRules = Callable[[], "tuple[Any, UrlPolicy]"]
#: Asked at each print request with the page and the frame that asked (None: the main
#: frame); True when it prints (the open service may print), False to refuse as before.
PrintHandler = Callable[["KioskPage", Any], bool]

_Perm = QWebEnginePermission.PermissionType
#: The capture permissions (Qt 6.11) and the devices each needs; a combined request needs both.
MEDIA_DEVICES: dict[QWebEnginePermission.PermissionType, frozenset[str]] = {
    _Perm.MediaVideoCapture: frozenset({CAMERA}),
    _Perm.MediaAudioCapture: frozenset({MICROPHONE}),
    _Perm.MediaAudioVideoCapture: frozenset({CAMERA, MICROPHONE}),
}


class KioskPage(QWebEnginePage):
    """A page whose every escape hatch is closed or routed through the kiosk."""

    popup_requested = Signal(str)  # URL a popup wanted; the window loads it here, through policy
    load_problem = Signal(str, str)  # LoadProblem.*, loggable target
    media_changed = Signal(object)  # frozenset of the devices granted to the current document

    def __init__(
        self,
        profile: QWebEngineProfile,
        decide: Decider,
        events: WebEvents,
        dialogs: DialogPresenter,
        media: MediaRules | None = None,
        printing: PrintHandler | None = None,
    ) -> None:
        super().__init__(profile, None)
        self._decide = decide
        self._printing = printing  # None: every print request refused
        self._media_rules = media  # None: no device for any page
        self._grants: list[tuple[QWebEnginePermission, frozenset[str]]] = []
        self._denials: list[QWebEnginePermission] = []  # capture refusals of the current document
        self._events = events
        self._dialogs = dialogs
        self._dialog_times: deque[float] = deque(maxlen=MAX_DIALOGS)
        self.dialogs_suppressed = 0

        self.newWindowRequested.connect(self._on_new_window)
        self.certificateError.connect(self._on_certificate_error)
        self.authenticationRequired.connect(self._on_authentication)
        self.proxyAuthenticationRequired.connect(self._on_proxy_authentication)
        self.selectClientCertificate.connect(self._on_client_certificate)
        self.permissionRequested.connect(self._on_permission)
        self.fullScreenRequested.connect(self._on_fullscreen)
        self.fileSystemAccessRequested.connect(self._on_file_system_access)
        self.registerProtocolHandlerRequested.connect(self._on_protocol_handler)
        self.desktopMediaRequested.connect(self._on_desktop_media)
        self.webAuthUxRequested.connect(self._on_webauth)
        # window.print() of the main frame and Chromium's PDF viewer raise printRequested,
        # a frame's window.print() printRequestedByFrame (measured Qt 6.11). Never a dialog.
        self.printRequested.connect(self._on_print)
        self.printRequestedByFrame.connect(self._on_print)
        self.loadingChanged.connect(self._on_loading_changed)

    # --- navigation -------------------------------------------------------------------
    def acceptNavigationRequest(self, url: QUrl, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool) -> bool:
        request = NavigationRequest(
            url=url.toString(QUrl.ComponentFormattingOption.FullyEncoded),
            kind=navigation_kind(nav_type),
            main_frame=is_main_frame,
        )
        return self._decide(request).allowed

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:
        # Never a second window: returning None makes Qt emit newWindowRequested with the
        # target URL (measured, Qt 6.12), which loads here through the policy.
        return None

    def _on_new_window(self, request: QWebEngineNewWindowRequest) -> None:
        self.popup_requested.emit(request.requestedUrl().toString(QUrl.ComponentFormattingOption.FullyEncoded))

    def _on_loading_changed(self, info: QWebEngineLoadingInfo) -> None:
        status = info.status()
        if status == QWebEngineLoadingInfo.LoadStatus.LoadStartedStatus:
            # The document is being left: its capture ends and its grant is withdrawn, so the
            # next document (another service's, too) asks the decision again — Qt would
            # otherwise reuse the grant for the origin for the page's lifetime (measured 6.11).
            # Its refusals go too: Qt would answer a later request of the origin with the
            # cached denial (a microphone-only service's page that first asked for the camera
            # and microphone together could never get its microphone in this page).
            self.stop_media()
            denials, self._denials = self._denials, []
            for permission in denials:
                permission.reset()
        if status == QWebEngineLoadingInfo.LoadStatus.LoadStoppedStatus and hands_off_to_app(info.url().toString()):
            # Chromium refuses an unknown scheme itself (DisallowUnknownUrlSchemes): such a
            # navigation never reaches acceptNavigationRequest, it starts and stops with
            # ERR_ABORTED (measured Qt 6.11). Refused already; the visitor is told why.
            target = loggable_url(info.url().toString())
            log.info("refused a hand-off to an application (%s)", target)
            self.load_problem.emit(LoadProblem.APP_HANDOFF, target)
            return
        if status != QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus:
            return
        code = info.errorCode()
        domain = info.errorDomain()
        target = loggable_url(info.url().toString())
        if code == ERR_ABORTED or domain == QWebEngineLoadingInfo.ErrorDomain.HttpStatusCodeDomain:
            return  # replaced by another navigation / the server's own error page shows
        if code == ERR_BLOCKED_BY_CLIENT:
            problem = LoadProblem.BLOCKED
        elif domain == QWebEngineLoadingInfo.ErrorDomain.CertificateErrorDomain:
            problem = LoadProblem.CERTIFICATE
        elif domain in (
            QWebEngineLoadingInfo.ErrorDomain.ConnectionErrorDomain,
            QWebEngineLoadingInfo.ErrorDomain.DnsErrorDomain,
        ):
            problem = LoadProblem.OFFLINE
        else:
            problem = LoadProblem.FAILED
        log.info("load of %s failed: %s (error %s)", target, problem, code)
        self.load_problem.emit(problem, target)

    # --- dialogs ----------------------------------------------------------------------
    def _dialog_allowed(self) -> bool:
        now = time.monotonic()
        if len(self._dialog_times) == MAX_DIALOGS and now - self._dialog_times[0] < DIALOG_WINDOW_SECONDS:
            self.dialogs_suppressed += 1
            if self.dialogs_suppressed == 1:
                log.info("page shows too many dialogs; further ones are cancelled")
                self._events.notice.emit(Notice.DIALOGS_SUPPRESSED)
            return False
        self._dialog_times.append(now)
        return True

    def javaScriptAlert(self, _origin: QUrl, text: str) -> None:
        if self._dialog_allowed():
            self._dialogs.alert(text[:MAX_DIALOG_TEXT])

    def javaScriptConfirm(self, _origin: QUrl, text: str) -> bool:
        if text == BEFOREUNLOAD_TEXT:
            return True  # "Leave page?": a kiosk never lets a page hold the visitor (or the wipe)
        return self._dialog_allowed() and self._dialogs.confirm(text[:MAX_DIALOG_TEXT])

    def javaScriptPrompt(self, _origin: QUrl, text: str, default: str) -> tuple[bool, str]:
        if not self._dialog_allowed():
            return False, ""
        answer = self._dialogs.prompt(text[:MAX_DIALOG_TEXT], default)
        return (answer is not None), (answer or "")

    def javaScriptConsoleMessage(self, *_args: object) -> None:
        pass  # console output may contain what a visitor typed: never logged

    def chooseFiles(self, _mode: QWebEnginePage.FileSelectionMode, _old: list[str], _types: list[str]) -> list[str]:
        self._events.notice.emit(Notice.UPLOAD)
        return []

    # --- refusals ---------------------------------------------------------------------
    def _on_certificate_error(self, error: QWebEngineCertificateError) -> None:
        log.warning("certificate error on %s: %s", loggable_url(error.url().toString()), error.description())
        error.rejectCertificate()

    def _on_authentication(self, url: QUrl, _authenticator: QAuthenticator) -> None:
        log.info("refused HTTP authentication for %s", loggable_url(url.toString()))
        self._refuse_authentication()

    def _on_proxy_authentication(self, _url: QUrl, _authenticator: QAuthenticator, _host: str) -> None:
        self._refuse_authentication()

    def _refuse_authentication(self) -> None:
        # Qt cancels only a *null* QAuthenticator, which PySide cannot produce: Qt then sends
        # empty credentials ("Basic Og==") and Chromium asks again, forever (measured, Qt
        # 6.12). Stopping the load ends that loop after one empty attempt; no visitor input
        # is ever sent.
        self._events.notice.emit(Notice.HTTP_AUTH)
        QTimer.singleShot(0, lambda: self.triggerAction(QWebEnginePage.WebAction.Stop))

    def _on_client_certificate(self, selection: QWebEngineClientCertificateSelection) -> None:
        selection.selectNone()
        self._events.notice.emit(Notice.CLIENT_CERTIFICATE)

    def _on_permission(self, permission: QWebEnginePermission) -> None:
        name = permission_name(permission.permissionType())
        devices = MEDIA_DEVICES.get(permission.permissionType(), frozenset())
        if devices and self._media_rules is not None:
            service, policy = self._media_rules()
            decision = decide_media(
                MediaRequest(
                    devices=devices,
                    origin=permission.origin().toString(QUrl.ComponentFormattingOption.FullyEncoded),
                    page_url=self.url().toString(QUrl.ComponentFormattingOption.FullyEncoded),
                    service=service.id if service is not None else None,
                    service_media=tuple(service.media) if service is not None else (),
                    policy=policy,
                )
            )
            if decision.grant:
                log.info("granted the %s (%s)", name, decision.reason)
                permission.grant()
                self._grants.append((permission, devices))
                self.media_changed.emit(self.media_devices())
                return
            log.info("denied the %s permission (%s)", name, decision.reason)
            self._denials.append(permission)
        else:
            log.info("denied the %s permission", name)
        permission.deny()
        self._events.notice.emit(Notice.PERMISSION)

    # --- capture devices ----------------------------------------------------------------
    def media_devices(self) -> frozenset[str]:
        """The devices granted to the current document and not withdrawn since.

        What this measures: the kiosk's own grants, withdrawn when the document is left
        (a main-frame load starts), when the visitor ends the call and at the wipe. Qt has
        no signal for a live capture; a page that stops its own tracks still counts here
        until one of those, so the indicator may stay on longer than the light, never
        shorter."""
        return frozenset().union(*(devices for _permission, devices in self._grants))

    def stop_media(self) -> None:
        """End every capture of this page: resetting a granted permission ends its live
        tracks at once (readyState "ended", measured Qt 6.11), and the next request asks
        the decision again."""
        if not self._grants:
            return
        grants, self._grants = self._grants, []
        for permission, devices in grants:
            permission.reset()
            log.info("ended the %s capture", device_label(devices))
        self.media_changed.emit(frozenset())

    def _on_fullscreen(self, request: QWebEngineFullScreenRequest) -> None:
        request.reject()

    def _on_file_system_access(self, request: QWebEngineFileSystemAccessRequest) -> None:
        request.reject()
        self._events.notice.emit(Notice.UPLOAD)

    def _on_protocol_handler(self, request: QWebEngineRegisterProtocolHandlerRequest) -> None:
        request.reject()

    def _on_desktop_media(self, request: QWebEngineDesktopMediaRequest) -> None:
        request.cancel()

    def _on_webauth(self, request: QWebEngineWebAuthUxRequest) -> None:
        request.cancel()

    def _on_print(self, frame: Any = None) -> None:
        if self._printing is not None and self._printing(self, frame):
            return
        self._events.notice.emit(Notice.PRINT)
