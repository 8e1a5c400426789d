"""Polish public holidays (package ``holidays``; 24 December is one since 2025)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

_LANGUAGE = {"pl": "pl", "en": "en_US", "uk": "uk"}


@lru_cache(maxsize=16)
def _calendar(year: int, language: str) -> holidays.HolidayBase:
    # Always pass language: the default follows the system locale (COUNTY_FACTS.md).
    return holidays.country_holidays("PL", years=year, language=_LANGUAGE.get(language, "pl"))


def holiday_name(day: dt.date, language: str = "pl") -> str | None:
    """The public holiday on ``day`` in ``language``, or None on a working day."""
    return _calendar(day.year, language).get(day)


def is_public_holiday(day: dt.date) -> bool:
    return day in _calendar(day.year, "pl")
