"""Reports from one or many kiosks' usage stores: the figures per kiosk and day or month,
with the kiosks' names and the services' titles the files carry, and a merged store. How
a report is written (CSV, XLSX, the ``show`` table) is :mod:`kiosk.stats.export`.

Stores collected from a fleet are combined per kiosk id, period and figure by the
*larger* value, not the sum: counters only grow, so a kiosk's file collected twice (an
older and a newer copy) is never counted twice. Kiosk ids must therefore be unique.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.technician import TN_
from kiosk.stats import figures
from kiosk.stats.store import StatsFileError, connect, describe, prepare, schema_version

Key = tuple[str, str, str]  # kiosk id, period, figure


@dataclass
class Report:
    """Figures per kiosk and period, over ``start``..``end`` (inclusive)."""

    start: dt.date
    end: dt.date
    by: str  # "day" | "month"
    values: dict[Key, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # kiosk id -> the kiosk's name, where a file has it
    titles: dict[str, str] = field(default_factory=dict)  # service id -> its (Polish) title, where known
    _totals: dict[tuple[str | None, str], int] | None = field(default=None, repr=False, compare=False)

    @property
    def kiosks(self) -> list[str]:
        return sorted({kiosk for kiosk, _, _ in self.values})

    def name(self, kiosk: str) -> str:
        """The kiosk's name; its id where no file or config named it (files of old versions)."""
        return self.names.get(kiosk) or kiosk

    def named(self, kiosk: str) -> str:
        """The name with the id, e.g. "Infomat Gminy Jastków (jastkow)"; the id alone without a name."""
        return f"{self.names[kiosk]} ({kiosk})" if self.names.get(kiosk) else kiosk

    def periods(self) -> list[str]:
        if self.by == "month":
            months, month = [], self.start.replace(day=1)
            while month <= self.end:
                months.append(month.strftime("%Y-%m"))
                month = (month + dt.timedelta(days=32)).replace(day=1)
            return months
        return [(self.start + dt.timedelta(days=n)).isoformat() for n in range((self.end - self.start).days + 1)]

    def columns(self) -> list[str]:
        present = {figure for _, _, figure in self.values}
        reasons = sorted(f for f in present if f.startswith(figures.REASON_PREFIX) and f not in figures.COLUMNS)
        services = sorted(f for f in present if f.startswith(figures.SERVICE_PREFIX))
        return [*figures.COLUMNS, *reasons, *services]

    def rows(self) -> list[dict[str, object]]:
        columns = self.columns()
        return [dict(zip(columns, row, strict=True)) for row in self.table(columns)]

    def table(self, columns: list[str]) -> list[list[object]]:
        """One row per kiosk and period (every period, zeros included), in ``columns``."""
        grouped: dict[tuple[str, str], dict[str, int]] = {}
        for (kiosk, period, figure), value in self.values.items():
            grouped.setdefault((kiosk, period), {})[figure] = value
        figures_wanted = columns[2:]
        empty: dict[str, int] = {}
        out = []
        for kiosk in self.kiosks:
            for period in self.periods():
                found = grouped.get((kiosk, period), empty)
                out.append([kiosk, period, *(found.get(f, 0) for f in figures_wanted)])
        return out

    def total(self, figure: str, kiosk: str | None = None) -> int:
        """The sum of ``figure`` over the period, for one kiosk or (``None``) all of them."""
        return self.totals().get((kiosk, figure), 0)

    def totals(self) -> dict[tuple[str | None, str], int]:
        if self._totals is None:
            sums: dict[tuple[str | None, str], int] = {}
            for (kiosk, _, figure), value in self.values.items():
                sums[kiosk, figure] = sums.get((kiosk, figure), 0) + value
                sums[None, figure] = sums.get((None, figure), 0) + value
            self._totals = sums
        return self._totals


def open_for_reading(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """A read-only connection (a store of the first format: a migrated temporary copy, whose
    folder is returned to be removed). :class:`StatsFileError` in one line otherwise."""
    if not path.is_file():
        raise StatsFileError(TN_("{path}: no such file"), path=path)
    try:
        db = connect(path, readonly=True)
        version = schema_version(db)
    except sqlite3.DatabaseError as exc:
        raise StatsFileError(TN_("{path}: not an Infomat statistics file ({reason})"), path=path, reason=exc) from None
    except StatsFileError as exc:
        raise StatsFileError(TN_("{path}: {problem}"), path=path, problem=exc) from None
    if version == 2:
        return db, None
    if version == 0:
        raise StatsFileError(TN_("{path}: an empty database, not an Infomat statistics file"), path=path)
    db.close()
    folder = Path(tempfile.mkdtemp(prefix="infomat-stats-"))
    copy = folder / path.name
    shutil.copyfile(path, copy)
    db = connect(copy)
    prepare(db, path.stem)
    return db, folder


def collect(paths: Sequence[Path], start: dt.date, end: dt.date, by: str = "day") -> Report:
    """The figures of every store in ``paths`` between ``start`` and ``end``, inclusive."""
    report = Report(start, end, by)
    query = (
        "SELECT kiosk_id, substr(day, 1, 7), figure, SUM(value) FROM daily WHERE day >= ? AND day < ? GROUP BY 1, 2, 3"
        if by == "month"
        else "SELECT kiosk_id, day, figure, value FROM daily WHERE day >= ? AND day < ?"
    )
    first, after = start.isoformat(), (end + dt.timedelta(days=1)).isoformat()
    seen: set[str] = set()
    for path in paths:
        db, temporary = open_for_reading(path)
        try:
            rows = db.execute(query, (first, after)).fetchall()
            kiosks = {kiosk for (kiosk,) in db.execute("SELECT DISTINCT kiosk_id FROM daily")}
            if kiosks.isdisjoint(seen):
                report.values.update({(k, p, f): int(v) for k, p, f, v in rows})
            else:  # the same kiosk in two files: the larger count wins
                for kiosk, period, figure, value in rows:
                    key = (kiosk, period, figure)
                    report.values[key] = max(report.values.get(key, 0), int(value))
            seen |= kiosks
            report.names.update(kiosk_names(db))
            report.titles.update(service_titles(db))
        finally:
            db.close()
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)
    return report


def kiosk_names(db: sqlite3.Connection) -> dict[str, str]:
    """Kiosk id -> name from a store (files written before names were kept have none)."""
    return dict(db.execute("SELECT kiosk_id, name FROM kiosks")) if _has_table(db, "kiosks") else {}


def service_titles(db: sqlite3.Connection) -> dict[str, str]:
    """Service id -> title from a store (files written before titles were kept have none)."""
    return dict(db.execute("SELECT service_id, title FROM services")) if _has_table(db, "services") else {}


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def hours_minutes(seconds: int) -> str:
    """A duration as h:mm, how a report reads time ("12:05", not 43500)."""
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def merge(paths: Iterable[Path], output: Path, described: tuple[str, str, Mapping[str, str]] | None = None) -> int:
    """One store holding every kiosk's counters (the larger value where two files overlap),
    names and titles; ``described`` (kiosk id, name, service titles: a config in force)
    adds its names over the files' own."""
    if output.exists():
        raise StatsFileError(TN_("{path}: exists already; give a new file name"), path=output)
    target = connect(output)
    count = 0
    try:
        prepare(target, "merged")
        for path in paths:
            db, temporary = open_for_reading(path)
            try:
                for table, column in (("hourly", "hour"), ("daily", "day")):
                    rows = db.execute(f"SELECT kiosk_id, {column}, figure, value FROM {table}").fetchall()
                    with target:
                        target.executemany(
                            f"INSERT INTO {table} VALUES (?, ?, ?, ?) ON CONFLICT (kiosk_id, {column}, figure) "
                            "DO UPDATE SET value = max(value, excluded.value)",
                            rows,
                        )
                with target:
                    target.executemany("INSERT OR REPLACE INTO kiosks VALUES (?, ?)", kiosk_names(db).items())
                    target.executemany("INSERT OR REPLACE INTO services VALUES (?, ?)", service_titles(db).items())
            finally:
                db.close()
                if temporary is not None:
                    shutil.rmtree(temporary, ignore_errors=True)
            count += 1
        if described is not None:
            describe(target, *described)
    finally:
        target.close()
    return count
