"""What the web layer tells the UI. Qt core only: importing it does not start QtWebEngine."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class WebEvents(QObject):
    """One instance per window, shared by all pages and profiles."""

    notice = Signal(str)  # a Notice.* key: something the kiosk refused on purpose


class Notice:
    """Keys of things the kiosk refuses; the UI shows a short explanation for each."""

    DOWNLOAD = "download"
    UPLOAD = "upload"
    PRINT = "print"
    HTTP_AUTH = "http_auth"
    CLIENT_CERTIFICATE = "client_certificate"
    PERMISSION = "permission"
    DIALOGS_SUPPRESSED = "dialogs_suppressed"


class LoadProblem:
    """Why a page could not be shown; each has a native explanation screen."""

    BLOCKED = "blocked"
    BANK_LOGIN = "bank_login"  # a bank's login page, reached from login.gov.pl
    APP_HANDOFF = "app_handoff"  # a hand-off to a phone app (mobywatel://…): refused, explained
    CERTIFICATE = "certificate"
    OFFLINE = "offline"
    FAILED = "failed"
