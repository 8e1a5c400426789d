"""Dates and times in the visitor's language (pl, en, uk).

Qt carries the CLDR names compiled in, so nothing is loaded from disk: Babel's locale
files took ~40 ms of the start-up path for the same strings. Patterns are Qt's
(``dddd`` weekday, ``MMMM`` month in the genitive when a day number is present —
"23 listopada").
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

WEEKDAY_DAY_MONTH_YEAR = "dddd, d MMMM yyyy"  # poniedziałek, 23 listopada 2026
WEEKDAY_DAY_MONTH = "dddd, d MMMM"  # czwartek, 26 listopada
DAY_MONTH_YEAR = "d MMMM yyyy"  # 20 listopada 2026
DAY_MONTH_YEAR_TIME = "d MMMM yyyy, HH:mm"  # 20 listopada 2026, 14:05
HOURS_MINUTES = "HH:mm"


@cache
def _locale(language: str) -> QLocale:
    return QLocale(language)


def format_day(day: dt.date, pattern: str, language: str) -> str:
    return _locale(language).toString(QDate(day.year, day.month, day.day), pattern)


def format_moment(moment: dt.datetime, pattern: str, language: str) -> str:
    date = QDate(moment.year, moment.month, moment.day)
    return _locale(language).toString(QDateTime(date, QTime(moment.hour, moment.minute, moment.second)), pattern)


def opening_text(opens: dt.datetime, now: dt.datetime, language: str) -> str:
    """When a closed office or kiosk opens, as people say it: "dziś 12:30", "jutro 7:30",
    "wtorek 7:30" within a week, else "28 grudnia, 7:30" (both in Polish time)."""
    from kiosk.core.hours import WARSAW
    from kiosk.core.i18n import tr

    opens = opens.astimezone(WARSAW)
    today = (now if now.tzinfo else now.replace(tzinfo=WARSAW)).astimezone(WARSAW).date()
    time = f"{opens.hour}:{opens.minute:02d}"
    days = (opens.date() - today).days
    if days == 0:
        return tr("dziś", language) + " " + time
    if days == 1:
        return tr("jutro", language) + " " + time
    if days < 7:
        return f"{format_day(opens.date(), 'dddd', language)} {time}"
    return f"{format_day(opens.date(), 'd MMMM', language)}, {time}"
