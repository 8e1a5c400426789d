"""Kalendarium: events from iCalendar (icalendar) and from the config, next N days."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

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


class CalendarError(ValueError):
    """The calendar could not be read at all."""


def parse_ics(data: bytes) -> list[CalendarEvent]:
    """All single events of an .ics document (recurrences are not expanded)."""
    import icalendar  # here, not at start-up: the home screen paints from cache first

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise CalendarError(f"not an iCalendar file ({exc})") from None
    events = []
    for component in calendar.walk("VEVENT"):
        start = component.get("DTSTART")
        summary = str(component.get("SUMMARY", "")).strip()
        if start is None or not summary:
            continue
        value = start.dt
        if isinstance(value, dt.datetime):
            day, time = value.date(), value.strftime("%H:%M")
        else:
            day, time = value, None
        events.append(CalendarEvent(day.isoformat(), time, summary[:200], str(component.get("LOCATION", ""))[:200]))
    return events


def from_config(events: list[ConfigEvent], language: str = "pl") -> list[CalendarEvent]:
    return [CalendarEvent(e.date.isoformat(), e.time, e.title.get(language), e.place) for e in events]


def upcoming(events: list[CalendarEvent], today: dt.date, days: int = 14) -> list[CalendarEvent]:
    """Events from today to ``days`` ahead, in time order."""
    last = today + dt.timedelta(days=days)
    chosen = [e for e in events if today.isoformat() <= e.date <= last.isoformat()]
    return sorted(chosen, key=lambda e: (e.date, e.time or "00:00", e.title))
