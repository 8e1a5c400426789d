"""County content: name days, holidays, feeds, calendars, offices (pure parts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.config import parse_config
from kiosk.content.events import CalendarError, CalendarEvent, parse_ics, upcoming
from kiosk.content.holidays_pl import holiday_name, is_public_holiday
from kiosk.content.namedays import _load, celebrants, genitive_names, pair_forms, popularity
from kiosk.content.news import FeedError, parse_feed, plain_text
from kiosk.content.offices import office_status
from kiosk.content.today import today
from kiosk.paths import asset

DATA = Path(__file__).resolve().parents[1] / "data"


def every_day_of_a_leap_year() -> list[dt.date]:
    start = dt.date(2028, 1, 1)
    return [start + dt.timedelta(days=n) for n in range(366)]


@pytest.mark.parametrize("day", every_day_of_a_leap_year(), ids=lambda d: d.strftime("%m-%d"))
def test_every_day_has_name_days(day: dt.date) -> None:
    assert celebrants(day)
    line = today(dt.datetime.combine(day, dt.time(12)), "pl").namedays
    assert line.startswith("Imieniny: ") and line.count(",") <= 3
    entry = _load()[day.strftime("%m-%d")]
    pairs = pair_forms(entry["nominative"], entry["genitive"])
    # every celebrant has a genitive of its own (the source's list had gaps and strays)
    assert set(pairs) == set(entry["nominative"]) and len(set(pairs.values())) == len(pairs)
    assert all(genitive != nominative for nominative, genitive in pairs.items())


def test_name_days_the_way_portals_print_them() -> None:
    """The most common names first, four at most (alphabetical order printed "Blanki,
    Długosza, Edmunda" on 1 December, and Eligiusz was missing)."""
    assert today(dt.datetime(2026, 12, 1, 10, 5), "pl").namedays == "Imieniny: Natalii, Edmunda, Blanki, Eligiusza"
    assert today(dt.datetime(2026, 12, 1, 10, 5), "en").namedays == "Name days: Natalia, Edmund, Blanka, Eligiusz"
    assert today(dt.datetime(2026, 12, 24, 10, 5), "pl").namedays == "Imieniny: Ewy, Adama, Grzegorza, Eweliny"
    assert today(dt.datetime(2026, 1, 12, 10, 5), "pl").namedays.startswith("Imieniny: Antoniego, Czesława")
    assert today(dt.datetime(2026, 11, 23, 10, 5), "pl").namedays == "Imieniny: Adeli, Klemensa, Przedwoja"
    assert genitive_names(dt.date(2024, 2, 29)) == ["Romana", "Dobroniega"]  # Dobronieg's genitive
    assert "Walenty" in celebrants(dt.date(2026, 2, 14))


def test_the_popularity_list_is_clean_and_ranks_common_names_first() -> None:
    lines = asset("data", "name_popularity_pl.txt").read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert len(names) == len(set(names)) == len(popularity())
    assert popularity()["Anna"] < popularity()["Natalia"] < popularity()["Eligiusz"]


def test_pairing_matches_the_longest_shared_beginning_first() -> None:
    assert pair_forms(["Kaja", "Kajus"], ["Kai", "Kajusa"]) == {"Kajus": "Kajusa", "Kaja": "Kai"}
    both = pair_forms(["Czesław", "Czesława"], ["Czesławy", "Czesława"])
    assert both == {"Czesław": "Czesława", "Czesława": "Czesławy"}
    assert pair_forms(["Lew"], ["Lwa"]) == {"Lew": "Lwa"}
    assert pair_forms(["Izabela"], ["Ireny"]) == {}


def test_attribution_is_kept_with_the_data() -> None:
    import json

    data = json.loads((Path(__file__).resolve().parents[2] / "assets" / "data" / "namedays_pl.json").read_text())
    assert "zeroclickinfo-goodies" in data["_about"] and data["license"] == "Apache-2.0"


@pytest.mark.parametrize(
    ("day", "pl", "en"),
    [
        (dt.date(2026, 11, 11), "Narodowe Święto Niepodległości", "National Independence Day"),
        (dt.date(2026, 5, 3), "Święto Narodowe Trzeciego Maja", "National Day of the Third of May"),
        (dt.date(2026, 12, 24), "Wigilia Bożego Narodzenia", "Christmas Eve"),
        (dt.date(2026, 4, 6), "Poniedziałek Wielkanocny", "Easter Monday"),
        (dt.date(2026, 1, 6), "Święto Trzech Króli", "Epiphany"),
    ],
)
def test_polish_holidays_are_named(day: dt.date, pl: str, en: str) -> None:
    assert holiday_name(day, "pl") == pl
    assert holiday_name(day, "en") == en
    assert holiday_name(day, "uk")


def test_working_days_have_no_holiday() -> None:
    assert holiday_name(dt.date(2026, 11, 23)) is None
    assert not is_public_holiday(dt.date(2024, 12, 24))  # Wigilia became a holiday in 2025
    assert is_public_holiday(dt.date(2025, 12, 24))


def test_header_texts_in_three_languages() -> None:
    now = dt.datetime(2026, 11, 23, 14, 5)
    assert today(now, "pl").date == "poniedziałek, 23 listopada 2026"
    assert today(now, "en").date == "Monday, 23 November 2026"
    assert today(now, "uk").date == "понеділок, 23 листопада 2026"
    assert today(now, "pl").clock == "14:05"


# --- news -----------------------------------------------------------------------------------


def test_rss_items_are_plain_text_newest_first() -> None:
    items = parse_feed((DATA / "feeds" / "rss.xml").read_bytes())
    assert [i.title for i in items] == ["Nowsza wiadomość", "Starsza wiadomość"]
    assert items[1].summary == "Tekst pogrubiony & akapit"  # markup and scripts are gone
    assert "<" not in items[1].summary
    assert items[0].published == "2026-11-20"


def test_atom_feed() -> None:
    items = parse_feed((DATA / "feeds" / "atom.xml").read_bytes())
    assert items[0].title == "Komunikat wójta" and items[0].link == "https://gmina.example/k"


def test_malformed_feed_still_yields_what_it_can() -> None:
    items = parse_feed((DATA / "feeds" / "malformed.xml").read_bytes())  # bare "&", undefined entity
    assert items[0].title == "Wiadomość mimo błędów & usterek"


@pytest.mark.parametrize("name", ["garbage.xml", "no_titles.xml"])
def test_unusable_feeds_raise_a_clear_error(name: str) -> None:
    with pytest.raises(FeedError):
        parse_feed((DATA / "feeds" / name).read_bytes())


def test_plain_text_decodes_entities_and_drops_tags() -> None:
    assert plain_text("<p>A&nbsp;&amp;&#x105;</p>\n\n<br>B") == "A &ą B"


# --- calendar ---------------------------------------------------------------------------------


def test_ics_events_and_the_next_14_days() -> None:
    events = parse_ics((DATA / "calendars" / "events.ics").read_bytes())
    assert len(events) == 4  # the one without a date is skipped
    chosen = upcoming(events, dt.date(2026, 11, 23), 14)
    assert [(e.date, e.time, e.title) for e in chosen] == [
        ("2026-11-25", "17:00", "Sesja Rady Powiatu"),
        ("2026-11-29", None, "Jarmark"),
    ]
    assert chosen[0].place == "Starostwo"


@pytest.mark.parametrize("name", ["malformed.ics", "garbage.ics"])
def test_malformed_calendars_raise_a_clear_error(name: str) -> None:
    with pytest.raises(CalendarError):
        parse_ics((DATA / "calendars" / name).read_bytes())


def test_upcoming_sorts_by_day_and_time() -> None:
    events = [
        CalendarEvent("2026-11-24", "12:00", "b", ""),
        CalendarEvent("2026-11-24", "09:00", "a", ""),
        CalendarEvent("2026-11-24", None, "c", ""),
    ]
    assert [e.title for e in upcoming(events, dt.date(2026, 11, 24))] == ["c", "a", "b"]


# --- offices ---------------------------------------------------------------------------------

OFFICE = parse_config(
    '[[content.offices]]\nname = "Urząd Gminy Jastków"\n'
    'hours = { mon = "7:30-15:30", tue = "7:30-15:30", wed = "7:30-15:30", thu = "7:30-15:30", fri = "7:30-14:00", '
    'sat = "8:00-12:00" }\n'
).content.offices[0]


@pytest.mark.parametrize(
    ("moment", "open_now", "hours"),
    [
        (dt.datetime(2026, 11, 23, 7, 29), False, "7:30-15:30"),  # Monday, before opening
        (dt.datetime(2026, 11, 23, 7, 30), True, "7:30-15:30"),
        (dt.datetime(2026, 11, 23, 15, 29), True, "7:30-15:30"),
        (dt.datetime(2026, 11, 23, 15, 30), False, "7:30-15:30"),  # closing time: closed
        (dt.datetime(2026, 11, 27, 14, 30), False, "7:30-14:00"),  # Friday, shorter hours
        (dt.datetime(2026, 11, 28, 9, 0), True, "8:00-12:00"),  # Saturday
        (dt.datetime(2026, 11, 29, 9, 0), False, None),  # Sunday: no hours
    ],
)
def test_open_now_across_the_week(moment: dt.datetime, open_now: bool, hours: str | None) -> None:
    status = office_status(OFFICE, moment)
    assert (status.open_now, status.today_hours) == (open_now, hours)


def test_closed_on_public_holidays_even_on_a_weekday() -> None:
    status = office_status(OFFICE, dt.datetime(2026, 11, 11, 10, 0))  # Wednesday, Independence Day
    assert not status.open_now and status.closed_for_holiday == "Narodowe Święto Niepodległości"
    assert office_status(OFFICE, dt.datetime(2026, 12, 24, 10, 0)).closed_for_holiday == "Wigilia Bożego Narodzenia"


def test_repeating_events_are_expanded_with_exceptions() -> None:
    today = dt.date(2026, 11, 23)
    parsed = parse_ics((DATA / "calendars" / "recurring.ics").read_bytes(), today)
    events = [e for e in parsed if e.title != "Co minutę"]
    expected = [
        ("2026-11-23", "08:00", "Zła reguła (UNTIL bez strefy)"),  # a rule dateutil rejects: first date only
        # Tuesday 24 Nov is an EXDATE
        ("2026-11-26", "10:00", "Spotkanie (czas UTC w pliku)"),  # 09:00 UTC is 10:00 in Poland
        ("2026-12-02", "12:00", "Dyżur radcy prawnego (przeniesiony)"),  # 1 Dec moved by RECURRENCE-ID
        ("2026-12-05", None, "Targ miejski"),  # monthly, all-day
        ("2026-12-08", "10:00", "Dyżur radcy prawnego"),  # weekly again
    ]
    assert [(e.date, e.time, e.title) for e in upcoming(events, today, 15)] == expected
    assert {e.place for e in events if e.title.startswith("Dyżur")} == {"Starostwo, pok. 12"}


def test_a_flooding_rule_is_capped() -> None:
    events = parse_ics((DATA / "calendars" / "recurring.ics").read_bytes(), dt.date(2026, 11, 23))
    assert len([e for e in events if e.title == "Co minutę"]) == 100


def test_holiday_calendars_are_prepared_once_and_read_back(tmp_path, monkeypatch) -> None:
    from kiosk.content import holidays_pl

    monkeypatch.setattr(holidays_pl, "_cache_file", lambda year, language: tmp_path / f"{year}-{language}.json")
    computed: list[tuple[int, str]] = []
    compute = holidays_pl._compute

    def counted(year: int, language: str) -> dict[str, str]:
        computed.append((year, language))
        return compute(year, language)

    monkeypatch.setattr(holidays_pl, "_compute", counted)
    holidays_pl._calendar.cache_clear()
    try:
        assert holidays_pl.prepare(2050) == 6  # years past the shipped table (2026–2040)
        holidays_pl._calendar.cache_clear()  # a new process: only the files remain
        assert holidays_pl.prepare(2050) == 0
        assert holiday_name(dt.date(2051, 1, 1), "en") == "New Year's Day"
        assert len(computed) == 6
    finally:
        holidays_pl._calendar.cache_clear()


def test_the_shipped_holiday_table_is_what_the_package_says(monkeypatch) -> None:
    """The first start reads assets/data/holidays-PL.json instead of importing ``holidays``
    (~240 ms before the paint); it must match the package for every year and language."""
    from kiosk.content import holidays_pl

    shipped = holidays_pl._shipped()
    assert set(shipped) == {"pl", "en", "uk"} and "2026" in shipped["pl"] and "2040" in shipped["pl"]
    for language, years in shipped.items():
        for year, days in years.items():
            assert days == holidays_pl._compute(int(year), language), (language, year)
    monkeypatch.setattr(holidays_pl, "_compute", lambda year, language: pytest.fail("the package was consulted"))
    holidays_pl._calendar.cache_clear()
    try:
        assert holiday_name(dt.date(2030, 12, 24)) == "Wigilia Bożego Narodzenia"
        assert holidays_pl.prepare(2030) == 0
    finally:
        holidays_pl._calendar.cache_clear()
