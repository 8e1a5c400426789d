"""The anonymous usage store."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from kiosk.stats.store import StatsStore


def test_counts_sessions_today_and_total(tmp_path: Path) -> None:
    store = StatsStore(tmp_path / "stats.sqlite3")
    yesterday = dt.datetime(2026, 11, 22, 15, 0)
    today = dt.datetime(2026, 11, 23, 9, 30)
    store.record_session("idle", 61.4, yesterday)
    store.record_session("visitor", 30, today)
    store.record_session("crash", 5, today)
    counters = store.counters(today.date())
    assert (counters.sessions_today, counters.sessions_total) == (2, 3)
    assert store.reasons() == {"idle": 1, "visitor": 1, "crash": 1}


def test_nothing_private_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "stats.sqlite3"
    store = StatsStore(path)
    store.record_session("visitor", 12.7, dt.datetime(2026, 11, 23, 9, 30, 41))
    store.record_service_open("epuap")
    store.close()
    db = sqlite3.connect(path)
    columns = {row[1] for table in ("sessions", "service_opens") for row in db.execute(f"PRAGMA table_info({table})")}
    assert columns == {"id", "ended_at", "reason", "duration_s", "opened_at", "service_id"}
    assert db.execute("SELECT ended_at, duration_s FROM sessions").fetchone() == ("2026-11-23T09:30", 13)


def test_unwritable_location_disables_stats_without_crashing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = StatsStore(blocker / "sub" / "stats.sqlite3")
    store.record_session("idle", 1)
    assert store.counters().sessions_total == 0


def test_unknown_reason_is_recorded_as_visitor() -> None:
    store = StatsStore(None)
    store.record_session("something", 1)
    assert store.reasons() == {"visitor": 1}


def test_a_hang_is_counted_as_a_crash() -> None:
    store = StatsStore(None)
    store.record_session("hang", 12)
    store.record_session("crash", 3)
    assert store.reasons() == {"crash": 2}
