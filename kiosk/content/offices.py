"""Urzędy gmin: is an office open now, and when does it open next? The same opening-hours
model as the kiosk's own schedule (kiosk/core/hours.py): split hours, extra closed days,
Polish public holidays, Polish time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.content.holidays_pl import holiday_name
from kiosk.core.hours import WARSAW, WEEKDAYS, OpeningHours

if TYPE_CHECKING:
    from kiosk.config.schema import Office


@dataclass(frozen=True)
class OfficeStatus:
    open_now: bool
    today_hours: str | None  # "7:30-15:30" or "7:30-12:00, 12:30-15:30"; None when closed all day
    closed_for_holiday: str | None  # holiday name when closed because of it
    next_open: dt.datetime | None = None  # closed: the next opening (Polish time)
    until: dt.datetime | None = None  # open: when it closes (Polish time)


def office_hours(office: Office, language: str = "pl") -> OpeningHours:
    days = {day: getattr(office.hours, day) for day in WEEKDAYS}
    return OpeningHours.from_texts(days, tuple(office.closed), None, lambda day: holiday_name(day, language))


def office_status(office: Office, now: dt.datetime, language: str = "pl") -> OfficeStatus:
    """``now`` without a time zone is Polish time (the kiosk's clock)."""
    moment = now if now.tzinfo is not None else now.replace(tzinfo=WARSAW)
    hours = office_hours(office, language)
    if hours.always_open:  # no hours given: nothing to say
        return OfficeStatus(False, None, None)
    state = hours.state(moment)
    holiday = state.reason.removeprefix("holiday: ") if state.reason.startswith("holiday: ") else None
    today = ", ".join(f"{a // 60}:{a % 60:02d}-{b // 60}:{b % 60:02d}" for a, b in state.today) or None
    return OfficeStatus(state.open, today, holiday, state.next_open, state.until)
