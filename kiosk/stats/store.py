"""Anonymous usage store (SQLite): session ends with reason and duration, tile opens.

Nothing that identifies a visitor or what they did on a page is stored: no URLs, no
queries, no text; only counters an EU project report needs.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("kiosk.stats")

END_REASONS = ("idle", "visitor", "crash")
# Reasons the kiosk knows that the counters group: a hung renderer is recovered exactly
# like a crashed one, and reports count both as "crash".
COUNTED_AS = {"hang": "crash"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    ended_at TEXT NOT NULL,      -- local time, ISO 8601, minutes precision
    reason TEXT NOT NULL CHECK (reason IN ('idle', 'visitor', 'admin', 'crash')),
    duration_s INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS service_opens (
    id INTEGER PRIMARY KEY,
    opened_at TEXT NOT NULL,
    service_id TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Counters:
    sessions_today: int
    sessions_total: int


class StatsStore:
    """A small SQLite file; every method is safe to call when the disk misbehaves."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path) if path else ":memory:")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            log.error("usage statistics disabled: cannot open %s (%s)", path, exc)
            self._db = None

    def record_session(self, reason: str, duration_s: float, now: dt.datetime | None = None) -> None:
        reason = COUNTED_AS.get(reason, reason)
        if reason not in END_REASONS:
            reason = "visitor"
        self._write(
            "INSERT INTO sessions (ended_at, reason, duration_s) VALUES (?, ?, ?)",
            (_stamp(now), reason, max(0, round(duration_s))),
        )

    def record_service_open(self, service_id: str, now: dt.datetime | None = None) -> None:
        self._write("INSERT INTO service_opens (opened_at, service_id) VALUES (?, ?)", (_stamp(now), service_id))

    def counters(self, today: dt.date | None = None) -> Counters:
        if self._db is None:
            return Counters(0, 0)
        day = (today or dt.date.today()).isoformat()
        try:
            total = self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
            on_day = self._db.execute("SELECT COUNT(*) FROM sessions WHERE ended_at LIKE ?", (day + "%",)).fetchone()[0]
        except sqlite3.Error as exc:
            log.error("cannot read usage statistics: %s", exc)
            return Counters(0, 0)
        return Counters(on_day, total)

    def reasons(self) -> dict[str, int]:
        if self._db is None:
            return {}
        rows = self._db.execute("SELECT reason, COUNT(*) FROM sessions GROUP BY reason").fetchall()
        return dict(rows)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _write(self, sql: str, params: tuple) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute(sql, params)
        except sqlite3.Error as exc:
            log.error("cannot write usage statistics: %s", exc)


def _stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now()).replace(second=0, microsecond=0).isoformat(timespec="minutes")
