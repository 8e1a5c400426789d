"""A report written for people: CSV (what Polish Excel opens: UTF-8 with BOM, ``;``), XLSX
and the ``kiosk stats show`` table, headers and labels in the technician's language, each
kiosk's name beside its id, each service's title beside its id, durations as h:mm.

A county official hands the XLSX in as it is: times are real duration cells (``[h]:mm``,
so Excel sums them), the summary sheet names every kiosk. Scripts ask for the machine
layout instead (``machine=True``: stable column names, seconds and minutes as numbers).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from kiosk.core.technician import TN_, tech
from kiosk.stats import figures
from kiosk.stats.report import Report, collect, hours_minutes

DURATION_FORMAT = "[h]:mm"  # hours past 24 and sums, as a report reads time
SHEET_DAYS, SHEET_MONTHS = TN_("Days"), TN_("Months")
#: The ``show`` table's lines: layout only (the Polish keeps it), columns wide enough for Polish words.
COUNTS = TN_("{label:<16}{today:>10}{month:>16}{year:>14}{total:>10}")
SERVICE_LINE = TN_("  {service:<44}{count:>8}")
MONTH_LINE = TN_("{month:<10}{sessions:>10}{opens:>16}{time:>18}")


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


def write_csv(report: Report, handle: IO[str], separator: str = ";", machine: bool = False) -> None:
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


def write_csv_file(report: Report, out: Path, separator: str = ";", machine: bool = False) -> None:
    """UTF-8 with a BOM, which Excel needs for ą, ę …"""
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        write_csv(report, handle, separator, machine)


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


def summary_text(path: Path, today: dt.date, names: dict[str, str], titles: dict[str, str]) -> str:
    """``kiosk stats show``: today, this month, this year, all; top services; 12 months.
    ``names`` and ``titles`` (from the config in force) go over the file's own."""
    first_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for _ in range(10):
        first_month = (first_month - dt.timedelta(days=1)).replace(day=1)
    all_time = collect([path], dt.date(2000, 1, 1), today, "month")
    all_time.names.update(names)
    all_time.titles.update(titles)
    months = collect([path], first_month, today, "month")

    def sessions(start: dt.date) -> int:
        since = start.strftime("%Y-%m")
        return sum(v for (_, period, f), v in all_time.values.items() if f == "sessions" and period >= since)

    day_report = collect([path], today, today, "day")
    lines = [
        tech("Infomat usage statistics ({kiosks}), {path}", path=path,
             kiosks=", ".join(all_time.named(k) for k in all_time.kiosks) or tech("no sessions yet")),
        "",
        tech(COUNTS, label=tech("sessions"), today=tech("today"), month=tech("this month"), year=tech("this year"),
             total=tech("total")),
        tech(COUNTS, label=tech("ended"), today=day_report.total("sessions"), month=sessions(today.replace(day=1)),
             year=sessions(today.replace(month=1, day=1)), total=all_time.total("sessions")),
        "",
        tech("top services (all time):"),
    ]  # fmt: skip
    prefix = figures.SERVICE_PREFIX
    services = sorted(
        ((f[len(prefix) :], all_time.total(f)) for f in all_time.columns() if f.startswith(prefix)),
        key=lambda item: -item[1],
    )
    titled = [(f"{all_time.titles[s]} ({s})" if all_time.titles.get(s) else s, count) for s, count in services[:10]]
    lines += [tech(SERVICE_LINE, service=service, count=count) for service, count in titled] or [tech("  (none yet)")]
    lines += ["", tech(MONTH_LINE, month=tech("month"), sessions=tech("sessions"), opens=tech("service opens"),
                       time=tech("time in use (h:mm)"))]  # fmt: skip
    for period in months.periods():
        values = {f: v for (_, p, f), v in months.values.items() if p == period}
        lines.append(tech(MONTH_LINE, month=period, sessions=values.get("sessions", 0),
                          opens=values.get("services_opened", 0),
                          time=hours_minutes(values.get("session_seconds", 0))))  # fmt: skip
    return "\n".join(lines)
