"""Reports from one or many kiosks' usage stores: per day or month, as CSV (what Polish
Excel opens: UTF-8 with BOM, ``;``) or XLSX with Polish labels, and a merged store.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.stats import figures
from kiosk.stats.store import StatsFileError, connect, prepare, schema_version

Key = tuple[str, str, str]  # kiosk id, period, figure


@dataclass
class Report:
    """Figures per kiosk and period, over ``start``..``end`` (inclusive)."""

    start: dt.date
    end: dt.date
    by: str  # "day" | "month"
    values: dict[Key, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # kiosk id -> the kiosk's name, where a file has it
    _totals: dict[tuple[str | None, str], int] | None = field(default=None, repr=False, compare=False)

    @property
    def kiosks(self) -> list[str]:
        return sorted({kiosk for kiosk, _, _ in self.values})

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
        raise StatsFileError(f"{path}: no such file")
    try:
        db = connect(path, readonly=True)
        version = schema_version(db)
    except sqlite3.DatabaseError as exc:
        raise StatsFileError(f"{path}: not an Infomat statistics file ({exc})") from None
    except StatsFileError as exc:
        raise StatsFileError(f"{path}: {exc}") from None
    if version == 2:
        return db, None
    if version == 0:
        raise StatsFileError(f"{path}: an empty database, not an Infomat statistics file")
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
        finally:
            db.close()
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)
    return report


def write_csv(report: Report, out: Path, separator: str = ";") -> None:
    """Stable machine names in the header; UTF-8 with a BOM, which Excel needs for ą, ę …"""
    columns = report.columns()
    seconds = columns.index("session_seconds")
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=separator)
        # The kiosk's name and the time as h:mm come last: scripts that read by position keep working.
        writer.writerow([*columns, "kiosk_name", "session_time"])
        for row in report.table(columns):
            writer.writerow([*row, report.names.get(str(row[0]), ""), hours_minutes(int(row[seconds]))])


def write_xlsx(report: Report, out: Path) -> None:
    """A summary sheet with the report's indicators in Polish, then one sheet per breakdown.

    Written in openpyxl's streaming mode: 16 kiosks × 6 years by day is 100 000 rows, which
    the ordinary mode takes ~25 s to save (benchmarks/stats.py)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def styled(sheet, values: Sequence[object], font: Font) -> list[WriteOnlyCell]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = font
            cells.append(cell)
        return cells

    summary = book.create_sheet("Podsumowanie")
    summary.column_dimensions["A"].width = 48
    summary.append(styled(summary, ["Raport z korzystania z infomatów"], Font(bold=True, size=14)))
    summary.append(["Okres", f"{report.start.isoformat()} – {report.end.isoformat()}"])
    named = [f"{k} ({report.names[k]})" if report.names.get(k) else k for k in report.kiosks]
    summary.append(["Infomaty", ", ".join(named) or "—"])
    summary.append([])
    summary.append(styled(summary, ["Wskaźnik", *report.kiosks, "Razem"], bold))
    summary.append(["Nazwa", *(report.names.get(k, "") for k in report.kiosks), ""])
    for indicator in figures.SUMMARY:
        summary.append(
            [indicator.label, *(report.total(indicator.name, k) for k in report.kiosks), report.total(indicator.name)]
        )
    summary.append(["Łączny czas korzystania (godz.:min)",
                    *(hours_minutes(report.total("session_seconds", k)) for k in report.kiosks),
                    hours_minutes(report.total("session_seconds"))])  # fmt: skip

    columns = report.columns()
    services = [c for c in columns if c.startswith(figures.SERVICE_PREFIX)]
    breakdowns = (
        ("Dni" if report.by == "day" else "Miesiące", [c for c in columns if c not in services]),
        ("E-usługi", ["kiosk_id", "date", "services_opened", *services]),
        ("Języki i dostępność", ["kiosk_id", "date", *(c for c in columns if c.startswith(("language_", "text_"))),
                                 "high_contrast"]),
    )  # fmt: skip
    rows = report.table(columns)
    for title, sheet_columns in breakdowns:
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "C3"  # streaming mode: views before the first row
        sheet.append(styled(sheet, [figures.label(c) for c in sheet_columns], bold))
        sheet.append(sheet_columns)  # the machine names, for formulas and scripts
        picks = [columns.index(c) for c in sheet_columns]
        for row in rows:
            sheet.append([row[i] for i in picks])
    book.save(out)


def kiosk_names(db: sqlite3.Connection) -> dict[str, str]:
    """Kiosk id -> name from a store (files written before names were kept have none)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kiosks'").fetchone() is None:
        return {}
    return dict(db.execute("SELECT kiosk_id, name FROM kiosks"))


def hours_minutes(seconds: int) -> str:
    """A duration as h:mm, how a report reads time ("12:05", not 43500)."""
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def merge(paths: Iterable[Path], output: Path) -> int:
    """One store holding every kiosk's counters (the larger value where two files overlap)."""
    if output.exists():
        raise StatsFileError(f"{output}: exists already; give a new file name")
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
            finally:
                db.close()
                if temporary is not None:
                    shutil.rmtree(temporary, ignore_errors=True)
            count += 1
    finally:
        target.close()
    return count


def summary_text(path: Path, today: dt.date) -> str:
    """``kiosk stats show``: today, this month, this year, all; top services; 12 months."""
    first_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for _ in range(10):
        first_month = (first_month - dt.timedelta(days=1)).replace(day=1)
    all_time = collect([path], dt.date(2000, 1, 1), today, "month")
    months = collect([path], first_month, today, "month")

    def sessions(start: dt.date) -> int:
        since = start.strftime("%Y-%m")
        return sum(v for (_, period, f), v in all_time.values.items() if f == "sessions" and period >= since)

    day_report = collect([path], today, today, "day")
    lines = [
        f"Infomat usage statistics ({', '.join(all_time.kiosks) or 'no sessions yet'}), {path}",
        "",
        f"{'sessions':<24}{'today':>10}{'this month':>12}{'this year':>12}{'total':>12}",
        f"{'ended':<24}{day_report.total('sessions'):>10}{sessions(today.replace(day=1)):>12}"
        f"{sessions(today.replace(month=1, day=1)):>12}{all_time.total('sessions'):>12}",
        "",
        "top services (all time):",
    ]
    prefix = figures.SERVICE_PREFIX
    services = sorted(
        ((f[len(prefix) :], all_time.total(f)) for f in all_time.columns() if f.startswith(prefix)),
        key=lambda item: -item[1],
    )
    lines += [f"  {name:<22}{count:>10}" for name, count in services[:10]] or ["  (none yet)"]
    lines += ["", f"{'month':<10}{'sessions':>10}{'service opens':>15}{'minutes in use':>16}"]
    for period in months.periods():
        values = {f: v for (_, p, f), v in months.values.items() if p == period}
        minutes = round(values.get("session_seconds", 0) / 60)
        lines.append(f"{period:<10}{values.get('sessions', 0):>10}{values.get('services_opened', 0):>15}{minutes:>16}")
    return "\n".join(lines)
