"""Polish public holidays (package ``holidays``; 24 December is one since 2025).

Building the calendar with ``holidays`` costs ~240 ms (measured; nearly all of it the
package's import), half the home screen's start-up budget, so the kiosk ships the table
for 2026–2040 (assets/data/holidays-PL.json, written from the package by
scripts/holidays_table.py and checked against it by a test), keeps other years in a small
on-disk cache, and consults the package only on a miss of both. After the
first paint :func:`prepare` fills the cache for this year and the next in every visitor
language, in a worker thread: the first start of a new year and a visitor's first tap on
another language then read a file instead of importing ``holidays`` on the UI thread.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import lru_cache
from pathlib import Path

from kiosk.support.files import write_json_atomic

log = logging.getLogger("kiosk.content")

_LANGUAGE = {"pl": "pl", "en": "en_US", "uk": "uk"}
CACHE_VERSION = 1


def _cache_file(year: int, language: str) -> Path:
    from kiosk.paths import cache_dir

    return cache_dir() / "holidays" / f"PL-{year}-{language}-v{CACHE_VERSION}.json"


def _compute(year: int, language: str) -> dict[str, str]:
    import holidays

    # Always pass language: the default follows the system locale (COUNTY_FACTS.md).
    calendar = holidays.country_holidays("PL", years=year, language=_LANGUAGE.get(language, "pl"))
    return {day.isoformat(): name for day, name in calendar.items()}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, dict[str, dict[str, str]]]:
    from kiosk.paths import asset

    try:
        return json.loads(asset("data", "holidays-PL.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("shipped holiday table unreadable (%s); using the holidays package", exc)
        return {}


def _shipped_calendar(year: int, language: str) -> dict[str, str] | None:
    return _shipped().get(language, {}).get(str(year))


@lru_cache(maxsize=16)
def _calendar(year: int, language: str) -> dict[str, str]:
    shipped = _shipped_calendar(year, language)
    if shipped is not None:
        return shipped
    path = _cache_file(year, language)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    try:
        days = _compute(year, language)
    except Exception as exc:  # missing translation files in a broken install, a library bug …
        log.error(
            "Polish holidays for %d unavailable (%s: %s); treating every day as a working day",
            year,
            type(exc).__name__,
            exc,
        )
        return {}
    try:
        write_json_atomic(path, days)  # two kiosk processes may compute the same year
    except OSError as exc:
        log.debug("holiday cache not written: %s", exc)
    return days


def holiday_name(day: dt.date, language: str = "pl") -> str | None:
    """The public holiday on ``day`` in ``language``, or None on a working day."""
    return _calendar(day.year, language).get(day.isoformat())


def is_public_holiday(day: dt.date) -> bool:
    return day.isoformat() in _calendar(day.year, "pl")


def prepare(year: int) -> int:
    """Fill the on-disk cache for ``year`` and ``year + 1`` in every visitor language;
    returns how many calendars were computed (0 when all were cached). Thread-safe:
    the UI thread may ask for the same calendar meanwhile (both write the same file)."""
    computed = 0
    for wanted in (year, year + 1):
        for language in _LANGUAGE:
            if _shipped_calendar(wanted, language) is None and not _cache_file(wanted, language).is_file():
                _calendar(wanted, language)
                computed += 1
    return computed
