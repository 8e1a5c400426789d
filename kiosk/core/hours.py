"""Opening hours, one model for the kiosk's own schedule and the offices on the home
screen: per weekday one or more ranges ("7:30-12:00, 12:30-15:30"), exception dates
closed or open with their own hours, Polish public holidays closed, in Polish time
(Europe/Warsaw, so the DST days count their real hours).

Pure: no Qt, no pydantic; holidays come in as a function (``kiosk.content.holidays_pl``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")
# Polish websites write hours with an en dash ("7:30–15:30"); a technician copies them.
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})
_SEARCH_DAYS = 400

Ranges = tuple[tuple[int, int], ...]  # minutes from midnight: (opens, closes), closes <= 1440


def normalise(text: str) -> str:
    """One way of writing hours: hyphens, no spaces, ", " between ranges."""
    return ", ".join(part.strip().replace(" ", "") for part in text.translate(_DASHES).split(","))


def parse_ranges(text: str) -> Ranges:
    """``"7:30-12:00, 12:30-15:30"`` as minute ranges; ValueError saying what is wrong."""
    ranges: list[tuple[int, int]] = []
    for part in normalise(text).split(", "):
        match = _RANGE.fullmatch(part)
        if not match:
            raise ValueError(
                f"write opening hours as 'HH:MM-HH:MM', several separated by commas "
                f"(e.g. '7:30-12:00, 12:30-15:30'), got {text!r}"
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2) or (h1, m1) >= (h2, m2):
            raise ValueError(f"{part!r} is not a valid time range (opening must be before closing)")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if ranges and start < ranges[-1][1]:
            raise ValueError(f"{part!r} starts before the previous range ends; write the ranges in order")
        ranges.append((start, end))
    return tuple(ranges)


def parse_night_range(text: str) -> tuple[int, int]:
    """``"22:00-6:00"``: a range that may cross midnight (the display's night)."""
    match = _RANGE.fullmatch(normalise(text))
    if not match:
        raise ValueError(f"write the night as 'HH:MM-HH:MM', e.g. '22:00-6:00', got {text!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
        raise ValueError(f"{text!r} is not a valid time range")
    return h1 * 60 + m1, h2 * 60 + m2


@dataclass(frozen=True)
class OpeningState:
    """Open or closed at a moment, until when, and why."""

    open: bool
    until: dt.datetime | None  # open: when it closes; closed: None
    next_open: dt.datetime | None  # closed: the next opening (None: not within a year)
    reason: str  # "hours", "exception", "holiday: <name>", "always"
    today: Ranges = ()  # the hours of the local day


@dataclass(frozen=True)
class OpeningHours:
    """A weekly schedule with exceptions. ``always_open``: no hours at all were given."""

    week: Mapping[int, Ranges]  # weekday 0 = Monday → ranges (missing: closed)
    closed: frozenset[dt.date] = frozenset()
    open_days: Mapping[dt.date, Ranges] = field(default_factory=dict)
    holiday: Callable[[dt.date], str | None] = lambda _day: None

    @property
    def always_open(self) -> bool:
        return not self.week and not self.open_days

    @classmethod
    def from_texts(
        cls,
        days: Mapping[str, str | None],
        closed: tuple[dt.date, ...] = (),
        open_days: Mapping[dt.date, str] | None = None,
        holiday: Callable[[dt.date], str | None] = lambda _day: None,
    ) -> OpeningHours:
        """From config texts: ``{"mon": "7:30-15:30", …}``."""
        week = {WEEKDAYS.index(day): parse_ranges(text) for day, text in days.items() if text}
        extra = {day: parse_ranges(text) for day, text in (open_days or {}).items()}
        return cls(week, frozenset(closed), extra, holiday)

    def day(self, day: dt.date) -> tuple[Ranges, str]:
        """The ranges of one local day and why (an exception wins over a holiday, which
        wins over the weekly hours)."""
        if day in self.open_days:
            return self.open_days[day], "exception"
        if day in self.closed:
            return (), "exception"
        name = self.holiday(day)
        if name:
            return (), f"holiday: {name}"
        return self.week.get(day.weekday(), ()), "hours"

    def state(self, now: dt.datetime) -> OpeningState:
        """Open or closed at ``now`` (any time zone; judged in Polish time)."""
        local = now.astimezone(WARSAW)
        if self.always_open:
            return OpeningState(True, None, None, "always")
        today, reason = self.day(local.date())
        minute = local.hour * 60 + local.minute
        for start, end in today:
            if start <= minute < end:
                return OpeningState(True, _at(local.date(), end), None, reason, today)
        return OpeningState(False, None, self.next_opening(local), reason, today)

    def next_opening(self, now: dt.datetime) -> dt.datetime | None:
        local = now.astimezone(WARSAW)
        minute = local.hour * 60 + local.minute
        for offset in range(_SEARCH_DAYS):
            day = local.date() + dt.timedelta(days=offset)
            for start, _end in self.day(day)[0]:
                if offset or start > minute:
                    return _at(day, start)
        return None


def _at(day: dt.date, minute: int) -> dt.datetime:
    """The aware moment of a local wall time (24:00 is the next midnight)."""
    if minute >= 1440:
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=WARSAW)
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=WARSAW)


def in_night(night: tuple[int, int], now: dt.datetime) -> bool:
    """Whether ``now`` is inside a night range such as 22:00-6:00 (Polish time)."""
    local = now.astimezone(WARSAW)
    minute = local.hour * 60 + local.minute
    start, end = night
    return start <= minute < end if start < end else minute >= start or minute < end
