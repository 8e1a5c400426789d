"""What the home screen's first frame does not show — the browser screen, the visitor
web, the overlays — built right after that frame (or when something asks for them
first), so the home paints sooner. Their modules are imported here, not at start-up."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.ui.window.host import WindowHost


class FirstPaint(QObject):
    """Notices the first paint of ``widget`` and says so once, right after it."""

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.at: float | None = None  # wall clock of the first paint
        self.cpu: float | None = None  # CPU seconds the process had used by then
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and self.at is None:
            self.at, self.cpu = time.time(), time.process_time()
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self.painted)  # after the frame is on screen
        return False


class BuiltAfterFirstPaint:
    """A window attribute that is one of :class:`LaterScreens`' parts."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, window: WindowHost | None, owner: type | None = None) -> Any:
        if window is None:
            return self
        return getattr(window.later_screens(), self.name)


class LaterScreens:
    """Builds and wires the parts of ``window`` that come after its first paint."""

    def __init__(self, window: WindowHost) -> None:
        from kiosk.ui.browser.browser import BrowserScreen
        from kiosk.ui.browser.browsing import Browsing
        from kiosk.ui.browser.notices import notice_text
        from kiosk.ui.browser.visitor_web import VisitorWeb
        from kiosk.ui.home.panels import NewsOverlay
        from kiosk.ui.screens.overlays import DialogOverlay, Toast
        from kiosk.ui.screens.session_ui import WarningOverlay, WipedOverlay

        language = lambda: window.choices.language  # noqa: E731
        stack = window.overlays
        self.browser = browser = BrowserScreen()
        window.stack.addWidget(browser)
        stack.on_cover(browser.cover_page)  # a shown overlay owns the keyboard, not the page
        self.dialogs = DialogOverlay(window, language, stack)
        self.toast = Toast(window)
        self.news_overlay = NewsOverlay(window, window.navigator.may_open, stack)
        self.warning = WarningOverlay(window, stack)
        self.wiped = WipedOverlay(window, stack)
        self.browsing = Browsing(
            browser,
            window.navigator,
            self.dialogs,
            window.recovery,
            showing=lambda: window.stack.currentWidget() is browser,
            go_home=window.go_home,
            blocked=window.usage.blocked,
            parent=window,
        )
        self.web = VisitorWeb(
            browser, window.navigator, self.browsing.decide, window.events, self.dialogs, window.dialog_guard, language
        )
        self.web.setParent(window)
        self.web.enabled = window.config_verified and not window.shut_down
        self.browsing.attach(self.web)
        browser.back_requested.connect(self.browsing.go_back)
        browser.home_requested.connect(window.go_home)
        browser.end_session_requested.connect(lambda: window.end_session("visitor"))
        browser.retry_requested.connect(self.browsing.retry)
        self.warning.continue_clicked.connect(window.session.on_input)
        self.news_overlay.open_link.connect(window.open)
        window.recovery.retry.connect(self.browsing.retry)
        window.recovery.recover.connect(lambda reason: self._recovered(window, reason))
        window.events.notice.connect(lambda key: self._notice(notice_text(key, language())))
        from kiosk.ui.window.access import AccessPart

        self.access = AccessPart(window, browser, self.warning)
        from kiosk.ui.window.help import HelpPart

        self.help = HelpPart(window, browser, self.toast, lambda: self.access, window.admin_part)  # type: ignore[attr-defined]
        from kiosk.ui.printing.part import PrintPart

        self.printing = PrintPart(window, self.toast.show_message, lambda: self.access)
        self.web.printing = self.printing.handle
        from kiosk.ui.printing.forms import FormsPart

        self.forms = FormsPart(window, self.printing.print_pdf if self.printing.queue else None)
        if self.forms.screen is not None:
            self.help.offer(self.forms.screen.help_button)

    def _recovered(self, window: WindowHost, reason: str) -> None:
        """A crashed or hung page: a fresh one, a friendly word, home."""
        from kiosk.core.i18n import tr
        from kiosk.ui.browser.notices import CRASH_TEXT

        window.end_session(reason)
        self.wiped.hide()
        self.toast.show_message(tr(CRASH_TEXT, window.language))

    def _notice(self, text: str | None) -> None:
        if text:
            self.toast.show_message(text)

    def reset(self) -> None:
        """The wipe: every dialog and notice gone, the visitor's web retired."""
        self.warning.hide()
        self.dialogs.dismiss_all()
        self.toast.dismiss()
        self.news_overlay.hide()
        self.web.retire()
        self.browser.set_service_name("")
        self.access.forget()
        self.help.end_of_session()
        self.printing.end_of_session()
        self.forms.reset()

    def shutdown(self) -> None:
        """The kiosk quits, or a new config replaces the window: nothing left open, the web
        engine released, the last visitor's print jobs cancelled."""
        self.dialogs.dismiss_all()
        self.web.shutdown()
        self.printing.shutdown(3.0)


def start_after_first_paint(window: WindowHost) -> None:
    """The home screen is on screen: build the rest, then the web engine and the network."""
    if window.shut_down:
        return
    window.first_painted.emit()  # the runtime verifies a snapshot config here, may replace the window
    if window.shut_down:
        return
    window.later_screens()
    window.home.enable_touch_scrolling()
    window.panels.finish()
    if window.keyboard.load():
        window.keyboard.fit(window.width(), window.height())
        window.keyboard.set_language(window.language)
        window.keyboard.shown.connect(window.browsing.keyboard_shown)
        window.keyboard.shown.connect(lambda _visible: window.overlays.cover(only_above_keyboard=True))
    window.web.build()
    window.input.pressed.connect(lambda *_: window.is_home() and window.web.warm_up())
    window.content.start()
    window.attract_part.restart()
    window.recovery.start()
