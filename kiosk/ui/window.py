"""KioskWindow: the home screen and the e-service browser in one locked window.

Automation API (DESIGN.md contract): ``open(target) -> bool``, ``end_session(reason)``,
``is_home()``, ``current_page()``, signal ``session_ended(str)``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk import exit_codes, paths
from kiosk.config.snapshot import is_validated
from kiosk.content.cache import ContentCache
from kiosk.content.service import ContentService
from kiosk.i18n import N_, tr
from kiosk.policy import UrlPolicy, normalize_url
from kiosk.session import State
from kiosk.stats.store import StatsStore
from kiosk.ui.dialog_guard import NativeDialogGuard
from kiosk.ui.gesture import CornerTaps
from kiosk.ui.home import HomeScreen
from kiosk.ui.input_watch import InputWatcher
from kiosk.ui.keyboard import KeyboardPanel
from kiosk.ui.overlays import DialogOverlay, Toast
from kiosk.ui.panels import ContentPanels, NewsOverlay
from kiosk.ui.session_ui import SessionController, WarningOverlay, WipedOverlay
from kiosk.ui.theme import Palette, county_palette, high_contrast_palette, stylesheet
from kiosk.ui.watchdog import RendererWatchdog
from kiosk.web.events import LoadProblem, Notice, WebEvents
from kiosk.web.navigation import (
    NavigationDecision,
    NavigationKind,
    NavigationRequest,
    Outcome,
    decide_navigation,
    leaves_login_node,
)

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEnginePage

    from kiosk.config import KioskConfig, Service
    from kiosk.system.connectivity import ConnectivityMonitor
    from kiosk.ui.admin import AdminInfo, AdminPanel, PinPad
    from kiosk.web.page import KioskPage
    from kiosk.web.profile import VisitorProfile

log = logging.getLogger("kiosk.ui")

TEXT_SCALES = (1.0, 1.5, 2.0)

CRASH_TEXT = N_("Strona przestała działać. Wróciliśmy do strony głównej — możesz otworzyć usługę jeszcze raz.")
MAX_CRASHES = 3
CRASH_WINDOW_SECONDS = 600
OFFLINE_RETRY_MS = 10_000

NOTICE_TEXTS = {
    Notice.DOWNLOAD: N_("Pobieranie plików nie jest dostępne w infomacie."),
    Notice.UPLOAD: N_("Wysyłanie plików nie jest dostępne w infomacie."),
    Notice.PRINT: N_("Drukowanie nie jest dostępne w infomacie."),
    Notice.HTTP_AUTH: N_("Ta strona wymaga logowania, którego infomat nie obsługuje."),
    Notice.CLIENT_CERTIFICATE: N_("Logowanie certyfikatem nie jest dostępne w infomacie."),
    Notice.PERMISSION: N_("Infomat nie udostępnia kamery, mikrofonu ani lokalizacji."),
    Notice.DIALOGS_SUPPRESSED: N_("Strona wyświetla zbyt wiele komunikatów; kolejne zostały pominięte."),
}


class _BuiltAfterFirstPaint:
    """A part of :class:`KioskWindow` built by ``_build_screens()``: right after the home
    screen's first paint, or earlier if something asks for it."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.attribute = f"_{name}"

    def __get__(self, window: KioskWindow | None, owner: type | None = None) -> Any:
        if window is None:
            return self
        window._build_screens()
        return window.__dict__[self.attribute]


class KioskWindow(QWidget):
    """The kiosk: native home screen + policy-checked browser + session wipe."""

    session_ended = Signal(str)
    reload_config_requested = Signal()
    first_painted = Signal()  # the home screen is on screen; the web engine starts next

    def __init__(
        self,
        config: KioskConfig,
        *,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        monotonic: Callable[[], float] = time.monotonic,
        stats: StatsStore | None = None,
        cache_dir: Path | None = None,
        state_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if QApplication.instance() is None:  # pragma: no cover - contract check
            raise RuntimeError("KioskWindow needs a QApplication")
        self.setObjectName("KioskWindow")
        self.setWindowTitle(config.kiosk.name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.config = config
        self._clock = clock
        self.language = config.kiosk.language
        self.text_scale = TEXT_SCALES[0]
        self.high_contrast = False
        self._style_key: tuple[bool, float] | None = None
        self._policies = self._build_policies(config)
        self._service: Service | None = None
        self._profile: VisitorProfile | None = None
        self._page: KioskPage | None = None
        self.sessions_wiped = 0
        self._crashes: list[float] = []
        self._monotonic = monotonic
        self.hook_state = "not engaged"
        self.config_problems: list[str] = []
        self.connectivity: ConnectivityMonitor | None = None  # set by kiosk.app; started after the paint
        self.last_wipe_ms = 0.0
        self.stats = stats if stats is not None else StatsStore(None)

        self.events = WebEvents(self)
        icon_colour = county_palette(config.theme.primary).heading
        self.home = HomeScreen(config, clock, icon_colour=icon_colour)
        self.content = ContentService(config, ContentCache(cache_dir or paths.cache_dir() / "content"), clock, self)
        self.content.load_cached()  # local and fast: the home screen paints full, also offline
        self.panels = ContentPanels(self.home, config, self.content, self.stats, clock, icon_colour)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.home)
        self.keyboard = KeyboardPanel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.keyboard)
        self._screens_built = False  # the browser screen and the overlays: see _build_screens()
        self._attract_timer = QTimer(self)
        self._attract_timer.setSingleShot(True)
        self._attract_timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._attract_timer.setInterval(config.attract.after_seconds * 1000)
        self._attract_timer.timeout.connect(self.start_attract)
        self.input = InputWatcher(self)
        self.session = SessionController(
            config.session.idle_seconds, config.session.warning_seconds, clock=monotonic, parent=self
        )
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._update_countdown)
        self.dialog_guard = NativeDialogGuard(self)
        self.dialog_guard.watch(self)
        self.corner_taps = CornerTaps()
        self._pin_pad: PinPad | None = None  # built on first use: nobody needs them to paint home
        self._state_dir = state_dir  # where the PIN attempt record survives restarts (None: in memory)
        self._admin: AdminPanel | None = None
        self.watchdog = RendererWatchdog(self._watched_page, monotonic, self)
        self.watchdog.hung.connect(self._on_renderer_hung)
        self._offline_retry = QTimer(self)
        self._offline_retry.setSingleShot(True)
        self._offline_retry.setInterval(OFFLINE_RETRY_MS)
        self._offline_retry.timeout.connect(self._retry_if_offline)

        self.home.service_chosen.connect(self.open)
        self.home.language_chosen.connect(self.set_language)
        self.home.text_size_toggled.connect(self._cycle_text_size)
        self.home.contrast_toggled.connect(lambda: self.set_high_contrast(not self.high_contrast))
        self.home.end_session_requested.connect(lambda: self.end_session("visitor"))
        self.events.notice.connect(self._show_notice)
        self.input.activity.connect(self.session.on_input)
        self.input.activity.connect(self._on_any_input)
        self.input.activity.connect(lambda: self._admin is not None and self._admin.touch())
        self.input.pressed.connect(self._on_press)
        self.session.show_warning.connect(self._show_warning)
        self.session.hide_warning.connect(self._hide_warning)
        self.session.wipe.connect(lambda: self.end_session("idle"))
        self.session.reset_home.connect(self._reset_visitor_choices)
        self.home.resized.connect(self.panels.arrange)
        self.home.header.minute_passed.connect(self.panels.refresh)
        self.content.changed.connect(self.panels.refresh)
        self.panels.news.item_chosen.connect(lambda item: self.news_overlay.present(item, self.language))
        self.session_ended.connect(lambda _reason: self.panels.refresh())

        self._apply_style()
        self.panels.refresh(self.language)
        # Paint the native home first; bring the web engine and the network up right after.
        self._started_web = False
        self._shut_down = False
        self.first_paint_at: float | None = None  # wall clock of the home screen's first paint
        self.first_paint_cpu: float | None = None  # CPU seconds the process had used by then
        self.home.installEventFilter(self)

    @property
    def config_verified(self) -> bool:
        """False while the window runs on the start-up snapshot's records (kiosk/config/snapshot.py):
        until the runtime hands over the validated config, no page is created or opened."""
        return is_validated(self.config)

    browser = _BuiltAfterFirstPaint()
    dialogs = _BuiltAfterFirstPaint()
    toast = _BuiltAfterFirstPaint()
    news_overlay = _BuiltAfterFirstPaint()
    attract = _BuiltAfterFirstPaint()
    warning = _BuiltAfterFirstPaint()
    wiped = _BuiltAfterFirstPaint()

    def _build_screens(self) -> None:
        """The browser screen and the overlays: nothing on the first frame of the home screen
        shows them, so they are built right after it (or when first asked for)."""
        if self._screens_built:
            return
        self._screens_built = True
        # Imported here, not with the module: nothing of theirs is on the home's first frame.
        from kiosk.ui.attract import AttractScreen
        from kiosk.ui.browser import BrowserScreen

        parts = self.__dict__
        parts["_browser"] = browser = BrowserScreen()
        self.stack.addWidget(browser)
        parts["_dialogs"] = dialogs = DialogOverlay(self, lambda: self.language)
        parts["_toast"] = Toast(self)
        parts["_news_overlay"] = news = NewsOverlay(
            self, lambda url: self._service_allowing(url) is not None or self._policies[None].allows(url)
        )
        parts["_attract"] = attract = AttractScreen(self, self.config.attract.slide_seconds)
        parts["_warning"] = warning = WarningOverlay(self)
        parts["_wiped"] = WipedOverlay(self)
        dialogs.shown.connect(self.restack_overlays)
        browser.back_requested.connect(self.go_back)
        browser.home_requested.connect(self.go_home)
        browser.end_session_requested.connect(lambda: self.end_session("visitor"))
        browser.retry_requested.connect(self._retry)
        attract.dismissed.connect(self._attract_timer.start)
        warning.continue_clicked.connect(self.session.on_input)
        news.open_link.connect(self.open)
        browser.set_icon_colours(*self._browser_icon_colours(self._palette()))
        browser.retranslate(self.language)

    def _visible_overlays(self) -> list[QWidget]:
        if not self._screens_built:
            return []
        return [o for o in (self.dialogs, self.news_overlay, self.warning, self.wiped) if o.isVisible()]

    @property
    def shut_down(self) -> bool:
        """True once :meth:`shutdown` ran (the window was replaced or the kiosk is quitting)."""
        return self._shut_down

    @staticmethod
    def _build_policies(config: KioskConfig) -> dict[str | None, UrlPolicy]:
        policies: dict[str | None, UrlPolicy] = {None: config.global_policy()}
        for service in config.services:
            policies[service.id] = config.service_policy(service)
        return policies

    def adopt(self, config: KioskConfig) -> None:
        """The validated config, equal to the start-up snapshot this window was built from
        (:mod:`kiosk.config.snapshot`): from now on every decision uses it."""
        self.config = self.panels.config = self.content.config = config
        self._policies = self._build_policies(config)

    # --- automation API ------------------------------------------------------------------
    def open(self, target: str) -> bool:
        """Open a service (by id) or a URL through the policy; False if refused."""
        if self._shut_down:
            return False
        if not self.config_verified:
            log.info("refused to open a page before the start-up config was checked")
            return False
        service = self.config.service(target)
        if service is not None:
            url = service.url
        else:
            url = target
            service = self._service_allowing(url)
        policy = self._policies[service.id if service else None]
        decision = decide_navigation(NavigationRequest(url, NavigationKind.TYPED, True), policy)
        if not decision.allowed:
            log.info("refused to open %s: %s", decision.log_target, decision.reason)
            return False
        self._ensure_web()
        self._service = service
        self.browser.set_service_name(service.title.get(self.language) if service else self.config.kiosk.name)
        self.browser.show_page()
        self.stack.setCurrentWidget(self.browser)
        self.session.on_activity(private=True)
        self.home.set_session_active(True)
        if service is not None:
            self.stats.record_service_open(service.id)
        assert self._page is not None
        self._page.load(QUrl(normalize_url(url) or url))
        log.info("opened %s", service.id if service else decision.log_target)
        return True

    def current_page(self) -> QWebEnginePage | None:
        """The visitor's page while the browser is showing, else None."""
        return self._page if self._screens_built and self.stack.currentWidget() is self.browser else None

    def is_home(self) -> bool:
        return self.stack.currentWidget() is self.home

    def end_session(self, reason: str = "visitor") -> None:
        """Synchronous full wipe: dialogs, pages, profile, clipboard, visitor choices."""
        started = time.perf_counter()
        had_session = self.session.machine.started_at is not None
        duration = self.session.duration()
        self._countdown.stop()
        self.warning.hide()
        self.attract.stop()
        self.dialogs.dismiss_all()
        if self._pin_pad is not None and self._admin is not None:
            self._pin_pad.close_pad()
            self._admin.hide()
        self.keyboard.reset()
        self.toast.dismiss()
        self._offline_retry.stop()
        self.watchdog.reset()
        self._retire_web()
        clipboard = QGuiApplication.clipboard()
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        self._service = None
        self.browser.set_service_name("")
        self._reset_visitor_choices()
        self.home.set_session_active(False)
        self.stack.setCurrentWidget(self.home)
        self._ensure_web()
        self.session.on_wiped()
        self.sessions_wiped += 1
        self.last_wipe_ms = (time.perf_counter() - started) * 1000
        if had_session or reason != "idle":
            self.stats.record_session(reason, duration)
            self.wiped.present(self.language, self.config.session.confirmation_seconds)
        log.info("session ended (%s) after %.0f s; wipe took %.1f ms", reason, duration, self.last_wipe_ms)
        self._attract_timer.start()
        self.session_ended.emit(reason)

    # --- attract screen ------------------------------------------------------------------------
    def start_attract(self) -> None:
        """Show the slideshow if nobody is using the kiosk (home screen, no session)."""
        if not self.config.attract.enabled or not self.is_home() or self.session.state is not State.IDLE:
            return
        if any(o.isVisible() for o in (self.dialogs, self.news_overlay, self.warning)):
            self._attract_timer.start()
            return
        from kiosk.content.today import today
        from kiosk.ui.attract import build_slides

        now = self._clock()
        info = today(now, self.language)
        slides = build_slides(
            self.config.kiosk.name,
            self.config.kiosk.county,
            f"{info.date}\n{info.namedays}",
            self.content.upcoming_events(self.language),
            self.content.news_items(),
            [self.config.resolve(p) for p in self.config.attract.images],
            self.language,
        )
        self.attract.start(slides, self.language)

    def _on_keyboard_shown(self, visible: bool) -> None:
        """The content shrank above the keyboard: keep the focused field in sight."""
        if visible and self._page is not None and self.stack.currentWidget() is self.browser:
            QTimer.singleShot(
                50,
                lambda: (
                    self._page is not None
                    and self._page.runJavaScript(
                        "document.activeElement && document.activeElement.scrollIntoView({block: 'center'})"
                    )
                ),
            )
        if self._screens_built:
            for overlay in (self.dialogs, self.news_overlay):  # the ones that leave room for the keyboard
                if overlay.isVisible():
                    overlay.cover()

    def _on_any_input(self) -> None:
        # Touches end the slideshow in AttractScreen itself (on release); keys end it here.
        self._attract_timer.start()

    def _reset_visitor_choices(self) -> None:
        """What a new visitor expects: default language, text size, contrast, scroll."""
        self.language = self.config.kiosk.language
        self.text_scale = TEXT_SCALES[0]
        self.high_contrast = False
        self._apply_style()
        self.browser.retranslate(self.language)
        self.home.retranslate(self.language)
        self.panels.refresh(self.language)
        self.news_overlay.hide()
        self.home.reset_view()

    def _show_warning(self) -> None:
        self.warning.present(self.session.seconds_left(), self.language)
        self.restack_overlays()
        self._countdown.start()

    def _hide_warning(self) -> None:
        self._countdown.stop()
        self.warning.hide()

    def _update_countdown(self) -> None:
        self.warning.update_seconds(self.session.seconds_left(), self.language)

    def restack_overlays(self) -> None:
        """The idle warning stays above everything, page dialogs included."""
        for overlay in (self.dialogs, self._pin_pad, self._admin, self.wiped, self.warning):
            if overlay is None:
                continue
            if overlay.isVisible():
                overlay.raise_()

    # --- navigation ------------------------------------------------------------------------
    def current_policy(self) -> UrlPolicy:
        """Global rules plus those of the open service."""
        return self._policies[self._service.id if self._service else None]

    def _service_allowing(self, url: str) -> Service | None:
        if self._policies[None].allows(url):
            return self._service
        return next((s for s in self.config.services if self._policies[s.id].allows(url)), None)

    def _decide(self, request: NavigationRequest) -> NavigationDecision:
        decision = decide_navigation(request, self.current_policy())
        if decision.outcome is not Outcome.ALLOW:
            log.info("blocked %s navigation to %s (%s)", request.kind.value, decision.log_target, decision.reason)
        if decision.outcome is Outcome.BLOCK_AND_EXPLAIN:
            self.browser.show_problem(self._blocked_problem(request.url), decision.log_target)
        return decision

    def _blocked_problem(self, target: str) -> str:
        current = self._page.url().toString() if self._page is not None else ""
        return LoadProblem.BANK_LOGIN if leaves_login_node(current, target) else LoadProblem.BLOCKED

    def _load_popup(self, url: str) -> None:
        decision = self._decide(NavigationRequest(url, NavigationKind.POPUP, True))
        if decision.allowed and self._page is not None:
            self.browser.show_page()
            self._page.load(QUrl(normalize_url(url) or url))

    def _on_load_problem(self, problem: str, target: str) -> None:
        showing = self.browser.showing_problem()
        if problem == LoadProblem.BLOCKED and showing in (LoadProblem.BLOCKED, LoadProblem.BANK_LOGIN):
            return  # already explained by the navigation decision
        if problem == LoadProblem.BLOCKED:
            problem = self._blocked_problem(target)
        self.browser.show_problem(problem, target)
        if problem == LoadProblem.OFFLINE:
            self._offline_retry.start()  # "we will try again in a moment" — and we do

    def _retry_if_offline(self) -> None:
        if self.browser.showing_problem() == LoadProblem.OFFLINE and self.stack.currentWidget() is self.browser:
            log.info("retrying the page after a network failure")
            self._retry()

    def on_connectivity(self, state: object) -> None:
        """The network came back: retry an offline page at once instead of waiting."""
        if getattr(state, "online", None):
            self._retry_if_offline()

    # --- renderer crash and hang ------------------------------------------------------------------
    def _watched_page(self) -> QWebEnginePage | None:
        """The page the watchdog pings: the visible one, unless it waits in a JS dialog."""
        if self.stack.currentWidget() is not self.browser or self.dialogs.waiting:
            return None
        return self._page

    def _on_renderer_hung(self) -> None:
        self._count_crash()
        QTimer.singleShot(0, lambda: self._recover("hang"))

    def _on_renderer_gone(self, status: object, exit_code: int) -> None:
        """The page's renderer crashed or was killed: fresh page, a friendly word, home."""
        if getattr(status, "name", "") == "NormalTerminationStatus":
            return
        log.warning("renderer terminated (%s, code %s)", getattr(status, "name", status), exit_code)
        self._count_crash()
        # Not under the page's own signal: the wipe deletes that page.
        QTimer.singleShot(0, lambda: self._recover("crash"))

    def _count_crash(self) -> None:
        now = time.monotonic()
        self._crashes = [t for t in self._crashes if now - t < CRASH_WINDOW_SECONDS] + [now]
        if len(self._crashes) >= MAX_CRASHES:
            why = f"{len(self._crashes)} renderer crashes or hangs in {CRASH_WINDOW_SECONDS} s"
            self.quit_with(exit_codes.CRASH_LOOP, why)

    def _recover(self, reason: str) -> None:
        self.end_session(reason)
        self.wiped.hide()
        self.toast.show_message(tr(CRASH_TEXT, self.language))

    def quit_with(self, code: int, why: str) -> None:
        """Leave the event loop with ``code``; the supervisor decides what follows."""
        log.warning("kiosk exits with code %d: %s", code, why)
        QTimer.singleShot(0, lambda: QApplication.exit(code))

    # --- admin -------------------------------------------------------------------------------------
    @property
    def pin_pad(self) -> PinPad:
        self._build_admin()
        assert self._pin_pad is not None
        return self._pin_pad

    @property
    def admin(self) -> AdminPanel:
        self._build_admin()
        assert self._admin is not None
        return self._admin

    def admin_showing(self) -> bool:
        return any(o is not None and o.isVisible() for o in (self._pin_pad, self._admin))

    def _build_admin(self) -> None:
        if self._admin is not None:
            return
        from kiosk.system.health import start_cpu_sample
        from kiosk.ui.admin import AdminPanel, PinPad

        start_cpu_sample()  # the PIN takes a few seconds: by then the panel has a real CPU figure
        from kiosk.system.pin import PinLimitFile

        limit_file = PinLimitFile(self._state_dir / "admin-pin.json") if self._state_dir else None
        self._pin_pad = PinPad(self, lambda: self.config.admin.pin_hash, self._monotonic, limit_file)
        self._admin = AdminPanel(self, self.config.admin.close_after_seconds)
        self._pin_pad.accepted.connect(self.open_admin)
        self._admin.reload_requested.connect(self.reload_config_requested)
        self._admin.restart_requested.connect(
            lambda: self.quit_with(exit_codes.RESTART, "restart from the admin panel")
        )
        self._admin.exit_requested.connect(self._exit_from_admin)
        self._admin.open_requested.connect(self.open)

    def _on_press(self, x: float, y: float) -> None:
        if not self.config.admin.pin_hash or self.admin_showing():
            return
        if self.corner_taps.press(x, y, self._monotonic()):
            log.info("admin gesture: PIN pad shown")
            self.pin_pad.open_pad()
            self.restack_overlays()

    def open_admin(self) -> None:
        """The admin panel (after a correct PIN)."""
        self.admin.present(self.admin_info())
        self.restack_overlays()

    def admin_info(self) -> AdminInfo:
        from kiosk.ui.admin import collect_admin_info

        return collect_admin_info(
            self.config,
            self.stats.counters(self._clock().date()),
            sessions_since_start=self.sessions_wiped,
            hook_state=self.hook_state,
            config_problems=self.config_problems,
            connectivity=self.connectivity.state if self.connectivity is not None else None,
        )

    def _exit_from_admin(self) -> None:
        if self.config.admin.allow_exit:
            self.quit_with(exit_codes.OK, "exit from the admin panel")

    def go_back(self) -> None:
        if self.browser.showing_problem() and self._page is not None and not self._page.url().isEmpty():
            self.browser.show_page()
            return
        if self._page is not None and self._page.history().canGoBack():
            self._page.triggerAction(self._page.WebAction.Back)
            self.browser.show_page()
        else:
            self.go_home()

    def go_home(self) -> None:
        """Back to the home screen; the visitor's session lasts until they end it or leave."""
        self.stack.setCurrentWidget(self.home)

    def _retry(self) -> None:
        if self._page is not None:
            self.browser.show_page()
            self._page.triggerAction(self._page.WebAction.Reload)

    # --- web engine lifecycle -------------------------------------------------------------
    def _ensure_web(self) -> None:
        if self._page is not None or self._shut_down or not self.config_verified:
            # After shutdown() a queued first-paint callback must not build a profile that
            # nobody retires (Qt then warns "Release of profile requested but WebEnginePage
            # still not deleted" at exit). Before the start-up snapshot is verified, no page
            # may run under its unverified policy.
            return
        from kiosk.web.gate import current_gate
        from kiosk.web.page import KioskPage
        from kiosk.web.profile import create_visitor_profile

        gate = current_gate()
        if gate is not None:
            gate.set_policy(self.current_policy)
        self._profile = create_visitor_profile(self.current_policy, self.events, self.language)
        page = KioskPage(self._profile, self._decide, self.events, self.dialogs)
        page.popup_requested.connect(self._load_popup)
        page.load_problem.connect(self._on_load_problem)
        page.renderProcessTerminated.connect(self._on_renderer_gone)
        page.loadStarted.connect(self.watchdog.reset)  # a navigation may drop a pending answer
        view = self.browser.ensure_view()
        self.dialog_guard.watch(view)
        view.setPage(page)
        self._page = page
        self._watch_view_focus_proxy()

    def _watch_view_focus_proxy(self) -> None:
        self.input.watch(self.windowHandle())

    def _retire_web(self) -> None:
        """Delete the view, every page, then the profile (SECURITY.md #5: nothing else is a
        reset). A fresh view, page and profile are built by :meth:`_ensure_web`."""
        page, profile = self._page, self._profile
        self._page = self._profile = None
        view = self.browser.take_view()
        if page is None:
            if view is not None:
                shiboken6.delete(view)
            return
        page.setAudioMuted(True)
        page.triggerAction(page.WebAction.Stop)
        for signal in (page.popup_requested, page.load_problem, page.renderProcessTerminated, page.loadStarted):
            signal.disconnect()
        if self.dialogs.waiting:
            # The page is inside javaScriptConfirm/Prompt (a nested event loop) and cannot be
            # deleted under its own call stack. It is detached, muted and unreachable; Qt
            # deletes it when that stack unwinds, and its profile right after.
            page.destroyed.connect(profile.deleteLater)
            if view is not None:
                view.deleteLater()
            page.deleteLater()
            return
        if view is not None:
            shiboken6.delete(view)
        shiboken6.delete(page)
        shiboken6.delete(profile)

    # --- visitor choices -------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """A visitor's choice: lasts for their session, reset by the wipe."""
        self.session.on_activity(private=False)
        self.language = language
        self.home.retranslate(language)
        self.browser.retranslate(language)
        self.panels.refresh(language)
        self.keyboard.set_language(language)
        if self._service is not None:
            self.browser.set_service_name(self._service.title.get(language))

    def _cycle_text_size(self) -> None:
        index = TEXT_SCALES.index(self.text_scale) if self.text_scale in TEXT_SCALES else 0
        self.set_text_scale(TEXT_SCALES[(index + 1) % len(TEXT_SCALES)])

    def set_text_scale(self, scale: float) -> None:
        self.session.on_activity(private=False)
        self.text_scale = scale
        self._apply_style()

    def set_high_contrast(self, enabled: bool) -> None:
        self.session.on_activity(private=False)
        self.high_contrast = enabled
        self._apply_style()

    def _apply_style(self) -> None:
        key = (self.high_contrast, self.text_scale)
        if key == self._style_key:
            return  # re-polishing every widget is the slowest part of a wipe; skip when unchanged
        self._style_key = key
        palette = self._palette()
        self.setStyleSheet(stylesheet(palette, self.text_scale))
        self.home.set_icon_colours(tile=palette.heading, header=palette.on_primary)
        if self._screens_built:
            self.browser.set_icon_colours(*self._browser_icon_colours(palette))

    def _palette(self) -> Palette:
        if self.high_contrast:
            return high_contrast_palette()
        return county_palette(self.config.theme.primary, self.config.theme.accent)

    @staticmethod
    def _browser_icon_colours(palette: Palette) -> tuple[str, str, str, str]:
        return palette.on_primary, palette.on_accent, palette.heading, palette.accent

    def _show_notice(self, key: str) -> None:
        text = NOTICE_TEXTS.get(key)
        if text:
            self.toast.show_message(tr(text, self.language))

    # --- Qt events ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.home and event.type() == QEvent.Type.Paint and not self._started_web:
            self._started_web = True
            self.first_paint_at = time.time()
            self.first_paint_cpu = time.process_time()
            self.home.removeEventFilter(self)
            QTimer.singleShot(0, self._after_first_paint)
        return False

    def _after_first_paint(self) -> None:
        if self._shut_down:
            return
        self.first_painted.emit()  # the runtime verifies a snapshot config here, may replace us
        if self._shut_down:
            return
        self._build_screens()
        self.home.enable_touch_scrolling()
        self.panels.finish()
        if self.keyboard.load():
            self.keyboard.fit(self.width(), self.height())
            self.keyboard.set_language(self.language)
            self.keyboard.shown.connect(self._on_keyboard_shown)
        self._ensure_web()
        self.content.start()
        if self.connectivity is not None:
            self.connectivity.start()
        self._attract_timer.start()
        self.watchdog.start()

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        self.input.watch(self.windowHandle())

    def resizeEvent(self, event: QEvent) -> None:
        super().resizeEvent(event)
        for overlay in self._visible_overlays():
            overlay.cover()
        self.keyboard.fit(self.width(), self.height())
        if self._screens_built and self.attract.isVisible():
            self.attract.setGeometry(self.rect())

    def closeEvent(self, event: QEvent) -> None:
        if self.config.kiosk.lockdown:
            event.ignore()  # Alt+F4 / window-manager close do nothing in lockdown
            return
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Release the web engine before the QApplication goes away; nothing starts it again."""
        self._shut_down = True
        if self._screens_built:
            self.dialogs.dismiss_all()
        self._retire_web()
        self.content.wait_idle(3000)
