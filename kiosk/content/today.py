"""What the header says today: date, clock, name days, public holiday (no Qt widgets)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.content.holidays_pl import holiday_name
from kiosk.content.namedays import celebrants, genitive_names
from kiosk.core.dates import HOURS_MINUTES, WEEKDAY_DAY_MONTH_YEAR, format_day, format_moment
from kiosk.core.i18n import tr

NAMEDAYS_SHOWN = 4  # "three or four", as portals print them


@dataclass(frozen=True)
class Today:
    date: str  # "poniedziałek, 23 listopada 2026"
    clock: str  # "14:05"
    namedays: str  # "Imieniny: Adeli, Klemensa, Przedwoja"
    holiday: str | None  # "Narodowe Święto Niepodległości"


def today(now: dt.datetime, language: str = "pl") -> Today:
    day = now.date()
    # Polish portals print the genitive ("Imieniny: Adeli"); elsewhere the nominative reads naturally.
    names = genitive_names(day, NAMEDAYS_SHOWN) if language == "pl" else celebrants(day)[:NAMEDAYS_SHOWN]
    namedays = tr("Imieniny: {names}", language).replace("{names}", ", ".join(names)) if names else ""
    return Today(
        date=format_day(day, WEEKDAY_DAY_MONTH_YEAR, language),
        clock=format_moment(now, HOURS_MINUTES, language),
        namedays=namedays,
        holiday=holiday_name(day, language),
    )
