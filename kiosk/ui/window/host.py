"""The kiosk window as the parts it holds see it: what they may read and call.

The window builds its parts (appearance, the screens built after the first paint) and
hands itself to them; they type against this protocol, not against the window class, so
no part imports the window that imports it (tests/unit/test_layers.py holds the kiosk
free of import cycles, annotations included). ``KioskWindow`` satisfies it structurally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWebEngineCore import QWebEnginePage
    from PySide6.QtWidgets import QStackedWidget

    from kiosk.config import KioskConfig
    from kiosk.content.service import ContentService
    from kiosk.ui.browser.browser import BrowserScreen
    from kiosk.ui.browser.browsing import Browsing
    from kiosk.ui.browser.dialog_guard import NativeDialogGuard
    from kiosk.ui.browser.visitor_web import VisitorWeb
    from kiosk.ui.home.home import HomeScreen
    from kiosk.ui.home.panels import ContentPanels
    from kiosk.ui.screens.attract import AttractPart
    from kiosk.ui.screens.overlay_stack import OverlayStack
    from kiosk.ui.screens.session_ui import SessionController, WarningOverlay
    from kiosk.ui.widgets.keyboard import KeyboardPanel
    from kiosk.ui.window.choices import Choices
    from kiosk.ui.window.input_watch import InputWatcher
    from kiosk.ui.window.recovery import Recovery
    from kiosk.ui.window.usage import UsageRecorder
    from kiosk.web.events import WebEvents
    from kiosk.web.navigator import Navigator


class AccessHost(Protocol):
    """The window's access part (kiosk.ui.window.access), as the other parts see it."""

    def apply(self, choices: Choices) -> None: ...

    def say(self, text: str) -> None: ...


class WindowHost(Protocol):
    """What :class:`kiosk.ui.window.window.KioskWindow` offers its parts."""

    config: KioskConfig
    config_verified: bool
    shut_down: bool
    choices: Choices
    home: HomeScreen
    panels: ContentPanels
    content: ContentService
    keyboard: KeyboardPanel
    overlays: OverlayStack
    stack: QStackedWidget
    navigator: Navigator
    recovery: Recovery
    usage: UsageRecorder
    session: SessionController
    events: WebEvents
    dialog_guard: NativeDialogGuard
    attract_part: AttractPart
    first_painted: SignalInstance
    # Built after the first paint (kiosk.ui.window.later_screens.BuiltAfterFirstPaint).
    browser: BrowserScreen
    browsing: Browsing
    web: VisitorWeb
    access: AccessHost
    warning: WarningOverlay
    input: InputWatcher

    @property
    def language(self) -> str: ...

    @property
    def screens_built(self) -> bool: ...

    def later_screens(self) -> object: ...

    def open(self, target: str) -> bool: ...

    def end_session(self, reason: str = "visitor") -> None: ...

    def go_home(self) -> None: ...

    def choose(self, choices: Choices) -> None: ...

    def current_page(self) -> QWebEnginePage | None: ...

    def setStyleSheet(self, sheet: str) -> None: ...

    def width(self) -> int: ...

    def height(self) -> int: ...
