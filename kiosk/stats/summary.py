"""``kiosk stats show``: the readable table of one stats file, in the technician's
language: today, this month, this year, all; the top services with their titles; 12 months
with the time in use as h:mm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.core.technician import TN_, tech
from kiosk.stats import figures
from kiosk.stats.report import collect, hours_minutes

#: The table's lines: layout only (the Polish keeps it), columns wide enough for Polish words.
COUNTS = TN_("{label:<16}{today:>10}{month:>16}{year:>14}{total:>10}")
SERVICE_LINE = TN_("  {service:<44}{count:>8}")
MONTH_LINE = TN_("{month:<10}{sessions:>10}{opens:>16}{time:>18}")


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
