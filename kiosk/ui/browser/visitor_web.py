"""The visitor's web: one view, one page and one off-the-record profile per visitor.

Built for each visitor and retired by the wipe: view, every page, then the profile
(SECURITY.md #5: nothing else is a reset). The page's signals are re-emitted here, so
the window connects once, not once per visitor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, QUrl, Signal

if TYPE_CHECKING:
    from kiosk.ui.browser.browser import BrowserScreen
    from kiosk.ui.browser.dialog_guard import NativeDialogGuard
    from kiosk.ui.screens.overlays import DialogOverlay
    from kiosk.web.events import WebEvents
    from kiosk.web.navigation import NavigationDecision, NavigationRequest
    from kiosk.web.navigator import Navigator
    from kiosk.web.page import KioskPage
    from kiosk.web.profile import VisitorProfile

log = logging.getLogger("kiosk.web")

#: What :meth:`VisitorWeb.warm_up` loads: an empty document, no request, nothing to decide
#: (Chromium does not ask acceptNavigationRequest about it, measured Qt 6.11).
WARM_UP_URL = "about:blank"


class VisitorWeb(QObject):
    """Builds and retires the visitor's view, page and profile."""

    popup_requested = Signal(str)  # a popup's URL: the window loads it here, through the policy
    load_problem = Signal(str, str)  # LoadProblem.*, loggable target
    renderer_gone = Signal(object, int)  # QWebEnginePage.RenderProcessTerminationStatus, exit code
    load_started = Signal()

    def __init__(
        self,
        browser: BrowserScreen,
        navigator: Navigator,
        decide: Callable[[NavigationRequest], NavigationDecision],
        events: WebEvents,
        dialogs: DialogOverlay,
        guard: NativeDialogGuard,
        language: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._browser, self._navigator, self._decide = browser, navigator, decide
        self._events, self._dialogs, self._guard, self._language = events, dialogs, guard, language
        self.page: KioskPage | None = None
        self.zoom = 1.0  # the visitor's text size, applied to every page they load
        self.profile: VisitorProfile | None = None
        self.enabled = True  # False after shutdown, or before the start-up config was checked
        self.printing: Callable[..., bool] | None = None  # the print part's handler (kiosk/ui/printing)
        self._retiring: list[tuple] = []  # pages deleted later, with their profiles (see retire)
        browser.media.end_call.connect(self.stop_media)
        # The browser screen hidden (Home, the wipe): a camera is never on out of sight of its sign.
        browser.installEventFilter(self)

    def build(self) -> bool:
        """The next visitor's view, page and profile, if there are none; False when not allowed."""
        if self.page is not None:
            return True
        if not self.enabled:
            return False
        from kiosk.web.gate import current_gate
        from kiosk.web.page import KioskPage
        from kiosk.web.profile import create_visitor_profile

        gate = current_gate()
        if gate is not None:  # the socket layer asks the same navigator as the interceptor
            gate.set_policy(self._navigator.policy)
        self.profile = create_visitor_profile(self._navigator.policy, self._events, self._language())
        navigator = self._navigator  # camera and microphone: the open service and its policy, at each request
        media = lambda: (navigator.service, navigator.policy())  # noqa: E731
        page = KioskPage(self.profile, self._decide, self._events, self._dialogs, media=media, printing=self.printing)
        page.media_changed.connect(self._browser.media.show_devices)
        page.popup_requested.connect(self.popup_requested)
        page.load_problem.connect(self.load_problem)
        page.renderProcessTerminated.connect(lambda status, code: self.renderer_gone.emit(status, code))
        page.loadStarted.connect(self.load_started)
        page.urlChanged.connect(lambda url, p=page: self._forget_warm_up(p, url))
        # Chromium keeps zoom per site: a link to another host would drop the visitor's size.
        page.loadFinished.connect(lambda _ok: self.page is page and page.setZoomFactor(self.zoom))
        view = self._browser.ensure_view()
        self._guard.watch(view)
        view.setPage(page)
        self.page = page
        return True

    def load(self, url: str) -> None:
        if self.build() and self.page is not None:
            self.page.load(QUrl(url))
            self.page.setZoomFactor(self.zoom)

    def warm_up(self) -> None:
        """A finger touched the home screen: start the visitor's renderer process now.

        Chromium starts a new profile's renderer with its first navigation, ~35 ms of the
        tap's wait (measured offscreen: tap → painted page 83 → 42 ms median when warm).
        An empty document started while the finger is still down gives the tile's page a
        process to commit into (the blank document has no site yet, so its process is
        reused). Not at idle: an idle renderer holds ~38 MB (measured) until a visitor comes.
        """
        page = self.page
        if page is None or not page.url().isEmpty():
            return  # no page yet, or it has loaded something already
        page.warm_entry = True  # type: ignore[attr-defined] - forgotten by _forget_warm_up
        page.load(QUrl(WARM_UP_URL))

    @staticmethod
    def _forget_warm_up(page: KioskPage, url: QUrl) -> None:
        """Back never leads to the empty warm-up document: the first real page drops it."""
        if getattr(page, "warm_entry", False) and url.toString() not in ("", WARM_UP_URL):
            page.warm_entry = False  # type: ignore[attr-defined]
            page.history().clear()  # every entry but the current one

    def stop_media(self) -> None:
        """End every camera and microphone capture of the visitor's page ("Zakończ połączenie")."""
        if self.page is not None:
            self.page.stop_media()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._browser and event.type() == QEvent.Type.Hide:
            self.stop_media()
        return False

    def set_zoom(self, factor: float) -> None:
        """Page zoom for the visitor's text size ("Tekst: 200 %" reaches the form they fill in)."""
        self.zoom = factor
        if self.page is not None:
            self.page.setZoomFactor(factor)

    def retire(self) -> None:
        """Delete the view, every page, then the profile."""
        page, profile = self.page, self.profile
        self.page = self.profile = None
        view = self._browser.take_view()
        if page is None:
            if view is not None:
                shiboken6.delete(view)
            return
        page.setAudioMuted(True)
        page.stop_media()  # every capture track ends before the page and its profile go
        page.triggerAction(page.WebAction.Stop)
        signals = (
            page.popup_requested,
            page.load_problem,
            page.renderProcessTerminated,
            page.loadStarted,
            page.urlChanged,
            page.media_changed,
        )
        for signal in (*signals, page.loadFinished):
            signal.disconnect()
        if self._dialogs.waiting:
            # The page is inside javaScriptConfirm/Prompt (a nested event loop) and cannot be
            # deleted under its own call stack. It is detached, muted and unreachable; Qt
            # deletes it when that stack unwinds, and its profile right after. Until then this
            # part holds their Python wrappers: Python owns both, and a dropped wrapper would
            # delete the profile under its living page at once ("Release of profile requested
            # but WebEnginePage still not deleted", measured Qt 6.11).
            held = (page, profile, view)
            self._retiring.append(held)
            page.destroyed.connect(lambda *_: QTimer.singleShot(0, lambda: self._retired(held)))
            if view is not None:
                view.deleteLater()
            page.deleteLater()
            return
        if view is not None:
            shiboken6.delete(view)
        shiboken6.delete(page)
        shiboken6.delete(profile)

    def _retired(self, held: tuple) -> None:
        self._retiring.remove(held)
        _page, profile, _view = held
        if shiboken6.isValid(profile):
            shiboken6.delete(profile)

    def shutdown(self) -> None:
        """Nothing builds a page again (the window is replaced or the kiosk quits)."""
        from kiosk.web.gate import current_gate

        self.enabled = False
        self.retire()
        gate = current_gate()
        if gate is not None and gate.policy_source() == self._navigator.policy:
            gate.set_policy(None)
