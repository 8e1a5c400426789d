"""Urzędy gmin: is an office open now? Knows weekends and Polish public holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.content.holidays_pl import holiday_name

if TYPE_CHECKING:
    from kiosk.config.schema import Office

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OfficeStatus:
    open_now: bool
    today_hours: str | None  # "7:30-15:30", None when closed all day
    closed_for_holiday: str | None  # holiday name when closed because of it


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def office_status(office: Office, now: dt.datetime, language: str = "pl") -> OfficeStatus:
    holiday = holiday_name(now.date(), language)
    if holiday:
        return OfficeStatus(False, None, holiday)
    hours = getattr(office.hours, WEEKDAYS[now.weekday()])
    if not hours:
        return OfficeStatus(False, None, None)
    opens, closes = hours.split("-")
    minute = now.hour * 60 + now.minute
    return OfficeStatus(_minutes(opens) <= minute < _minutes(closes), hours, None)
