"""The usage store: anonymous counters in SQLite, safe with the kiosk writing and the
``kiosk stats`` command reading at the same time.

What is stored is in :mod:`kiosk.stats.figures` and docs/security.md: counters per kiosk
and hour or day, never a URL, a query, a time finer than the hour or a row per visitor.

Durability: WAL journal with ``synchronous=FULL`` and one transaction per event, so a
session that was recorded survives a SIGKILL and a power cut, and one that was not is not
half-recorded (tests/system/test_stats_kill.py kills a writer in a loop). A file that is
not a database any more is moved aside and a new one started; the kiosk keeps running.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.technician import TN_, tech
from kiosk.stats import figures

log = logging.getLogger("kiosk.stats")

FORMAT = "infomat-stats"
SCHEMA_VERSION = 2
DEFAULT_RETENTION_YEARS = 6

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosks (kiosk_id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS services (service_id TEXT PRIMARY KEY, title TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hourly (
    kiosk_id TEXT NOT NULL, hour TEXT NOT NULL, figure TEXT NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, hour, figure)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS daily (
    kiosk_id TEXT NOT NULL, day TEXT NOT NULL, figure TEXT NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, day, figure)
) WITHOUT ROWID;
"""
_UPSERT = (
    "INSERT INTO {table} (kiosk_id, {period}, figure, value) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (kiosk_id, {period}, figure) DO UPDATE SET value = value + excluded.value"
)
_HOURLY_UPSERT = _UPSERT.format(table="hourly", period="hour")
_DAILY_UPSERT = _UPSERT.format(table="daily", period="day")


class StatsFileError(ValueError):
    """A file ``kiosk stats`` cannot read: the message says why, in one line.

    ``str()`` is English (the log's language); :meth:`translated` is what the command
    prints, in the technician's language. ``text`` is marked with ``TN_`` where raised."""

    def __init__(self, text: str, /, **fields: object) -> None:
        self.text, self.fields = text, fields
        super().__init__(text.format(**fields) if fields else text)

    def translated(self) -> str:
        fields = {k: v.translated() if isinstance(v, StatsFileError) else v for k, v in self.fields.items()}
        return tech(self.text, **fields)


@dataclass(frozen=True)
class Counters:
    """Ended sessions, as the home screen and the admin panel show them."""

    sessions_today: int
    sessions_month: int
    sessions_year: int
    sessions_total: int


def hour_of(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H")


def connect(path: Path | str, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    else:
        db = sqlite3.connect(str(path), timeout=5)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA busy_timeout=5000")
    return db


def schema_version(db: sqlite3.Connection) -> int:
    """2 for this format, 1 for the first kiosks' raw tables, 0 for an empty file."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" in tables:
        values = dict(db.execute("SELECT key, value FROM meta"))
        if values.get("format") != FORMAT:
            raise StatsFileError(TN_("not an Infomat statistics file (a database of something else)"))
        return int(values.get("schema_version", "0"))
    if {"sessions", "service_opens"} <= tables:
        return 1
    if tables:
        raise StatsFileError(TN_("not an Infomat statistics file (a database of something else)"))
    return 0


def prepare(db: sqlite3.Connection, kiosk_id: str) -> None:
    """Bring ``db`` to this schema (migrating the first format, counts kept) in one transaction."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StatsFileError(
            TN_("written by a newer Infomat (statistics format {version}); update this one"), version=version
        )
    with db:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        if version == 1:
            _migrate_v1(db, kiosk_id)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))


def _migrate_v1(db: sqlite3.Connection, kiosk_id: str) -> None:
    """The first kiosks kept raw rows (a session end to the minute, a tile open to the
    minute); they become this format's hourly and daily counters, and the rows go."""
    moved = 0
    for ended_at, reason, duration in db.execute("SELECT ended_at, reason, duration_s FROM sessions").fetchall():
        moment = dt.datetime.fromisoformat(ended_at)
        db.execute(_HOURLY_UPSERT, (kiosk_id, hour_of(moment), "sessions", 1))
        day = moment.date().isoformat()
        reason = "visitor" if reason == "admin" else figures.end_reason(reason)
        for figure, value in (
            ("sessions", 1),
            (f"sessions_{reason}", 1),
            ("session_seconds", int(duration)),
            (figures.duration_bucket(duration), 1),
        ):
            db.execute(_DAILY_UPSERT, (kiosk_id, day, figure, value))
        moved += 1
    for opened_at, service_id in db.execute("SELECT opened_at, service_id FROM service_opens").fetchall():
        day = dt.datetime.fromisoformat(opened_at).date().isoformat()
        db.execute(_DAILY_UPSERT, (kiosk_id, day, "services_opened", 1))
        db.execute(_DAILY_UPSERT, (kiosk_id, day, figures.SERVICE_PREFIX + service_id, 1))
    db.execute("DROP TABLE sessions")
    db.execute("DROP TABLE service_opens")
    log.info("usage statistics: %d sessions of the first format moved to per-hour and per-day counters", moved)


def describe(db: sqlite3.Connection, kiosk_id: str, name: str, titles: Mapping[str, str]) -> None:
    """Keep the kiosk's name and its services' titles in the file (the latest config's win),
    so a county's merged report names kiosks it has no config for."""
    with db:
        if name:
            db.execute("INSERT OR REPLACE INTO kiosks VALUES (?, ?)", (kiosk_id, name))
        db.executemany("INSERT OR REPLACE INTO services VALUES (?, ?)", [(k, v) for k, v in titles.items() if v])


def move_aside(path: Path, now: dt.datetime) -> Path:
    """A damaged store goes next to the new one, with the moment it was found in its name."""
    target = path.with_name(f"{path.name}.damaged-{now:%Y%m%d-%H%M%S}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            source.replace(Path(str(target) + suffix))
    return target


class StatsStore:
    """The kiosk's own store. Every method is safe to call when the disk misbehaves:
    statistics never stop a kiosk. ``path=None`` keeps them in memory (tests, stats off)."""

    def __init__(
        self,
        path: Path | str | None,
        kiosk_id: str = "infomat",
        retention_years: int = DEFAULT_RETENTION_YEARS,
        clock=dt.datetime.now,
        kiosk_name: str = "",
        service_titles: Mapping[str, str] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.kiosk_id = kiosk_id
        self.kiosk_name = kiosk_name  # kept in the file: a county's report names its kiosks
        self.service_titles = dict(service_titles or {})  # and its services, beside their ids
        self._clock = clock
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open(retention_years)
        except (OSError, sqlite3.Error, StatsFileError) as exc:
            log.error("usage statistics disabled: cannot open %s (%s)", path, exc)
            self._db = None

    def _open(self, retention_years: int) -> sqlite3.Connection:
        if self.path is None:
            db = sqlite3.connect(":memory:")
            prepare(db, self.kiosk_id)
            return db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = connect(self.path)
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("the file failed SQLite's integrity check")
            prepare(db, self.kiosk_id)
        except (sqlite3.DatabaseError, StatsFileError) as exc:
            aside = move_aside(self.path, self._clock())
            log.error("usage statistics: %s is damaged (%s); moved to %s, starting a new one", self.path, exc, aside)
            db = connect(self.path)
            prepare(db, self.kiosk_id)
        self._prune(db, retention_years)
        describe(db, self.kiosk_id, self.kiosk_name, self.service_titles)
        return db

    def describe_kiosk(self, kiosk_id: str, name: str, titles: Mapping[str, str]) -> None:
        """The kiosk as the config now in force names it: a reload may rename it or bring
        new services, and the county's report names them from the file."""
        self.kiosk_id, self.kiosk_name, self.service_titles = kiosk_id, name, dict(titles)
        if self._db is None:
            return
        try:
            describe(self._db, kiosk_id, name, self.service_titles)
        except sqlite3.Error as exc:
            log.error("cannot write usage statistics: %s", exc)

    def _prune(self, db: sqlite3.Connection, years: int) -> None:
        today = self._clock().date()
        keep_from = today.replace(year=today.year - years, day=min(today.day, 28)).isoformat()
        with db:
            removed = db.execute("DELETE FROM hourly WHERE hour < ?", (keep_from,)).rowcount
            removed += db.execute("DELETE FROM daily WHERE day < ?", (keep_from,)).rowcount
        if removed:
            log.info("usage statistics: %d counters older than %d years removed (retention_years)", removed, years)

    # --- recording: one transaction per event --------------------------------------------------
    def record_session_start(self, now: dt.datetime | None = None) -> None:
        self._add({"sessions_started": 1}, {}, now)

    def record_session(
        self,
        reason: str,
        duration_s: float,
        *,
        languages: Iterable[str] = (),
        text_sizes: Iterable[int] = (),
        high_contrast: bool = False,
        now: dt.datetime | None = None,
    ) -> None:
        """A session ended; what the visitor used is counted once per session, per day."""
        seconds = max(0, round(duration_s))
        daily = {
            f"sessions_{figures.end_reason(reason)}": 1,
            "session_seconds": seconds,
            figures.duration_bucket(seconds): 1,
        }
        daily.update({f"language_{code}": 1 for code in set(languages) if code in figures.LANGUAGES})
        daily.update({f"text_{size}": 1 for size in set(text_sizes) if size in figures.TEXT_SIZES})
        if high_contrast:
            daily["high_contrast"] = 1
        self._add({"sessions": 1}, daily, now)

    def record_service_open(self, service_id: str, now: dt.datetime | None = None) -> None:
        self._add({}, {"services_opened": 1, figures.SERVICE_PREFIX + service_id: 1}, now)

    def record_blocked_navigation(self, now: dt.datetime | None = None) -> None:
        self._add({}, {"blocked_navigations": 1}, now)

    def record_running_minutes(self, minutes: int, now: dt.datetime | None = None) -> None:
        """The kiosk was up (a timer in the runtime, once a minute)."""
        self._add({}, {"running_minutes": minutes}, now)

    def _add(self, hourly: dict[str, int], daily: dict[str, int], now: dt.datetime | None) -> None:
        if self._db is None:
            return
        moment = now or self._clock()
        hour, day = hour_of(moment), moment.date().isoformat()
        per_day = {**daily, **hourly}  # the hourly counts also per day: reports read one table
        try:
            with self._db:
                self._db.executemany(_HOURLY_UPSERT, [(self.kiosk_id, hour, k, v) for k, v in hourly.items()])
                self._db.executemany(_DAILY_UPSERT, [(self.kiosk_id, day, k, v) for k, v in per_day.items()])
        except sqlite3.Error as exc:
            log.error("cannot write usage statistics: %s", exc)

    # --- reading -----------------------------------------------------------------------
    def counters(self, today: dt.date | None = None) -> Counters:
        if self._db is None:
            return Counters(0, 0, 0, 0)
        day = today or self._clock().date()
        try:
            return Counters(
                self._sessions_from(day.isoformat(), (day + dt.timedelta(days=1)).isoformat()),
                self._sessions_from(day.strftime("%Y-%m"), _next_month(day).strftime("%Y-%m")),
                self._sessions_from(str(day.year), str(day.year + 1)),
                self._sessions_from("", "~"),
            )
        except sqlite3.Error as exc:
            log.error("cannot read usage statistics: %s", exc)
            return Counters(0, 0, 0, 0)

    def _sessions_from(self, start: str, end: str) -> int:
        assert self._db is not None
        row = self._db.execute(
            "SELECT COALESCE(SUM(value), 0) FROM daily WHERE figure = 'sessions' AND day >= ? AND day < ?",
            (start, end),
        ).fetchone()
        return int(row[0])

    def sessions_by_day(self, last: dt.date, days: int = 30) -> list[int]:
        """Ended sessions on each of the ``days`` days up to ``last``, oldest first."""
        first = last - dt.timedelta(days=days - 1)
        counts = dict.fromkeys((first + dt.timedelta(days=n)).isoformat() for n in range(days))
        if self._db is not None:
            try:
                rows = self._db.execute(
                    "SELECT day, SUM(value) FROM daily WHERE figure = 'sessions' AND day >= ? AND day <= ? "
                    "GROUP BY day",
                    (first.isoformat(), last.isoformat()),
                ).fetchall()
            except sqlite3.Error as exc:
                log.error("cannot read usage statistics: %s", exc)
                rows = []
            for day, value in rows:
                if day in counts:
                    counts[day] = int(value)
        return [count or 0 for count in counts.values()]

    def reasons(self) -> dict[str, int]:
        """Ended sessions by reason, all time (tests, diagnostics)."""
        if self._db is None:
            return {}
        rows = self._db.execute(
            "SELECT substr(figure, 10), SUM(value) FROM daily WHERE figure LIKE 'sessions\\_%' ESCAPE '\\' "
            "AND figure != 'sessions_started' "
            "GROUP BY figure"
        ).fetchall()
        return {reason: int(count) for reason, count in rows}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
