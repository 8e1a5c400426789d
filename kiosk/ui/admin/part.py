"""The technician's way in: the corner gesture, the PIN pad, the panel and what it shows.

The runtime hands over its live sources once (:class:`AdminSources`); the panel reads
them when it opens, so nothing is pushed into a window while it runs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.technician import TN_, tech
from kiosk.exit_codes import OK, RESTART
from kiosk.ui.admin.gesture import CornerTaps

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.config.watch import ReloadOutcome
    from kiosk.stats.store import StatsStore
    from kiosk.system.connectivity import Connectivity
    from kiosk.ui.admin.panel import AdminInfo, AdminPanel
    from kiosk.ui.admin.pin_pad import PinPad
    from kiosk.ui.screens.overlay_stack import OverlayStack

log = logging.getLogger("kiosk.admin")


class HelpDesk(Protocol):
    """A visitor's Pomoc request as the panel sees it (kiosk/ui/window/help.py)."""

    @property
    def requested_at(self) -> dt.datetime | None: ...

    def clear(self, who: str = "technician") -> bool: ...


def _nothing() -> list[str]:
    return []


@dataclass(frozen=True)
class AdminSources:
    """What lives longer than one window and the panel shows: read each time it opens."""

    hook_state: Callable[[], str] = lambda: tech(TN_("not engaged"))
    config_problems: Callable[[], list[str]] = field(default=_nothing)
    connectivity: Callable[[], Connectivity | None] = lambda: None
    reload: Callable[[], ReloadOutcome] | None = None  # None: the config is not from a file
    fleet_status: Callable[[], str | None] = lambda: None  # None: not a kiosk of a fleet
    schedule_status: Callable[[], str | None] = lambda: None  # opening hours and display power
    commands_status: Callable[[], str | None] = lambda: None  # the last remote commands run (kiosk/fleet/runner.py)


class AdminPart(QObject):
    """Gesture → PIN pad → panel. The pad and the panel are built on first use."""

    open_requested = Signal(str)
    quit_requested = Signal(int, str)  # exit code, why: restart or leave the kiosk
    closed = Signal()  # the technician left the panel (a pending config may apply now)

    def __init__(
        self,
        window: QWidget,
        config: KioskConfig,
        stack: OverlayStack,
        sources: AdminSources,
        stats: StatsStore,
        *,
        clock: Callable[[], dt.datetime],
        monotonic: Callable[[], float],
        state_dir: Path | None,
        sessions: Callable[[], int],
    ) -> None:
        super().__init__(window)
        self._window, self.config, self._stack, self.sources = window, config, stack, sources
        self._stats, self._clock, self._monotonic = stats, clock, monotonic
        self._state_dir = state_dir  # where the PIN attempt record survives restarts (None: in memory)
        self._sessions = sessions
        self.corner_taps = CornerTaps()
        self._pin_pad: PinPad | None = None
        self._panel: AdminPanel | None = None
        self.help_desk: HelpDesk | None = None  # set by the window's help part

    @property
    def pin_pad(self) -> PinPad:
        self._build()
        assert self._pin_pad is not None
        return self._pin_pad

    @property
    def panel(self) -> AdminPanel:
        self._build()
        assert self._panel is not None
        return self._panel

    def _build(self) -> None:
        if self._panel is not None:
            return
        from kiosk.system.health import start_cpu_sample
        from kiosk.system.pin import PinLimitFile
        from kiosk.ui.admin.panel import AdminPanel
        from kiosk.ui.admin.pin_pad import PinPad

        start_cpu_sample()  # the PIN takes a few seconds: by then the panel has a real CPU figure
        limit_file = PinLimitFile(self._state_dir / "admin-pin.json") if self._state_dir else None
        pin_hash = lambda: self.config.admin.pin_hash  # noqa: E731 - read at each check: the config may change
        self._pin_pad = PinPad(self._window, pin_hash, self._monotonic, limit_file, self._stack)
        self._panel = panel = AdminPanel(self._window, self.config.admin.close_after_seconds, self._stack)
        self._pin_pad.accepted.connect(self.open_panel)
        panel.reload_requested.connect(self._reload)
        panel.restart_requested.connect(lambda: self.quit_requested.emit(RESTART, "restart from the admin panel"))
        panel.exit_requested.connect(self._exit)
        panel.open_requested.connect(self.open_requested)
        panel.clear_help_requested.connect(self._clear_help)
        panel.hidden.connect(self.closed)

    def showing(self) -> bool:
        return any(o is not None and o.isVisible() for o in (self._pin_pad, self._panel))

    def press(self, x: float, y: float) -> None:
        """A press anywhere: five in the top-left corner open the PIN pad."""
        if not self.config.admin.pin_hash or self.showing():
            return
        if self.corner_taps.press(x, y, self._monotonic()):
            log.info("admin gesture: PIN pad shown")
            self.pin_pad.open_pad()

    def touch(self) -> None:
        """Any technician input keeps the panel open."""
        if self._panel is not None:
            self._panel.touch()

    def open_panel(self) -> None:
        self.panel.present(self.info())

    def close(self) -> None:
        """The wipe: no technician screen stays open."""
        if self._pin_pad is not None and self._panel is not None:
            self._pin_pad.close_pad()
            self._panel.hide()

    def info(self) -> AdminInfo:
        from kiosk.ui.admin.panel import collect_admin_info

        return collect_admin_info(
            self.config,
            self._stats.counters(self._clock().date()),
            sessions_since_start=self._sessions(),
            hook_state=self.sources.hook_state(),
            config_problems=self.sources.config_problems(),
            connectivity=self.sources.connectivity(),
            fleet_status=self.sources.fleet_status(),
            schedule_status=self.sources.schedule_status(),
            commands_status=self.sources.commands_status(),
            help_requested_at=self._help_time(),
        )

    def _help_time(self) -> str:
        at = self.help_desk.requested_at if self.help_desk is not None else None
        return at.strftime("%H:%M") if at is not None else ""

    def _clear_help(self) -> None:
        cleared = self.help_desk is not None and self.help_desk.clear("technician")
        log.info("admin panel: help request %s", "cleared" if cleared else "already gone")
        self.panel.fill(self.info())
        self.panel.show_message(
            tech("The call for help is cleared.") if cleared else tech("There was no call for help.")
        )

    def _reload(self) -> None:
        from kiosk.config.watch import ReloadOutcome

        outcome = self.sources.reload() if self.sources.reload is not None else ReloadOutcome("no_file")
        log.info("admin panel: reload: %s", outcome.kind)
        self.panel.fill(self.info())
        self.panel.show_message(outcome.text())

    def _exit(self) -> None:
        if self.config.admin.allow_exit:
            self.quit_requested.emit(OK, "exit from the admin panel")
