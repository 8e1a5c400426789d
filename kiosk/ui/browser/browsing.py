"""The e-service screen at work: every navigation decided by the navigator, refusals and
failures explained on native screens, popups loaded in place, Back and Retry."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk.web.events import LoadProblem
from kiosk.web.navigation import NavigationDecision, NavigationKind, NavigationRequest

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEnginePage

    from kiosk.ui.browser.browser import BrowserScreen
    from kiosk.ui.browser.visitor_web import VisitorWeb
    from kiosk.ui.screens.overlays import DialogOverlay
    from kiosk.ui.window.recovery import Recovery
    from kiosk.web.navigator import Navigator, OpenDecision

log = logging.getLogger("kiosk.web")

SCROLL_FOCUSED_INTO_VIEW = "document.activeElement && document.activeElement.scrollIntoView({block: 'center'})"


class Browsing(QObject):
    """Between the navigator, the visitor's page and the browser screen."""

    def __init__(
        self,
        browser: BrowserScreen,
        navigator: Navigator,
        dialogs: DialogOverlay,
        recovery: Recovery,
        showing: Callable[[], bool],
        go_home: Callable[[], None],
        blocked: Callable[[], None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.browser, self.navigator, self._dialogs, self._recovery = browser, navigator, dialogs, recovery
        self._showing, self._go_home, self._blocked = showing, go_home, blocked
        self.web: VisitorWeb | None = None

    def attach(self, web: VisitorWeb) -> None:
        self.web = web
        web.popup_requested.connect(self.load_popup)
        web.load_problem.connect(self.on_load_problem)
        web.renderer_gone.connect(self._recovery.on_renderer_gone)
        web.load_started.connect(self._recovery.watchdog.reset)  # a navigation may drop a pending answer

    @property
    def page(self) -> QWebEnginePage | None:
        return self.web.page if self.web is not None else None

    def present(self, decision: OpenDecision, title: str) -> None:
        """Show the browser with ``decision``'s page loading under its service."""
        self.navigator.enter(decision.service)
        self.browser.set_service_name(title)
        self.browser.show_page()
        assert self.web is not None
        self.web.load(decision.url)

    def decide(self, request: NavigationRequest) -> NavigationDecision:
        """Every navigation of the page (KioskPage asks); a visible refusal is explained."""
        decision = self.navigator.decide(request)
        if not decision.allowed:
            log.info("blocked %s navigation to %s (%s)", request.kind.value, decision.log_target, decision.reason)
        if self.navigator.explains(decision):
            self._blocked()  # a visible refusal: counted (no address is)
            self.browser.show_problem(self._blocked_problem(request.url), decision.log_target)
        return decision

    def _blocked_problem(self, target: str) -> str:
        page = self.page
        return self.navigator.problem_for_blocked(page.url().toString() if page is not None else "", target)

    def load_popup(self, url: str) -> None:
        decision = self.decide(NavigationRequest(url, NavigationKind.POPUP, True))
        if decision.allowed and self.web is not None:
            self.browser.show_page()
            self.web.load(self.navigator.resolve(url).url)

    def on_load_problem(self, problem: str, target: str) -> None:
        showing = self.browser.showing_problem()
        explained = (LoadProblem.BLOCKED, LoadProblem.BANK_LOGIN, LoadProblem.APP_HANDOFF)
        if problem == LoadProblem.BLOCKED and showing in explained:
            return  # already explained by the navigation decision
        if problem == LoadProblem.BLOCKED:
            problem = self._blocked_problem(target)
        self.browser.show_problem(problem, target)
        if problem == LoadProblem.OFFLINE:
            self._recovery.offline_shown()

    def offline_showing(self) -> bool:
        return self._showing() and self.browser.showing_problem() == LoadProblem.OFFLINE

    def watched_page(self) -> QWebEnginePage | None:
        """The page the watchdog pings: the visible one, unless it waits in a JS dialog."""
        return self.page if self._showing() and not self._dialogs.waiting else None

    def go_back(self) -> None:
        page = self.page
        if self.browser.showing_problem() and page is not None and not page.url().isEmpty():
            self.browser.show_page()
        elif page is not None and page.history().canGoBack():
            page.triggerAction(page.WebAction.Back)
            self.browser.show_page()
        else:
            self._go_home()

    def retry(self) -> None:
        page = self.page
        if page is not None:
            self.browser.show_page()
            page.triggerAction(page.WebAction.Reload)

    def keyboard_shown(self, visible: bool) -> None:
        """The content shrank above the keyboard: keep the focused field in sight."""
        if visible and self._showing():
            QTimer.singleShot(50, lambda: self.page is not None and self.page.runJavaScript(SCROLL_FOCUSED_INTO_VIEW))
