"""``kiosk stats show | export | merge``: reports for a county's EU project from one
kiosk or many. Bad input is one line on standard error and exit code 2, never a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kiosk import exit_codes
from kiosk.paths import USER_HELP

USAGE_ERROR = 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    stats = sub.add_parser("stats", help="usage statistics: show, export (CSV/XLSX), merge files of many kiosks")
    commands = stats.add_subparsers(dest="stats_command", required=True)

    def store_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--config", type=Path, default=None, help="the kiosk's config (for its stats settings)")
        parser.add_argument("--user", default=None, metavar="NAME", help=USER_HELP)
        parser.add_argument(
            "--stats",
            type=Path,
            action="append",
            default=None,
            metavar="FILE",
            help="a stats file to read (repeat for several kiosks; default: this kiosk's own)",
        )

    show = commands.add_parser("show", help="a readable table: today, month, year, total, services, 12 months")
    store_options(show)
    export = commands.add_parser("export", help="figures per day or month as CSV (default) or XLSX")
    store_options(export)
    export.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--by", choices=("day", "month"), default="day")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--output", type=Path, default=None, help="file to write (CSV default: standard output)")
    export.add_argument("--separator", choices=(";", ","), default=";", help="CSV separator (default ';', for Excel)")
    merge = commands.add_parser("merge", help="one stats file from the files collected from every kiosk")
    merge.add_argument("files", type=Path, nargs="+", metavar="FILE")
    merge.add_argument("--output", type=Path, required=True)


def run(args: argparse.Namespace) -> int:
    from kiosk.stats.store import StatsFileError

    try:
        if args.stats_command == "merge":
            return _merge(args)
        paths = args.stats or [_own_store(args.config)]
        if args.stats_command == "show":
            return _show(paths)
        return _export(args, paths)
    except StatsFileError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}".lstrip(": "))


def _fail(message: str) -> int:
    print(f"kiosk stats: {message}", file=sys.stderr)
    return USAGE_ERROR


def _own_store(config_path: Path | None) -> Path:
    """The store of the kiosk that ``config_path`` (default: the kiosk's own config) sets up."""
    from kiosk.config import ConfigError, load_config
    from kiosk.fleet.in_force import config_in_force
    from kiosk.paths import default_config_path
    from kiosk.stats.store import StatsFileError

    path = config_path or default_config_path()
    try:
        config = config_in_force(load_config(path)).config
    except ConfigError as exc:
        first = exc.errors[0] if exc.errors else exc
        raise StatsFileError(f"{first} (check it with: kiosk check-config {path})") from None
    store = config.stats_path()
    if store is None:
        raise StatsFileError(f"{path}: statistics are off ([stats] enabled = false); nothing is counted")
    return store


def _date(text: str, option: str) -> dt.date:
    from kiosk.stats.store import StatsFileError

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise StatsFileError(f"{option} {text!r} is not a date; write YYYY-MM-DD, e.g. 2026-01-01") from None


def _show(paths: list[Path]) -> int:
    from kiosk.stats.report import summary_text

    for path in paths:
        print(summary_text(path, dt.date.today()))
    return exit_codes.OK


def _export(args: argparse.Namespace, paths: list[Path]) -> int:
    from kiosk.stats.report import collect, write_csv, write_xlsx
    from kiosk.stats.store import StatsFileError

    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    if start > end:
        raise StatsFileError(f"--from {start} is after --to {end}")
    report = collect(paths, start, end, args.by)
    if args.format == "xlsx":
        if args.output is None:
            raise StatsFileError("an XLSX report needs --output FILE.xlsx")
        write_xlsx(report, args.output)
    elif args.output is None:
        sys.stdout.reconfigure(encoding="utf-8-sig")  # type: ignore[attr-defined]
        write_csv_to_stdout(report, args.separator)
    else:
        write_csv(report, args.output, args.separator)
    if args.output is not None:
        print(f"wrote {args.output}: {len(report.kiosks)} kiosk(s), {report.start} – {report.end} by {args.by}")
    return exit_codes.OK


def write_csv_to_stdout(report, separator: str) -> None:
    import csv

    columns = report.columns()
    writer = csv.writer(sys.stdout, delimiter=separator, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(report.table(columns))


def _merge(args: argparse.Namespace) -> int:
    from kiosk.stats.report import merge

    count = merge(args.files, args.output)
    print(f"merged {count} file(s) into {args.output}")
    return exit_codes.OK
