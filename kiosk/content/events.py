"""Kalendarium: events from iCalendar (icalendar) and from the config, next N days."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from kiosk.config.schema import Event as ConfigEvent


@dataclass(frozen=True)
class CalendarEvent:
    date: str  # ISO date
    time: str | None  # "HH:MM"
    title: str
    place: str

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> CalendarEvent:
        return cls(data["date"], data.get("time"), data["title"], data.get("place", ""))


log = logging.getLogger("kiosk.content")

RECURRENCE_HORIZON_DAYS = 100  # beyond calendar.days_ahead (at most 90), from the parse day
MAX_OCCURRENCES = 100  # per repeating event: a FREQ=MINUTELY rule must not flood the list


@cache
def local_time() -> ZoneInfo:
    """Polish time: the kiosks stand in Polish offices. Imported on first use, like
    icalendar: importing zoneinfo reads sysconfig (~4 ms), and the home screen paints
    cached events, which carry their local date and time already."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Warsaw")


class CalendarError(ValueError):
    """The calendar could not be read at all."""


def parse_ics(data: bytes, today: dt.date | None = None) -> list[CalendarEvent]:
    """The events of an .ics document; repeating ones (RRULE, minus EXDATE and moved
    instances) are expanded from ``today`` to RECURRENCE_HORIZON_DAYS ahead."""
    import icalendar  # here, not at start-up: the home screen paints from cache first

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise CalendarError(f"not an iCalendar file ({exc})") from None
    today = today or dt.date.today()
    components = list(calendar.walk("VEVENT"))
    moved = {  # (UID, original start) of instances the file moves or changes
        (str(c.get("UID", "")), _moment(c["RECURRENCE-ID"].dt))
        for c in components
        if c.get("RECURRENCE-ID") is not None
    }
    events = []
    for component in components:
        start = component.get("DTSTART")
        summary = str(component.get("SUMMARY", "")).strip()
        if start is None or not summary:
            continue
        title, place = summary[:200], str(component.get("LOCATION", ""))[:200]
        starts = [start.dt]
        if component.get("RRULE") is not None and component.get("RECURRENCE-ID") is None:
            uid = str(component.get("UID", ""))
            starts = [s for s in _occurrences(component, start.dt, today) if (uid, _moment(s)) not in moved]
        for value in starts:
            day, time = _day_and_time(value)
            events.append(CalendarEvent(day.isoformat(), time, title, place))
    return events


def _day_and_time(value: dt.date | dt.datetime) -> tuple[dt.date, str | None]:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(local_time())
        return value.date(), value.strftime("%H:%M")
    return value, None


def _moment(value: dt.date | dt.datetime) -> str:
    """A comparable key for an instance start (RECURRENCE-ID matching)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.isoformat()[:19]


def _occurrences(component, start: dt.date | dt.datetime, today: dt.date) -> list[dt.date | dt.datetime]:
    """The starts of a repeating event within the horizon (dateutil's RFC 5545 rules)."""
    from dateutil.rrule import rruleset, rrulestr

    all_day = not isinstance(start, dt.datetime)
    first = dt.datetime.combine(start, dt.time()) if all_day else start
    window_start = dt.datetime.combine(today - dt.timedelta(days=1), dt.time())
    window_end = dt.datetime.combine(today + dt.timedelta(days=RECURRENCE_HORIZON_DAYS), dt.time())
    if first.tzinfo is not None:
        window_start, window_end = (w.replace(tzinfo=first.tzinfo) for w in (window_start, window_end))
    rules = component.get("RRULE")
    try:
        recurrence = rruleset()
        for rule in rules if isinstance(rules, list) else [rules]:
            recurrence.rrule(rrulestr(rule.to_ical().decode(), dtstart=first))
        exdates = component.get("EXDATE") or []
        for group in exdates if isinstance(exdates, list) else [exdates]:
            for excluded in group.dts:
                value = excluded.dt
                if not isinstance(value, dt.datetime):
                    value = dt.datetime.combine(value, dt.time())
                recurrence.exdate(value)
        found = []
        for occurrence in recurrence.xafter(window_start, count=MAX_OCCURRENCES, inc=True):
            if occurrence > window_end:
                break
            found.append(occurrence.date() if all_day else occurrence)
        return found
    except (ValueError, TypeError) as exc:  # a rule dateutil rejects: show the first date only
        log.info("repeating event %r not expanded: %s", str(component.get("SUMMARY", ""))[:60], exc)
        return [start]


def from_config(events: list[ConfigEvent], language: str = "pl") -> list[CalendarEvent]:
    return [CalendarEvent(e.date.isoformat(), e.time, e.title.get(language), e.place) for e in events]


def upcoming(events: list[CalendarEvent], today: dt.date, days: int = 14) -> list[CalendarEvent]:
    """Events from today to ``days`` ahead, in time order."""
    last = today + dt.timedelta(days=days)
    chosen = [e for e in events if today.isoformat() <= e.date <= last.isoformat()]
    return sorted(chosen, key=lambda e: (e.date, e.time or "00:00", e.title))
