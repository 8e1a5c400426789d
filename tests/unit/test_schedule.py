"""Opening hours and the kiosk's plan on a frozen clock: weekdays, split hours, weekends,
Polish holidays (Wigilia from 2025 on), exceptions, both DST changes, night ranges,
alerts; and the `kiosk schedule` / `kiosk alerts` lines."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from kiosk.commands.schedule import alert_lines, schedule_line
from kiosk.config import parse_config
from kiosk.content.holidays_pl import holiday_name
from kiosk.content.offices import office_status
from kiosk.core.hours import WARSAW, OpeningHours, in_night, parse_night_range, parse_ranges
from kiosk.core.schedule import KioskSchedule, alerts_in_force, decide, describe_opening

WEEK = {"mon": "7:30-15:30", "tue": "7:30-15:30", "wed": "7:30-17:00", "thu": "7:30-15:30",
        "fri": "7:30-12:00, 12:30-14:00"}  # fmt: skip


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=WARSAW)


@pytest.fixture(scope="module")
def hours() -> OpeningHours:
    return OpeningHours.from_texts(
        WEEK, (dt.date(2026, 12, 31),), {dt.date(2026, 12, 19): "9:00-13:00"}, lambda d: holiday_name(d, "pl")
    )


def line(hours: OpeningHours, moment: str) -> str:
    return describe_opening(hours.state(at(moment)))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-12-01T07:00", "closed; opens 2026-12-01 07:30 (hours)"),  # a Tuesday, before
        ("2026-12-01T07:30", "open; closes 2026-12-01 15:30 (hours)"),
        ("2026-12-01T15:29", "open; closes 2026-12-01 15:30 (hours)"),
        ("2026-12-01T15:30", "closed; opens 2026-12-02 07:30 (hours)"),  # after
        ("2026-12-04T12:10", "closed; opens 2026-12-04 12:30 (hours)"),  # the Friday break
        ("2026-12-04T12:30", "open; closes 2026-12-04 14:00 (hours)"),
        ("2026-12-04T14:00", "closed; opens 2026-12-07 07:30 (hours)"),  # Friday after closing → Monday
        ("2026-12-19T10:00", "open; closes 2026-12-19 13:00 (exception)"),  # a Saturday duty day
        ("2026-12-20T10:00", "closed; opens 2026-12-21 07:30 (hours)"),
    ],
)
def test_weekdays_split_hours_weekends_and_an_open_exception(hours, moment, expected) -> None:
    assert line(hours, moment) == expected


def test_christmas_and_new_year_2026_2027(hours) -> None:
    assert line(hours, "2026-12-23T17:30") == "closed; opens 2026-12-28 07:30 (hours)"  # a Wednesday
    assert line(hours, "2026-12-24T10:00") == "closed; opens 2026-12-28 07:30 (holiday: Wigilia Bożego Narodzenia)"
    assert line(hours, "2026-12-25T10:00").startswith("closed; opens 2026-12-28 07:30 (holiday: Boże Narodzenie")
    assert line(hours, "2026-12-30T16:00") == "open; closes 2026-12-30 17:00 (hours)"  # a Wednesday
    assert line(hours, "2026-12-31T10:00") == "closed; opens 2027-01-04 07:30 (exception)"  # closed day, 1 Jan
    assert line(hours, "2027-01-06T10:00") == "closed; opens 2027-01-07 07:30 (holiday: Święto Trzech Króli)"


def test_easter_monday_and_corpus_christi_2027(hours) -> None:
    assert line(hours, "2027-03-29T10:00") == "closed; opens 2027-03-30 07:30 (holiday: Poniedziałek Wielkanocny)"
    assert line(hours, "2027-05-27T10:00") == "closed; opens 2027-05-28 07:30 (holiday: Dzień Bożego Ciała)"


def test_both_dst_changes_count_their_real_hours() -> None:
    night = OpeningHours.from_texts({"sun": "1:00-4:00"})
    spring = night.state(dt.datetime(2027, 3, 28, 0, 30, tzinfo=dt.UTC))  # 1:30 CET
    assert spring.open and spring.until == dt.datetime(2027, 3, 28, 2, 0, tzinfo=dt.UTC)  # 4:00 CEST: 1.5 h later
    autumn = night.state(dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC))  # 2:30 CEST
    assert autumn.open and autumn.until == dt.datetime(2026, 10, 25, 3, 0, tzinfo=dt.UTC)  # 4:00 CET: 2.5 h later
    week = OpeningHours.from_texts(WEEK)
    after = week.state(at("2027-03-26T15:00")).next_open  # Friday before the change → Monday in summer time
    assert after == dt.datetime(2027, 3, 29, 5, 30, tzinfo=dt.UTC)
    before = week.state(at("2026-10-23T15:00")).next_open  # and back to winter time
    assert before == dt.datetime(2026, 10, 26, 6, 30, tzinfo=dt.UTC)


def test_a_night_range_crossing_midnight() -> None:
    night = parse_night_range("22:00–6:00")
    assert in_night(night, at("2026-12-01T23:30")) and in_night(night, at("2026-12-02T05:59"))
    assert not in_night(night, at("2026-12-02T06:00")) and not in_night(night, at("2026-12-01T21:59"))
    assert in_night(parse_night_range("1:00-5:00"), at("2026-12-01T03:00"))


@pytest.mark.parametrize("bad", ["7:30", "7.30-15.30", "15:30-7:30", "7:30-12:00, 11:00-15:00", "7:30-25:00"])
def test_wrong_hours_say_what_to_write(bad) -> None:
    with pytest.raises(ValueError):
        parse_ranges(bad)


def test_an_en_dash_is_accepted_in_the_config_and_a_wrong_range_names_the_key() -> None:
    config = parse_config('[schedule.hours]\nmon = "7:30–12:00, 12:30–15:30"\n')
    assert config.schedule.hours.mon == "7:30-12:00, 12:30-15:30"
    with pytest.raises(ValueError, match=r"schedule.hours.tue.*opening must be before closing"):
        parse_config('[schedule.hours]\ntue = "15:30-7:30"\n')


def test_offices_use_the_same_model_and_say_when_they_open() -> None:
    config = parse_config('[[content.offices]]\nname = "UG"\nhours = { mon = "7:30-15:30", tue = "8:00-16:00" }\n')
    office = config.content.offices[0]
    status = office_status(office, dt.datetime(2026, 11, 30, 16, 0))  # Monday evening
    assert not status.open_now and status.next_open == at("2026-12-01T08:00")
    open_now = office_status(office, dt.datetime(2026, 12, 1, 9, 0))
    assert open_now.open_now and open_now.until == at("2026-12-01T16:00")


def alert(severity: str, expires: str, effective: str | None = None, ident: str = "a"):
    config = parse_config(
        f'[[alerts]]\nid = "{ident}"\nseverity = "{severity}"\nheadline = "Komunikat {ident}"\n'
        f"expires = {expires}\n" + (f"effective = {effective}\n" if effective else "")
    )
    return config.alerts[0]


def test_alerts_in_force_most_severe_first_and_gone_at_expiry() -> None:
    minor = alert("minor", "2026-12-02T08:00:00", ident="m")
    severe = alert("severe", "2026-12-01T12:00:00", effective="2026-12-01T09:00:00", ident="s")
    assert alerts_in_force([minor, severe], at("2026-12-01T08:59")) == [minor]
    assert alerts_in_force([minor, severe], at("2026-12-01T09:00")) == [severe, minor]
    assert alerts_in_force([minor, severe], at("2026-12-01T12:00")) == [minor]  # expired
    assert alerts_in_force([minor, severe], at("2026-12-02T08:00")) == []


def test_the_plan_closed_display_visitor_and_alerts() -> None:
    config = parse_config(
        '[schedule]\noutside = "display_off"\ndisplay_off = "22:00-6:00"\n[schedule.hours]\nmon = "7:30-15:30"\n'
    )
    schedule = KioskSchedule.from_config(config, lambda _d: None)
    inside = decide(schedule, [], at("2026-11-30T10:00"), visitor_present=False)
    assert (inside.closed, inside.closed_screen, inside.display_on) == (False, False, True)
    after = decide(schedule, [], at("2026-11-30T15:31"), visitor_present=False)
    assert (after.closed, after.display_on) == (True, False)  # outside = display_off
    with_visitor = decide(schedule, [], at("2026-11-30T15:31"), visitor_present=True)
    assert (with_visitor.closed_screen, with_visitor.display_on, with_visitor.end_session) == (False, True, False)
    assert decide(schedule, [], at("2026-11-30T15:31"), visitor_present=False, woken=True).display_on
    severe = alert("extreme", "2026-12-01T08:00:00")
    takeover = decide(schedule, [severe], at("2026-11-30T23:00"), visitor_present=False)
    assert takeover.takeover is severe and takeover.display_on  # an alert turns the display on
    assert decide(schedule, [severe], at("2026-11-30T10:00"), visitor_present=True).end_session
    banner = decide(schedule, [alert("moderate", "2026-12-01T08:00:00")], at("2026-11-30T10:00"), False)
    assert banner.banner is not None and banner.takeover is None


def test_closed_screen_schedule_keeps_the_display_on() -> None:
    config = parse_config('[schedule.hours]\nmon = "7:30-15:30"\n')
    plan = decide(KioskSchedule.from_config(config, lambda _d: None), [], at("2026-11-30T16:00"), False)
    assert (plan.closed_screen, plan.display_on) == (True, True)
    always = decide(KioskSchedule.from_config(parse_config(""), lambda _d: None), [], at("2026-11-30T03:00"), False)
    assert (always.closed, always.display_on) == (False, True)


def test_the_cli_lines(tmp_path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[schedule]\ndisplay_off = "22:00-6:00"\n[schedule.hours]\nmon = "7:30-15:30"\n'
        '[[alerts]]\nid = "rcb-7"\nseverity = "severe"\nheadline = "Powódź"\nexpires = 2026-12-02T08:00:00\n',
        encoding="utf-8",
    )
    config = parse_config(path.read_text())
    assert (
        schedule_line(config, at("2026-11-30T23:00"))
        == "closed; opens 2026-12-07 07:30 (hours); display off (22:00-6:00)"
    )
    assert alert_lines(config, at("2026-12-01T10:00")) == ["severe until 2026-12-02 08:00: Powódź (rcb-7)"]
    assert alert_lines(config, at("2026-12-02T08:00")) == ["none"]
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "schedule", "--config", str(path), "--at", "2026-12-24T10:00"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "closed; opens 2026-12-28 07:30 (holiday: Wigilia Bożego Narodzenia)\n"
    bad = subprocess.run([sys.executable, "-m", "kiosk", "alerts", "--config", str(path), "--at", "jutro"],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert bad.returncode == 2 and "YYYY-MM-DDTHH:MM" in bad.stderr
    path.write_text('[schedule.hours]\nmon = "15:30-7:30"\n', encoding="utf-8")
    broken = subprocess.run([sys.executable, "-m", "kiosk", "schedule", "--config", str(path)],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert broken.returncode == 2 and "kiosk.toml:2: schedule.hours.mon" in broken.stderr
