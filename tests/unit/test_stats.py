"""The anonymous usage store, its reports, merging, and the `kiosk stats` command (issue 17)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from kiosk.commands.entry import main
from kiosk.stats.report import collect
from kiosk.stats.store import StatsStore

LEAP_YEAR = 2028  # 29 February; DST starts 26 March, ends 29 October (Europe/Warsaw)


def test_counts_today_month_year_and_total(tmp_path: Path) -> None:
    store = StatsStore(tmp_path / "stats.sqlite3", kiosk_id="jastkow")
    for moment in ("2025-12-31T23:59", "2026-10-05T08:00", "2026-11-02T12:00", "2026-11-23T09:30", "2026-11-23T15:10"):
        store.record_session("visitor", 30, now=dt.datetime.fromisoformat(moment))
    counters = store.counters(dt.date(2026, 11, 23))
    assert (counters.sessions_today, counters.sessions_month, counters.sessions_year, counters.sessions_total) == (
        2, 3, 4, 5,
    )  # fmt: skip


def test_sessions_of_the_last_30_days_for_the_home_chart(tmp_path: Path) -> None:
    store = StatsStore(tmp_path / "stats.sqlite3", kiosk_id="jastkow")
    for moment in ("2026-10-24T10:00", "2026-10-25T10:00", "2026-11-22T10:00", "2026-11-23T09:00", "2026-11-23T11:00"):
        store.record_session("visitor", 30, now=dt.datetime.fromisoformat(moment))
    days = store.sessions_by_day(dt.date(2026, 11, 23), 30)
    assert len(days) == 30 and days[-1] == 2 and days[-2] == 1 and days[0] == 1  # 25 Oct; 24 Oct is 31 days ago
    assert sum(days) == 4
    assert StatsStore(None).sessions_by_day(dt.date(2026, 11, 23)) == [0] * 30


def test_what_is_stored_is_counters_per_hour_or_day_only(tmp_path: Path) -> None:
    path = tmp_path / "stats.sqlite3"
    store = StatsStore(path, kiosk_id="jastkow")
    moment = dt.datetime(2026, 11, 23, 9, 30, 41)
    store.record_session_start(now=moment)
    store.record_session("visitor", 12.7, languages=["pl", "uk"], text_sizes=[200], high_contrast=True, now=moment)
    store.record_service_open("epuap", now=moment)
    store.record_blocked_navigation(now=moment)
    store.close()
    db = sqlite3.connect(path)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"meta", "kiosks", "services", "hourly", "daily"}
    assert db.execute("SELECT * FROM hourly ORDER BY figure").fetchall() == [
        ("jastkow", "2026-11-23T09", "sessions", 1),
        ("jastkow", "2026-11-23T09", "sessions_started", 1),
    ]
    daily = dict(db.execute("SELECT figure, value FROM daily WHERE day = '2026-11-23'").fetchall())
    assert daily == {
        "sessions_visitor": 1, "session_seconds": 13, "duration_under_1_min": 1, "language_pl": 1,
        "language_uk": 1, "text_200": 1, "high_contrast": 1, "services_opened": 1, "service_epuap": 1,
        "blocked_navigations": 1, "sessions": 1, "sessions_started": 1,
    }  # fmt: skip
    # No time finer than the hour anywhere, and what a session was like only per day.
    assert not db.execute("SELECT 1 FROM hourly WHERE hour LIKE '%:%'").fetchall()


def test_an_unwritable_location_disables_stats_without_stopping_the_kiosk(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = StatsStore(blocker / "sub" / "stats.sqlite3")
    store.record_session("idle", 1)
    assert store.counters().sessions_total == 0


def test_a_hang_is_counted_as_a_crash_and_a_new_reason_keeps_its_name() -> None:
    store = StatsStore(None)
    store.record_session("hang", 12)
    store.record_session("crash", 3)
    store.record_session("closing", 40)  # e.g. opening hours ending a session (a later issue)
    assert store.reasons() == {"crash": 2, "closing": 1}


def test_the_first_format_is_migrated_with_its_counts_kept(tmp_path: Path) -> None:
    path = tmp_path / "stats.sqlite3"
    old = sqlite3.connect(path)  # exactly what the first kiosks wrote (kiosk/stats/store.py before issue 17)
    old.executescript(
        """CREATE TABLE sessions (id INTEGER PRIMARY KEY, ended_at TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('idle', 'visitor', 'admin', 'crash')), duration_s INTEGER NOT NULL);
        CREATE TABLE service_opens (id INTEGER PRIMARY KEY, opened_at TEXT NOT NULL, service_id TEXT NOT NULL);
        INSERT INTO sessions (ended_at, reason, duration_s) VALUES ('2026-11-20T10:05', 'idle', 200),
          ('2026-11-20T10:40', 'visitor', 30), ('2026-11-21T12:00', 'admin', 2000), ('2026-11-22T08:00', 'crash', 5);
        INSERT INTO service_opens (opened_at, service_id) VALUES ('2026-11-20T10:01', 'epuap'),
          ('2026-11-20T10:30', 'epuap'), ('2026-11-21T11:50', 'zus');"""
    )
    old.commit()
    old.close()
    store = StatsStore(path, kiosk_id="jastkow")
    assert store.counters(dt.date(2026, 11, 20)).sessions_total == 4
    assert store.reasons() == {"idle": 1, "visitor": 2, "crash": 1}
    store.close()
    report = collect([path], dt.date(2026, 11, 20), dt.date(2026, 11, 22))
    assert report.total("service_epuap") == 2 and report.total("service_zus") == 1
    assert report.total("session_seconds") == 2235 and report.total("duration_over_30_min") == 1


def test_a_damaged_file_is_moved_aside_and_a_new_one_started(tmp_path: Path, caplog) -> None:
    path = tmp_path / "stats.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)  # a header, then garbage
    store = StatsStore(path, clock=lambda: dt.datetime(2026, 11, 23, 9, 0))
    store.record_session("idle", 5)
    assert store.counters().sessions_total == 1
    assert (tmp_path / "stats.sqlite3.damaged-20261123-090000").exists()
    assert any("damaged" in r.getMessage() for r in caplog.records)


def test_counters_older_than_the_retention_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "stats.sqlite3"
    StatsStore(path).record_session("idle", 5, now=dt.datetime(2019, 6, 1, 10))
    StatsStore(path).record_session("idle", 5, now=dt.datetime(2021, 6, 1, 10))
    store = StatsStore(path, retention_years=6, clock=lambda: dt.datetime(2026, 11, 23))
    assert store.counters(dt.date(2026, 11, 23)).sessions_total == 1


def simulated_year(path: Path, kiosk: str) -> dict[str, int]:
    """A year of sessions across both DST changes and 29 February; returns what was recorded."""
    store = StatsStore(path, kiosk_id=kiosk)
    recorded = {"sessions": 0, "session_seconds": 0, "services_opened": 0}
    day = dt.date(LEAP_YEAR, 1, 1)
    number = 0
    while day.year == LEAP_YEAR:
        # 02:30 exists twice on 29 October and not at all on 26 March: local hours are kept as written.
        for hour in (2, 9, 14) if day.day % 3 else (9,):
            number += 1
            moment = dt.datetime.combine(day, dt.time(hour, 30))
            seconds = 30 + (number * 37) % 2500
            store.record_session_start(now=moment)
            store.record_service_open("epuap" if number % 2 else "zus", now=moment)
            store.record_session("visitor" if number % 5 else "idle", seconds, languages=["pl"], now=moment)
            recorded["sessions"] += 1
            recorded["session_seconds"] += seconds
            recorded["services_opened"] += 1
        day += dt.timedelta(days=1)
    store.close()
    return recorded


def test_a_simulated_year_exports_totals_that_match_the_store(tmp_path: Path) -> None:
    path = tmp_path / "stats.sqlite3"
    recorded = simulated_year(path, "jastkow")
    out = tmp_path / "rok.csv"
    assert main(["stats", "export", "--stats", str(path), "--from", f"{LEAP_YEAR}-01-01", "--to",
                 f"{LEAP_YEAR}-12-31", "--machine-names", "--output", str(out)]) == 0  # fmt: skip
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Polish Excel needs
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert list(rows[0])[:3] == ["kiosk_id", "date", "sessions_started"] and "sessions" in rows[0]
    header = raw.decode("utf-8-sig").splitlines()[0].split(";")
    assert len(header) == len(set(header)), "a figure's column twice"
    assert len(rows) == 366 and any(r["date"] == f"{LEAP_YEAR}-02-29" for r in rows)
    for figure, total in recorded.items():
        assert sum(int(r[figure]) for r in rows) == total, figure
    assert sum(int(r["sessions_started"]) for r in rows) == recorded["sessions"]
    dst_end = next(r for r in rows if r["date"] == f"{LEAP_YEAR}-10-29")
    assert int(dst_end["sessions"]) == (3 if 29 % 3 else 1)
    months = tmp_path / "miesiace.csv"
    assert main(["stats", "export", "--stats", str(path), "--from", f"{LEAP_YEAR}-01-01", "--to",
                 f"{LEAP_YEAR}-12-31", "--by", "month", "--machine-names", "--output", str(months)]) == 0  # fmt: skip
    monthly = list(csv.DictReader(months.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [r["date"] for r in monthly] == [f"{LEAP_YEAR}-{m:02d}" for m in range(1, 13)]
    assert sum(int(r["sessions"]) for r in monthly) == recorded["sessions"]


def test_the_xlsx_report_reads_back_with_the_same_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    recorded_a, recorded_b = simulated_year(first, "jastkow"), simulated_year(second, "niemce")
    out = tmp_path / "raport.xlsx"
    args = ["--lang", "pl", "stats", "export", "--stats", str(first), "--stats", str(second), "--from",
            f"{LEAP_YEAR}-01-01"]  # fmt: skip
    assert main([*args, "--to", f"{LEAP_YEAR}-12-31", "--by", "month", "--format", "xlsx", "--output", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Podsumowanie", "Miesiące", "E-usługi", "Języki i dostępność"]
    summary = {row[0]: row[1:] for row in book["Podsumowanie"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Wskaźnik"] == ("jastkow", "niemce", "Razem")
    sessions = summary["Liczba sesji (osób korzystających z PIAP)"]
    assert sessions == (recorded_a["sessions"], recorded_b["sessions"], recorded_a["sessions"] + recorded_b["sessions"])
    months = list(book["Miesiące"].iter_rows(values_only=True))
    names = months[1]  # the second header row: machine names
    assert sum(row[names.index("sessions")] for row in months[2:]) == sessions[2]
    assert sum((row[names.index("session_time")] for row in months[2:]), dt.timedelta()) == dt.timedelta(
        seconds=recorded_a["session_seconds"] + recorded_b["session_seconds"]
    )


def test_no_url_query_or_address_appears_in_any_export(tmp_path: Path) -> None:
    path = tmp_path / "stats.sqlite3"
    simulated_year(path, "jastkow")
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        main(["stats", "export", "--stats", str(path), "--from", f"{LEAP_YEAR}-01-01", "--to", f"{LEAP_YEAR}-03-01",
              "--format", fmt, "--output", str(out)])  # fmt: skip
        if fmt == "xlsx":
            from openpyxl import load_workbook

            text = " ".join(str(c) for ws in load_workbook(out) for row in ws.iter_rows(values_only=True) for c in row)
        else:
            text = out.read_text(encoding="utf-8-sig")
        assert "://" not in text and "?" not in text and "www." not in text
        assert not re.search(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", text)


def test_merging_the_files_of_a_fleet_never_counts_a_kiosk_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    simulated_year(first, "jastkow")
    simulated_year(second, "niemce")
    again = tmp_path / "a-collected-again.sqlite3"
    again.write_bytes(first.read_bytes())  # the same kiosk's file, collected twice
    merged = tmp_path / "powiat.sqlite3"
    assert main(["stats", "merge", str(first), str(second), str(again), "--output", str(merged)]) == 0
    whole_year = (dt.date(LEAP_YEAR, 1, 1), dt.date(LEAP_YEAR, 12, 31))
    one = collect([first], *whole_year).total("sessions")
    report = collect([merged], *whole_year)
    assert report.kiosks == ["jastkow", "niemce"]
    assert report.total("sessions", "jastkow") == one
    assert report.total("sessions") == one + collect([second], *whole_year).total("sessions")
    # exporting straight from the collected files gives the same, the duplicate included
    straight = collect([first, second, again], *whole_year)
    assert straight.values == report.values


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from '2026-13-01' is not a date"),
        (["--from", "2026-12-31", "--to", "2026-01-01"], "--from 2026-12-31 is after --to 2026-01-01"),
    ],
)
def test_bad_dates_are_one_line_and_exit_2(tmp_path: Path, capsys, args: list[str], message: str) -> None:
    path = tmp_path / "stats.sqlite3"
    StatsStore(path).close()
    assert main(["stats", "export", "--stats", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize("content", [b"not a database at all, just text", b"", b"SQLite format 3\x00" + b"\x00" * 100])
def test_a_foreign_or_broken_file_is_one_line_and_exit_2(tmp_path: Path, capsys, content: bytes) -> None:
    path = tmp_path / "cos.sqlite3"
    path.write_bytes(content)
    assert main(["stats", "export", "--stats", str(path), "--from", "2026-01-01", "--to", "2026-01-31"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err


def test_another_programs_database_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id INTEGER)")
    db.commit()
    db.close()
    assert main(["stats", "show", "--stats", str(path)]) == 2
    assert "not an Infomat statistics file" in capsys.readouterr().err


def test_show_prints_today_month_year_total_services_and_months(tmp_path: Path, capsys) -> None:
    path = tmp_path / "stats.sqlite3"
    store = StatsStore(path, kiosk_id="jastkow")
    today = dt.datetime.now().replace(minute=0)
    for _ in range(3):
        store.record_service_open("epuap", now=today)
        store.record_session("visitor", 120, now=today)
    store.close()
    assert main(["stats", "show", "--stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert "jastkow" in out and re.search(r"ended\s+3\s+3\s+3\s+3", out)
    assert re.search(r"epuap\s+3", out) and today.strftime("%Y-%m") in out


def test_show_with_a_config_reads_the_store_that_config_names(tmp_path: Path, capsys) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nid = "niemce"\n\n[stats]\nfile = "liczniki/niemce.sqlite3"\n', encoding="utf-8")
    store = StatsStore(tmp_path / "liczniki" / "niemce.sqlite3", kiosk_id="niemce")
    store.record_session("idle", 30)
    store.close()
    assert main(["stats", "show", "--config", str(config)]) == 0
    assert re.search(r"ended\s+1\s+1\s+1\s+1", capsys.readouterr().out)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[stats]\nenabled = false\n", "statistics are off ([stats] enabled = false)"),
        ("[stats]\nretention = 6\n", "retention"),
    ],
)
def test_a_config_without_a_store_is_one_line_and_exit_2(tmp_path: Path, capsys, text: str, message: str) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(text, encoding="utf-8")
    assert main(["stats", "show", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_exports_name_each_kiosk_and_give_time_as_hours_and_minutes(tmp_path: Path) -> None:
    """Issue 27, 6: the export named kiosks by id only and gave time in seconds."""
    from openpyxl import load_workbook

    from kiosk.stats.report import hours_minutes
    from kiosk.stats.store import StatsStore

    assert [hours_minutes(s) for s in (0, 29, 60, 3599, 43500)] == ["0:00", "0:00", "0:01", "1:00", "12:05"]
    files = []
    for kiosk_id, name in (("jastkow", "Infomat Gminy Jastków"), ("niemce", "Infomat Gminy Niemce")):
        path = tmp_path / f"{kiosk_id}.sqlite3"
        store = StatsStore(path, kiosk_id=kiosk_id, kiosk_name=name,
                           clock=lambda: dt.datetime(LEAP_YEAR, 3, 2, 10, 0))  # fmt: skip
        store.record_session("idle", 3725)
        store.close()
        files.append(path)
    merged = tmp_path / "powiat.sqlite3"
    assert main(["stats", "merge", *map(str, files), "--output", str(merged)]) == 0
    out = tmp_path / "r.csv"
    assert main(["stats", "export", "--stats", str(merged), "--from", f"{LEAP_YEAR}-03-02", "--to",
                 f"{LEAP_YEAR}-03-02", "--machine-names", "--output", str(out)]) == 0  # fmt: skip
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [(r["kiosk_id"], r["kiosk_name"], r["session_seconds"], r["session_time"]) for r in rows] == [
        ("jastkow", "Infomat Gminy Jastków", "3725", "1:02"),
        ("niemce", "Infomat Gminy Niemce", "3725", "1:02"),
    ]
    book_path = tmp_path / "r.xlsx"
    assert main(["--lang", "pl", "stats", "export", "--stats", str(merged), "--from", f"{LEAP_YEAR}-03-01", "--to",
                 f"{LEAP_YEAR}-03-31", "--format", "xlsx", "--output", str(book_path)]) == 0  # fmt: skip
    summary = {r[0]: r[1:] for r in load_workbook(book_path)["Podsumowanie"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Wskaźnik"][:2] == ("Infomat Gminy Jastków", "Infomat Gminy Niemce")
    assert summary["Identyfikator infomatu"][:2] == ("jastkow", "niemce")
    hour_and_2 = dt.timedelta(seconds=3725)
    assert summary["Łączny czas korzystania (godz.:min)"] == (hour_and_2, hour_and_2, 2 * hour_and_2)
