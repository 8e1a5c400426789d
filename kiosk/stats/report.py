"""Reports from one or many kiosks' usage stores: the figures per kiosk and day or month,
with the kiosks' names and the services' titles the files carry; written for people as CSV
(what Polish Excel opens: UTF-8 with BOM, ``;``) or XLSX, and a merged store.

A report for people has its headers and labels in the technician's language, each
kiosk's name beside its id, each service's title beside its id and durations as h:mm: a
county official hands the XLSX in as it is (times are real ``[h]:mm`` duration cells, so
Excel sums them). Scripts ask for the machine layout (``machine=True``: the stable column
names, seconds and minutes as numbers, the layout of earlier versions).

Stores collected from a fleet are combined per kiosk id, period and figure by the
*larger* value, not the sum: counters only grow, so a kiosk's file collected twice (an
older and a newer copy) is never counted twice. Kiosk ids must therefore be unique.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kiosk.core.technician import TN_, tech
from kiosk.stats import figures
from kiosk.stats.store import StatsFileError, connect, describe, prepare, schema_version

Key = tuple[str, str, str]  # kiosk id, period, figure
DURATION_FORMAT = "[h]:mm"  # hours past 24 and sums, as a report reads time
SHEET_DAYS, SHEET_MONTHS = TN_("Days"), TN_("Months")


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


def people_columns(columns: Sequence[str]) -> list[str]:
    """The machine columns as a report for people lays them out: the kiosk's name after its
    id, the h:mm column in place of seconds or minutes."""
    out: list[str] = []
    for column in columns:
        out.append(figures.DURATIONS[column][0] if column in figures.DURATIONS else column)
        if column == "kiosk_id":
            out.append("kiosk_name")
    return out


def people_rows(report: Report, columns: Sequence[str], duration: Callable[[int], object]) -> list[list[object]]:
    """``report``'s rows in :func:`people_columns` order, each duration through ``duration``
    (seconds in: text h:mm for CSV, a timedelta for XLSX)."""
    scale = [figures.DURATIONS[c][1] if c in figures.DURATIONS else 0 for c in columns]
    out = []
    for row in report.table(list(columns)):
        values: list[object] = [row[0], report.name(str(row[0]))]
        for value, unit in zip(row[1:], scale[1:], strict=True):
            values.append(duration(int(value) * unit) if unit else value)  # type: ignore[call-overload]
        out.append(values)
    return out


def write_csv_rows(report: Report, handle: IO[str], separator: str = ";", machine: bool = False) -> None:
    """Headers in the technician's language (``machine``: the stable machine names, the
    layout of earlier versions: figures as numbers, then ``kiosk_name`` and ``session_time``)."""
    columns = report.columns()
    writer = csv.writer(handle, delimiter=separator, lineterminator="\n")
    if machine:
        seconds = columns.index("session_seconds")
        writer.writerow([*columns, "kiosk_name", "session_time"])
        for row in report.table(columns):
            writer.writerow([*row, report.names.get(str(row[0]), ""), hours_minutes(int(row[seconds]))])
        return
    writer.writerow([figures.label(c, report.titles) for c in people_columns(columns)])
    writer.writerows(people_rows(report, columns, hours_minutes))


def write_csv(report: Report, out: Path, separator: str = ";", machine: bool = False) -> None:
    """UTF-8 with a BOM, which Excel needs for ą, ę …"""
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        write_csv_rows(report, handle, separator, machine)


def _duration(seconds: int) -> dt.timedelta:
    return dt.timedelta(seconds=seconds)


def write_xlsx(report: Report, out: Path) -> None:
    """A summary sheet with the report's indicators, then one sheet per breakdown; every
    label in the technician's language, the machine names on each sheet's second row.

    Written in openpyxl's streaming mode: 16 kiosks × 6 years by day is 100 000 rows, which
    the ordinary mode takes ~25 s to save (benchmarks/stats.py)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def cells(sheet, values: Sequence[object], font: Font | None = None) -> list[object]:
        out: list[object] = []
        for value in values:
            if font is None and not isinstance(value, dt.timedelta):
                out.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if font is not None:
                cell.font = font
            if isinstance(value, dt.timedelta):
                cell.number_format = DURATION_FORMAT
            out.append(cell)
        return out

    summary = book.create_sheet(tech("Summary"))
    summary.column_dimensions["A"].width = 48
    summary.append(cells(summary, [tech("Kiosk usage report")], Font(bold=True, size=14)))
    summary.append([tech("Period"), tech("{start} – {end}", start=report.start, end=report.end)])
    summary.append([tech("Kiosks"), ", ".join(report.named(k) for k in report.kiosks) or "—"])
    summary.append([])
    summary.append(cells(summary, [tech("Indicator"), *(report.name(k) for k in report.kiosks), tech("Total")], bold))
    summary.append([tech("Kiosk ID"), *report.kiosks, ""])
    for indicator in figures.SUMMARY:
        figure, scale = next(((f, s) for f, (c, s) in figures.DURATIONS.items() if c == indicator.name),
                             (indicator.name, 0))  # fmt: skip
        totals = [report.total(figure, k) for k in report.kiosks] + [report.total(figure)]
        summary.append(cells(summary, [tech(indicator.label), *(_duration(t * scale) if scale else t for t in totals)]))
    columns = report.columns()
    services = [c for c in columns if c.startswith(figures.SERVICE_PREFIX)]
    for service in services:
        label = figures.label(service, report.titles)
        summary.append([label, *(report.total(service, k) for k in report.kiosks), report.total(service)])

    shown = people_columns(columns)
    rows = people_rows(report, columns, _duration)
    periods = SHEET_MONTHS if report.by == "month" else SHEET_DAYS
    breakdowns = (
        (tech(periods), [c for c in shown if c not in services]),
        (tech("E-services"), ["kiosk_id", "kiosk_name", "date", "services_opened", *services]),
        (tech("Languages and accessibility"), ["kiosk_id", "kiosk_name", "date",
                                               *(c for c in shown if c.startswith(("language_", "text_"))),
                                               "high_contrast"]),
    )  # fmt: skip
    for title, sheet_columns in breakdowns:
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "D3"  # streaming mode: views before the first row
        sheet.column_dimensions["B"].width = 30
        sheet.append(cells(sheet, [figures.label(c, report.titles) for c in sheet_columns], bold))
        sheet.append(sheet_columns)  # the machine names, for formulas and scripts
        picks = [shown.index(c) for c in sheet_columns]
        for row in rows:
            sheet.append(cells(sheet, [row[i] for i in picks]))
    book.save(out)


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
    except BaseException:
        target.close()
        for suffix in ("", "-wal", "-shm", "-journal"):  # no half-merged report is left behind
            Path(f"{output}{suffix}").unlink(missing_ok=True)
        raise
    target.close()
    return count
