"""Carries out :func:`kiosk.core.schedule.decide` on one window, every few seconds and at once
when a visitor leaves or touches: the closed screen between visitors, the display off
and on, alerts over everything, the banner.

A visitor in a session at closing time keeps the kiosk (the idle path ends the session,
then the closed state applies). An extreme or severe alert ends a running session after
a short notice, then stays over every screen until it expires.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk.core.i18n import tr
from kiosk.core.schedule import KioskSchedule, Plan, decide
from kiosk.core.session import State
from kiosk.core.technician import TN_, tech
from kiosk.support.worker import Worker
from kiosk.system.display import DisplayPower, choose_backend
from kiosk.ui.screens.schedule_screens import AlertBanner, AlertScreen, BlankScreen, ClosedScreen
from kiosk.ui.widgets.theme import county_palette, high_contrast_palette

if TYPE_CHECKING:
    from kiosk.ui.window.window import KioskWindow

log = logging.getLogger("kiosk.schedule")

TICK_MS = 5000
ALERT_NOTICE_SECONDS = 10
#: The admin panel's "Hours and screen" row, by (closed, display on): whole sentences for
#: the translator (the kiosk is "zamknięty", the screen "wyłączony").
STATUS = {
    (True, True): TN_("closed; screen on; display power: {power}"),
    (True, False): TN_("closed; screen off; display power: {power}"),
    (False, True): TN_("open; screen on; display power: {power}"),
    (False, False): TN_("open; screen off; display power: {power}"),
}


def kiosk_schedule(config) -> KioskSchedule | None:
    """None when the config has no hours and no night: the kiosk is always open."""
    from kiosk.content.holidays_pl import holiday_name

    schedule = KioskSchedule.from_config(config, lambda day: holiday_name(day, "pl"))
    if schedule.hours.always_open and schedule.night is None:
        return None
    return schedule


class SchedulePart(QObject):
    """The schedule and the alerts of one window."""

    def __init__(
        self,
        window: KioskWindow,
        clock: Callable[[], dt.datetime] | None = None,
        display: DisplayPower | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        config = window.config
        self.window = window
        self.settings = config.schedule
        self.schedule = kiosk_schedule(config)
        self.alerts = list(config.alerts)
        self.clock = clock or (lambda: dt.datetime.now().astimezone())
        self.monotonic = monotonic
        self.display = display or choose_backend(self.settings.display, self.settings.display_output)
        self.display_on: bool | None = None  # as last set (None: not yet)
        self.plan: Plan | None = None
        self._browse_until = 0.0  # the closed screen stepped aside for the county's information
        self._woken_until = 0.0
        self._ending_at: float | None = None  # a takeover alert ends the session then
        self._worker = Worker(self)
        stack = window.overlays
        self.closed_screen = ClosedScreen(window, stack)
        self.alert_screen = AlertScreen(window, stack)
        self.blank = BlankScreen(window, stack)
        self.banner = AlertBanner()
        window.home.layout().insertWidget(1, self.banner)
        self.browser_banner: AlertBanner | None = None
        self.closed_screen.browse_requested.connect(self._browse)
        # The home header's controls, on the closed screen too (issue 29, 5): the window applies
        # the choice, choices_changed brings it back here and the screen shows it at once.
        self.closed_screen.text_size_toggled.connect(lambda: window.choose(window.choices.with_next_text_scale()))
        self.closed_screen.contrast_toggled.connect(
            lambda: window.choose(window.choices.with_high_contrast(not window.choices.high_contrast))
        )
        for screen in (self.closed_screen, self.alert_screen):
            screen.language_chosen.connect(self._choose_language)
        self.blank.touched.connect(self._touched)
        window.input.activity.connect(self._activity)
        window.session_ended.connect(lambda _reason: QTimer.singleShot(0, self.apply))
        window.choices_changed.connect(self.apply)  # the banner and the covers speak the new language now
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.apply)
        self._timer.start()
        QTimer.singleShot(0, self.apply)

    # --- deciding -----------------------------------------------------------------------
    def visitor_present(self) -> bool:
        """Someone is using an e-service (a page was opened and not yet wiped); a language
        picked on the closed screen is not a session to protect."""
        window = self.window
        return not window.is_home() or (window.session.state is not State.IDLE and window.session.machine.private)

    def apply(self) -> None:
        """Decide now and make the screen say it."""
        if self.window.shut_down:
            self._timer.stop()
            return
        now, mono = self.clock(), self.monotonic()
        plan = decide(self.schedule, self.alerts, now, self.visitor_present(), woken=mono < self._woken_until)
        self.plan = plan
        language = self.window.language
        self._show_alert(plan, language, mono)
        said_before = self.banner.label.text() if self.banner.isVisibleTo(self.window) else ""
        self.banner.present(plan.banner, language)
        banner_text = self.banner.label.text() if self.banner.isVisibleTo(self.window) else ""
        if banner_text and banner_text != said_before and self.window.screens_built:
            self.window.access.say(banner_text)  # a new alert, aloud to a visitor who listens
        self._attach_browser_banner()
        if self.browser_banner is not None:
            self.browser_banner.present(plan.banner, language)
        closed_now = plan.closed_screen and mono >= self._browse_until and plan.takeover is None
        if closed_now:
            choices, theme = self.window.choices, self.window.config.theme
            palette = high_contrast_palette() if choices.high_contrast else county_palette(theme.primary, theme.accent)
            self.closed_screen.set_icon_colour(palette.text)
            self.closed_screen.present(
                self._opening_text(plan, now, language), language, self.window.config.kiosk.name,
                text_scale=choices.text_scale, high_contrast=choices.high_contrast,
            )  # fmt: skip
        elif self.closed_screen.isVisible():
            self.closed_screen.hide()
        services = not plan.closed or self.settings.services_when_closed or self.visitor_present()
        for tile in self.window.home.tiles:
            tile.setVisible(services)
        self.window.home.services_title.setVisible(services)
        self._set_display(plan.display_on)

    def _opening_text(self, plan: Plan, now: dt.datetime, language: str) -> str | None:
        from kiosk.core.dates import opening_text

        if plan.opening is None or plan.opening.next_open is None:
            return None
        return opening_text(plan.opening.next_open, now, language)

    def _show_alert(self, plan: Plan, language: str, mono: float) -> None:
        alert = plan.takeover
        if alert is None:
            self._ending_at = None
            if self.alert_screen.isVisible():
                log.info("alert %s no longer in force", self.alert_screen.alert_id)
                self.alert_screen.hide()
            return
        if not self.alert_screen.isVisible() or self.alert_screen.alert_id != alert.id:
            log.warning("alert %s (%s) over the screen until %s", alert.id, alert.severity, alert.expires)
        notice = ""
        if plan.end_session:
            if self._ending_at is None:
                self._ending_at = mono + ALERT_NOTICE_SECONDS
                QTimer.singleShot(ALERT_NOTICE_SECONDS * 1000, self._end_for_alert)
            seconds = max(0, round(self._ending_at - mono))
            notice = tr("Sesja zakończy się za {seconds} s; Twoje dane zostaną usunięte.", language).replace(
                "{seconds}", str(seconds)
            )
        self.alert_screen.present(alert, language, notice)

    def _end_for_alert(self) -> None:
        if self._ending_at is None or self.window.shut_down:
            return
        self._ending_at = None
        if self.visitor_present():
            self.window.end_session("alert")
        self.apply()

    # --- display ------------------------------------------------------------------------
    def _set_display(self, on: bool) -> None:
        if on == self.display_on:
            return
        self.display_on = on
        display = self.display
        self.blank.setVisible(not on and display.blanks_window)
        if not on and display.blanks_window:
            self.blank.show_over()

        def switched(ok: bool) -> None:
            if not ok and not on and not self.window.shut_down:
                self.blank.show_over()  # the backend failed: dark anyway

        self._worker.run(lambda: display.set_on(on), switched)

    def _touched(self) -> None:
        """A touch on the dark screen: wake it for one idle period, or keep it dark."""
        if self.display_on is not False:
            return
        if self.settings.wake_on_touch:
            self._woken_until = self.monotonic() + self.window.config.session.idle_seconds
        else:
            self.display_on = None  # the hardware may have woken itself (X DPMS): switch off again
        self.apply()

    def _activity(self) -> None:
        if self.display_on is False:
            self._touched()
        elif self.monotonic() < self._woken_until:
            self._woken_until = self.monotonic() + self.window.config.session.idle_seconds
        if self.monotonic() < self._browse_until:
            self._browse_until = self.monotonic() + self.window.config.session.idle_seconds

    # --- visitor choices ----------------------------------------------------------------
    def _browse(self) -> None:
        self._browse_until = self.monotonic() + self.window.config.session.idle_seconds
        self.closed_screen.dismiss()
        self.apply()

    def _choose_language(self, code: str) -> None:
        self.window.choose(self.window.choices.with_language(code))
        self.apply()

    def _attach_browser_banner(self) -> None:
        if self.browser_banner is None and self.window.screens_built:
            self.browser_banner = AlertBanner()
            self.window.browser.layout().insertWidget(1, self.browser_banner)

    def status(self) -> str:
        """For the admin panel, in the technician's language: the plan and the display backend."""
        plan = self.plan
        if plan is None:
            return "—"
        return tech(STATUS[plan.closed, plan.display_on], power=self.display.describe())


def attach_schedule(window: KioskWindow) -> SchedulePart:
    """Give ``window`` its schedule and alerts (the runtime calls this for each window)."""
    part = SchedulePart(window)
    window.schedule_part = part  # type: ignore[attr-defined]
    return part
