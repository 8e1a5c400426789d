"""KioskWindow: the home screen and the e-service browser in one locked window. It builds
and wires parts with one job each, and keeps the automation API (DESIGN.md contract):
``open(target) -> bool``, ``end_session(reason)``, ``is_home()``, ``current_page()``, ``session_ended``."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk import exit_codes, paths
from kiosk.content.cache import ContentCache
from kiosk.content.service import ContentService
from kiosk.core.session import State
from kiosk.stats.store import StatsStore
from kiosk.ui.admin.part import AdminPart, AdminSources
from kiosk.ui.browser.dialog_guard import NativeDialogGuard
from kiosk.ui.home.home import HomeScreen
from kiosk.ui.home.panels import ContentPanels
from kiosk.ui.screens.attract import AttractPart
from kiosk.ui.screens.overlay_stack import OverlayStack
from kiosk.ui.screens.session_ui import SessionController
from kiosk.ui.widgets.keyboard import KeyboardPanel
from kiosk.ui.widgets.theme import county_palette
from kiosk.ui.window.appearance import Appearance
from kiosk.ui.window.choices import Choices
from kiosk.ui.window.input_watch import InputWatcher
from kiosk.ui.window.later_screens import BuiltAfterFirstPaint, FirstPaint, LaterScreens, start_after_first_paint
from kiosk.ui.window.recovery import Recovery
from kiosk.ui.window.usage import UsageRecorder
from kiosk.web.events import WebEvents
from kiosk.web.navigator import Navigator

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEnginePage

    from kiosk.config import KioskConfig
    from kiosk.system.connectivity import ConnectivityMonitor

log = logging.getLogger("kiosk.ui")


class KioskWindow(QWidget):
    """The kiosk: native home screen + policy-checked browser + session wipe."""

    session_ended = Signal(str)
    first_painted = Signal()  # the home screen is on screen; the web engine starts next
    admin_closed = Signal()  # the technician left the admin panel
    choices_changed = Signal()  # language, text size or contrast: what every screen shows follows at once

    def __init__(
        self,
        config: KioskConfig,
        *,
        verified: bool = True,
        lockdown: bool | None = None,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        monotonic: Callable[[], float] = time.monotonic,
        stats: StatsStore | None = None,
        cache_dir: Path | None = None,
        state_dir: Path | None = None,
        sources: AdminSources | None = None,
        connectivity: ConnectivityMonitor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``verified``: False while ``config`` is the start-up snapshot's records: no page
        runs under them until :meth:`adopt`. ``lockdown``: close requests are ignored (None:
        as the config says). ``sources``: the runtime's live state for the admin panel."""
        super().__init__(parent)
        if QApplication.instance() is None:  # pragma: no cover - contract check
            raise RuntimeError("KioskWindow needs a QApplication")
        self.setObjectName("KioskWindow")
        self.setWindowTitle(config.kiosk.name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.config, self.config_verified = config, verified
        self.lockdown = config.kiosk.lockdown if lockdown is None else lockdown
        self.stats = stats if stats is not None else StatsStore(None)
        self.usage = UsageRecorder(self.stats, config.kiosk.language)
        self.choices = Choices.for_config(config)
        self.navigator = Navigator(config)
        self.sessions_wiped, self.last_wipe_ms = 0, 0.0
        self.events = WebEvents(self)
        icon_colour = county_palette(config.theme.primary).heading
        self.home = HomeScreen(config, clock, icon_colour=icon_colour, lockdown=self.lockdown)
        self.content = ContentService(config, ContentCache(cache_dir or paths.cache_dir() / "content"), clock, self)
        self.content.load_cached(parse_files=False)  # cached: the home screen paints full, also offline
        self.panels = ContentPanels(self.home, config, self.content, self.stats, clock, icon_colour)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.home)
        self.keyboard = KeyboardPanel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.keyboard)
        self.overlays = OverlayStack(lambda: self.keyboard.height() if self.keyboard.isVisible() else 0)
        self.input = InputWatcher(self)
        idle, warning = config.session.idle_seconds, config.session.warning_seconds
        self.session = SessionController(idle, warning, clock=monotonic, parent=self)
        self.dialog_guard = NativeDialogGuard(self)
        self.dialog_guard.watch(self)
        self.admin_part = AdminPart(
            self, config, self.overlays, sources or AdminSources(), self.stats,
            clock=clock, monotonic=monotonic, state_dir=state_dir, sessions=lambda: self.sessions_wiped,
        )  # fmt: skip
        self.recovery = Recovery(
            lambda: self.browsing.watched_page() if self.screens_built else None, monotonic,
            lambda: self.screens_built and self.browsing.offline_showing(), self,
        )  # fmt: skip
        self.attract_part = AttractPart(
            self, config, self.content, clock, lambda: self.choices.language,
            may_start=lambda: self.is_home() and self.session.state is State.IDLE,
            blocked=self.overlays.blocks_attract, minute_passed=self.home.header.minute_passed,
        )  # fmt: skip
        self.appearance = Appearance(self)
        self._later: LaterScreens | None = None
        self.shut_down = False  # True once shutdown() ran: replaced, or the kiosk is quitting
        self._wire(connectivity)
        self.appearance.apply(self.choices)
        self.first_paint = FirstPaint(self.home)
        self.first_paint.painted.connect(lambda: start_after_first_paint(self))

    def _wire(self, connectivity: ConnectivityMonitor | None) -> None:
        home, session, admin, recovery, choices = self.home, self.session, self.admin_part, self.recovery, self.choose
        home.service_chosen.connect(self.open)
        home.language_chosen.connect(lambda code: choices(self.choices.with_language(code)))
        home.text_size_toggled.connect(lambda: choices(self.choices.with_next_text_scale()))
        home.contrast_toggled.connect(lambda: choices(self.choices.with_high_contrast(not self.choices.high_contrast)))
        home.end_session_requested.connect(lambda: self.end_session("visitor"))
        home.resized.connect(self.panels.arrange)
        home.header.minute_passed.connect(self.panels.refresh)
        self.content.changed.connect(self.panels.refresh)
        self.panels.news.item_chosen.connect(lambda item: self.news_overlay.present(item, self.language))
        for slot in (session.on_input, self.attract_part.restart, admin.touch):
            self.input.activity.connect(slot)
        self.input.pressed.connect(admin.press)
        session.show_warning.connect(lambda: self.warning.present(session.seconds_left, self.language))
        session.hide_warning.connect(lambda: self.warning.dismiss())
        session.wipe.connect(lambda: self.end_session("idle"))
        session.reset_home.connect(self._visitor_left_quietly)
        session.started.connect(self.usage.started)
        admin.open_requested.connect(self.open)
        admin.quit_requested.connect(self.quit_with)
        admin.closed.connect(self.admin_closed)
        recovery.crash_loop.connect(lambda why: self.quit_with(exit_codes.CRASH_LOOP, why))
        if connectivity is not None:
            connectivity.changed.connect(recovery.on_connectivity)
            connectivity.changed.connect(lambda state: home.header.show_offline(state.online is False))
            home.header.show_offline(connectivity.state.online is False)

    browser = BuiltAfterFirstPaint()
    browsing = BuiltAfterFirstPaint()
    web = BuiltAfterFirstPaint()
    dialogs = BuiltAfterFirstPaint()
    toast = BuiltAfterFirstPaint()
    news_overlay = BuiltAfterFirstPaint()
    warning = BuiltAfterFirstPaint()
    wiped = BuiltAfterFirstPaint()
    access = BuiltAfterFirstPaint()

    def later_screens(self) -> LaterScreens:
        if self._later is None:
            self._later = LaterScreens(self)
            self.appearance.restyle()
        return self._later

    @property
    def screens_built(self) -> bool:
        return self._later is not None

    def adopt(self, config: KioskConfig) -> None:
        """From now on, the validated config equal to the start-up snapshot (kiosk/config/snapshot.py)."""
        self.config = self.panels.config = self.content.config = config
        self.admin_part.config = self.attract_part.config = config
        self.navigator.adopt(config)
        self.config_verified = True
        if self.screens_built and not self.shut_down:
            self.web.enabled = True

    # --- automation API ------------------------------------------------------------------
    def open(self, target: str) -> bool:
        """Open a service (by id) or a URL through the policy; False if refused."""
        if self.shut_down or not self.config_verified:
            log.info("refused to open a page %s", "after shutdown" if self.shut_down else "before the config check")
            return False
        decision = self.navigator.resolve(target)
        if not decision.allowed:
            log.info("refused to open %s: %s", decision.log_target, decision.reason)
            return False
        if not self.web.build():
            return False
        service = decision.service
        self.browsing.present(decision, service.title.get(self.language) if service else self.config.kiosk.name)
        self.stack.setCurrentWidget(self.browser)
        self.session.on_activity(private=True)
        self.home.set_session_active(True)
        if service is not None:
            self.usage.service_opened(service.id)
        log.info("opened %s", service.id if service else decision.log_target)
        return True

    def current_page(self) -> QWebEnginePage | None:
        """The visitor's page while the browser is showing, else None."""
        return self.web.page if self.screens_built and self.stack.currentWidget() is self.browser else None

    def is_home(self) -> bool:
        return self.stack.currentWidget() is self.home

    def end_session(self, reason: str = "visitor") -> None:
        """Synchronous full wipe: dialogs, pages, profile, clipboard, choices (the next profile: after)."""
        started = time.perf_counter()
        had_session = self.session.machine.started_at is not None
        duration = self.session.duration()
        self.attract_part.stop()
        self.admin_part.close()
        self.recovery.reset()
        self.later_screens().reset()
        for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):  # an unsupported mode: a no-op in Qt
            QGuiApplication.clipboard().clear(mode)
        self.navigator.leave()
        self._reset_visitor()
        self.home.set_session_active(False)
        self.stack.setCurrentWidget(self.home)
        self.session.on_wiped()
        self.sessions_wiped += 1
        self.last_wipe_ms = (time.perf_counter() - started) * 1000
        QTimer.singleShot(0, self.web.build)
        if had_session or reason != "idle":
            self.usage.ended(reason, duration)
            self.wiped.present(self.language, self.config.session.confirmation_seconds)
        log.info("session ended (%s) after %.0f s; wipe took %.1f ms", reason, duration, self.last_wipe_ms)
        self.attract_part.restart()
        self.panels.refresh()
        self.session_ended.emit(reason)

    # --- the rest of the window ------------------------------------------------------------
    @property
    def language(self) -> str:
        return self.choices.language

    def choose(self, choices: Choices) -> None:
        """A visitor's choice (language, text size, contrast): lasts for their session."""
        self.session.on_activity(private=False)
        self.choices = choices
        self.usage.chose(choices)
        self.appearance.apply(choices)
        self.choices_changed.emit()

    def _reset_visitor(self) -> None:
        """What the next visitor expects: the kiosk's language, text size, contrast, keyboard."""
        self.keyboard.reset(self.config.kiosk.language)
        self.choices = Choices.for_config(self.config)
        self.appearance.apply(self.choices)
        self.home.reset_view()

    def _visitor_left_quietly(self) -> None:
        """Idle after only display choices (no page, nothing to wipe): back to the defaults."""
        self._reset_visitor()
        self.usage.ended("idle", self.session.machine.last_session_seconds)
        self.panels.refresh()

    def go_home(self) -> None:
        """Back to the home screen; the visitor's session lasts until they end it or leave."""
        self.stack.setCurrentWidget(self.home)

    def quit_with(self, code: int, why: str) -> None:
        """Leave the event loop with ``code``; the supervisor decides what follows."""
        log.warning("kiosk exits with code %d: %s", code, why)
        QTimer.singleShot(0, lambda: QApplication.exit(code))

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        self.input.watch(self.windowHandle())

    def resizeEvent(self, event: QEvent) -> None:
        super().resizeEvent(event)
        self.overlays.cover()
        self.keyboard.fit(self.width(), self.height())
        self.attract_part.fit()

    def closeEvent(self, event: QEvent) -> None:
        if self.lockdown:
            event.ignore()  # Alt+F4 / window-manager close do nothing in lockdown
            return
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Release the web engine before the QApplication goes away; nothing starts it again."""
        self.shut_down = True
        if self._later is not None:
            self._later.shutdown()
        self.content.wait_idle(3000)
