"""Qt's web enums turned into the kiosk's own values at the boundary, mapped exhaustively.

``tests/qt/test_qt_enums.py`` fails when a Qt release adds a value one of these maps does
not know, so a new navigation type or termination status is looked at, not guessed.
"""

from __future__ import annotations

import enum
import logging

from PySide6.QtWebEngineCore import QWebEnginePage, QWebEnginePermission

from kiosk.web.navigation import NavigationKind

log = logging.getLogger("kiosk.web")

_Nav = QWebEnginePage.NavigationType
NAVIGATION_KINDS: dict[QWebEnginePage.NavigationType, NavigationKind] = {
    _Nav.NavigationTypeLinkClicked: NavigationKind.LINK,
    _Nav.NavigationTypeTyped: NavigationKind.TYPED,
    _Nav.NavigationTypeFormSubmitted: NavigationKind.FORM,
    _Nav.NavigationTypeBackForward: NavigationKind.BACK_FORWARD,
    _Nav.NavigationTypeReload: NavigationKind.RELOAD,
    _Nav.NavigationTypeRedirect: NavigationKind.REDIRECT,
    _Nav.NavigationTypeOther: NavigationKind.OTHER,
}


class RendererExit(enum.Enum):
    """How a page's renderer process ended."""

    NORMAL = "normal"  # the page was closed: nothing to recover
    ABNORMAL = "abnormal"  # exited with an error code
    CRASHED = "crashed"
    KILLED = "killed"  # e.g. the OOM killer, or chrome://kill

    @property
    def needs_recovery(self) -> bool:
        return self is not RendererExit.NORMAL


_Exit = QWebEnginePage.RenderProcessTerminationStatus
RENDERER_EXITS: dict[QWebEnginePage.RenderProcessTerminationStatus, RendererExit] = {
    _Exit.NormalTerminationStatus: RendererExit.NORMAL,
    _Exit.AbnormalTerminationStatus: RendererExit.ABNORMAL,
    _Exit.CrashedTerminationStatus: RendererExit.CRASHED,
    _Exit.KilledTerminationStatus: RendererExit.KILLED,
}

_Perm = QWebEnginePermission.PermissionType
#: What a denied permission is called in the log (every one is denied).
PERMISSION_NAMES: dict[QWebEnginePermission.PermissionType, str] = {
    _Perm.Unsupported: "unsupported",
    _Perm.MediaAudioCapture: "microphone",
    _Perm.MediaVideoCapture: "camera",
    _Perm.MediaAudioVideoCapture: "camera and microphone",
    _Perm.DesktopVideoCapture: "screen capture",
    _Perm.DesktopAudioVideoCapture: "screen and audio capture",
    _Perm.MouseLock: "mouse lock",
    _Perm.Notifications: "notifications",
    _Perm.Geolocation: "location",
    _Perm.ClipboardReadWrite: "clipboard",
    _Perm.LocalFontsAccess: "local fonts",
}


def navigation_kind(value: QWebEnginePage.NavigationType) -> NavigationKind:
    # An unknown value (a newer Qt) is OTHER: the policy still decides, nothing is allowed by it.
    return NAVIGATION_KINDS.get(value, NavigationKind.OTHER)


def renderer_exit(value: QWebEnginePage.RenderProcessTerminationStatus) -> RendererExit:
    return RENDERER_EXITS.get(value, RendererExit.ABNORMAL)


def permission_name(value: QWebEnginePermission.PermissionType) -> str:
    return PERMISSION_NAMES.get(value, "unknown")
