"""Visitor session state machine. Pure: no Qt, no clock of its own.

States::

    IDLE ──visitor does something──▶ ACTIVE ──no input for idle_seconds──▶ WARNING
      ▲                                │  ▲                                   │
      │                                │  └──────── any real input ───────────┤
      └──── wiped / home reset ◀───────┘ (nothing private: reset home)        │
      └── on_wiped ◀── WIPING ◀──────── warning_seconds pass: WIPE ◀──────────┘

Only real input (press, touch, key, wheel; see ``kiosk.ui.window.input_watch``) calls
:meth:`SessionMachine.on_input`; nothing a page does can, so a page cannot keep a
session alive. The Qt adapter asks :meth:`next_deadline` and arms one single-shot timer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class State(enum.Enum):
    IDLE = "idle"  # home screen in its default state; nothing to wipe
    ACTIVE = "active"
    WARNING = "warning"
    WIPING = "wiping"  # the wipe was asked for; on_wiped() brings the machine back to IDLE


class Action(enum.Enum):
    SHOW_WARNING = "show_warning"
    HIDE_WARNING = "hide_warning"
    WIPE = "wipe"  # the full end_session("idle")
    RESET_HOME = "reset_home"  # visitor choices only (language, text size, scroll)


@dataclass
class SessionMachine:
    idle_seconds: float
    warning_seconds: float
    state: State = State.IDLE
    last_input: float = 0.0
    warning_started: float = 0.0
    private: bool = False  # something to wipe: a page was opened in this session
    started_at: float | None = field(default=None)
    last_session_seconds: float = 0.0  # how long the session that ended last lasted

    def on_input(self, now: float) -> list[Action]:
        """Real input from the visitor."""
        self.last_input = now
        if self.state is State.WARNING:
            self.state = State.ACTIVE
            return [Action.HIDE_WARNING]
        return []

    def on_activity(self, now: float, private: bool) -> list[Action]:
        """The visitor changed something: opened a page (private) or a display choice.
        Like input, it ends a running warning: the visitor is evidently there."""
        self.last_input = now
        if self.started_at is None:
            self.started_at = now
        self.private = self.private or private
        if self.state is State.IDLE:
            self.state = State.ACTIVE
        elif self.state is State.WARNING:
            self.state = State.ACTIVE
            return [Action.HIDE_WARNING]
        return []

    def on_tick(self, now: float) -> list[Action]:
        """Call at (or after) :meth:`next_deadline`; returns what the UI must do."""
        if self.state is State.ACTIVE and now - self.last_input >= self.idle_seconds:
            if self.private:
                self.state = State.WARNING
                self.warning_started = now
                return [Action.SHOW_WARNING]
            self.last_session_seconds = self.duration(now)
            self._reset()
            return [Action.RESET_HOME]
        if self.state is State.WARNING and now - self.warning_started >= self.warning_seconds:
            self.state = State.WIPING
            return [Action.HIDE_WARNING, Action.WIPE]
        return []

    def on_wiped(self) -> None:
        """A wipe happened for any reason (visitor, admin, crash, idle)."""
        self._reset()

    def next_deadline(self) -> float | None:
        """When :meth:`on_tick` has something to do next, or None while idle."""
        if self.state is State.ACTIVE:
            return self.last_input + self.idle_seconds
        if self.state is State.WARNING:
            return self.warning_started + self.warning_seconds
        return None

    def seconds_left(self, now: float) -> int:
        """Whole seconds of the warning countdown still to go."""
        if self.state is not State.WARNING:
            return 0
        return max(0, round(self.warning_started + self.warning_seconds - now))

    def duration(self, now: float) -> float:
        return now - self.started_at if self.started_at is not None else 0.0

    def _reset(self) -> None:
        self.state = State.IDLE
        self.private = False
        self.started_at = None
