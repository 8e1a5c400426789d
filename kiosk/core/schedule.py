"""What the kiosk should be doing at a moment: open or closed, display on or off, which
emergency alert takes over the screen or shows as a banner — decided by one pure
function (:func:`decide`) from the config, the clock and whether a visitor is there.

Alerts follow CAP 1.2's fields (severity, headline, description, instruction,
effective, expires). Polish RCB alerts are never called off, so ``expires`` is mandatory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.core.hours import WARSAW, OpeningHours, OpeningState, in_night, parse_night_range
from kiosk.core.technician import tech

SEVERITIES = ("extreme", "severe", "moderate", "minor")
TAKEOVER = frozenset({"extreme", "severe"})


def aware(moment: dt.datetime) -> dt.datetime:
    """A TOML date-time without an offset is Polish time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=WARSAW)


def alerts_in_force(alerts: Sequence[Any], now: dt.datetime) -> list[Any]:
    """The config's ``[[alerts]]`` effective at ``now``, most severe first, newest first."""
    live = [a for a in alerts if aware(a.effective or now) <= now < aware(a.expires)] if alerts else []
    live.sort(key=lambda a: aware(a.effective or now), reverse=True)
    live.sort(key=lambda a: SEVERITIES.index(a.severity))
    return live


@dataclass(frozen=True)
class KioskSchedule:
    """The kiosk's own hours and what it does outside them."""

    hours: OpeningHours
    outside: str  # "closed_screen" | "display_off"
    night: tuple[int, int] | None  # the display is off in this range, open or not

    @classmethod
    def from_config(cls, config: Any, holiday: Callable[[dt.date], str | None]) -> KioskSchedule:
        schedule = config.schedule
        days = {day: getattr(schedule.hours, day) for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        extra = {entry.date: entry.hours for entry in schedule.open}
        hours = OpeningHours.from_texts(days, tuple(schedule.closed), extra, holiday)
        night = parse_night_range(schedule.display_off) if schedule.display_off else None
        return cls(hours, schedule.outside, night)

    def opening(self, now: dt.datetime) -> OpeningState:
        return self.hours.state(now)


@dataclass(frozen=True)
class Plan:
    """What the screen should show now."""

    closed: bool  # outside opening hours
    closed_screen: bool  # show the closed screen (only between visitors)
    display_on: bool
    takeover: Any | None  # an extreme/severe alert over everything
    banner: Any | None  # a moderate/minor alert on the home screen and the browser bar
    end_session: bool  # a takeover begins while a visitor is in a session: end it (after a notice)
    opening: OpeningState | None = None
    live: tuple[Any, ...] = ()  # every alert in force, most severe first


def decide(
    schedule: KioskSchedule | None,
    alerts: Sequence[Any],
    now: dt.datetime,
    visitor_present: bool,
    woken: bool = False,
) -> Plan:
    """The one decision: ``woken`` = someone touched the dark screen a moment ago and
    the kiosk is set to wake for them."""
    live = alerts_in_force(alerts, now)
    takeover = next((a for a in live if a.severity in TAKEOVER), None)
    banner = next((a for a in live if a.severity not in TAKEOVER), None)
    opening = schedule.opening(now) if schedule is not None else None
    closed = opening is not None and not opening.open
    dark = schedule is not None and (
        (closed and schedule.outside == "display_off") or (schedule.night is not None and in_night(schedule.night, now))
    )
    every = tuple(live)
    if takeover is not None:
        return Plan(closed, closed and not visitor_present, True, takeover, banner, visitor_present, opening, every)
    if visitor_present:  # a session at closing time is not cut off: the idle path ends it
        return Plan(closed, False, True, None, banner, False, opening, every)
    return Plan(closed, closed, not dark or woken, None, banner, False, opening, every)


def describe_opening(state: OpeningState) -> str:
    """The ``kiosk schedule`` line in the technician's language: ``open; closes 2026-12-01
    15:30 (hours)`` or ``closed; opens 2026-12-28 07:30 (holiday: …)``."""
    if state.reason == "always":
        return tech("open; no [schedule.hours]: always open")
    why = _reason(state.reason)
    if state.open:
        return tech("open; closes {until} ({why})", until=_local(state.until), why=why)
    if state.next_open is None:
        return tech("closed; no opening within a year ({why})", why=why)
    return tech("closed; opens {when} ({why})", when=_local(state.next_open), why=why)


def _reason(reason: str) -> str:
    """:attr:`OpeningState.reason` in words (a holiday keeps its Polish name)."""
    if reason.startswith("holiday: "):
        return tech("holiday: {name}", name=reason.removeprefix("holiday: "))
    if reason == "exception":
        return tech("exception")
    if reason == "hours":
        return tech("hours")
    return reason


def _local(moment: dt.datetime | None) -> str:
    return moment.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M") if moment else "?"
