"""``kiosk stats show | export | merge``: reports for a county's EU project from one
kiosk or many, in the technician's language. Bad input is one line on standard error and
exit code 2, never a traceback.

The kiosk's name and its services' titles come from the files (each kiosk keeps its own in
its file) and, where a config is read, from the config in force, which wins."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import exit_codes
from kiosk.commands.options import add_user_option
from kiosk.core.technician import TN_, tech, tech_n

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

USAGE_ERROR = 2
BY = {"day": TN_("by day"), "month": TN_("by month")}


def add_parser(sub: argparse._SubParsersAction) -> None:
    stats = sub.add_parser("stats", help=tech("usage statistics: show, export (CSV/XLSX), merge files of many kiosks"))
    commands = stats.add_subparsers(dest="stats_command", required=True)

    def store_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--config", type=Path, default=None, help=tech("the kiosk's config (its stats file, name and services)")
        )
        add_user_option(parser)
        parser.add_argument(
            "--stats",
            type=Path,
            action="append",
            default=None,
            metavar="FILE",
            help=tech("a stats file to read (repeat for several kiosks; default: this kiosk's own)"),
        )

    show = commands.add_parser("show", help=tech("a readable table: today, month, year, total, services, 12 months"))
    store_options(show)
    export = commands.add_parser("export", help=tech("figures per day or month as CSV (default) or XLSX"))
    store_options(export)
    export.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--by", choices=("day", "month"), default="day")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--output", type=Path, default=None, help=tech("file to write (CSV default: standard output)"))
    export.add_argument(
        "--separator", choices=(";", ","), default=";", help=tech("CSV separator (default ';', for Excel)")
    )
    export.add_argument(
        "--machine-names",
        action="store_true",
        help=tech("CSV for scripts: stable column names, seconds and minutes as numbers"),
    )
    merge = commands.add_parser("merge", help=tech("one stats file from the files collected from every kiosk"))
    merge.add_argument("files", type=Path, nargs="+", metavar="FILE")
    merge.add_argument("--output", type=Path, required=True)
    merge.add_argument(
        "--config", type=Path, default=None, help=tech("put this kiosk's name and service titles into the output")
    )


def run(args: argparse.Namespace) -> int:
    from kiosk.stats.store import StatsFileError

    try:
        if args.stats_command == "merge":
            return _merge(args)
        config = _config(args.config) if args.config is not None or not args.stats else None
        paths = args.stats or [_own_store(config, args.config)]
        if args.stats_command == "show":
            return _show(paths, config)
        return _export(args, paths, config)
    except StatsFileError as exc:
        return _fail(exc.translated())
    except OSError as exc:
        return _fail(tech("{file}: {reason}", file=getattr(exc, "filename", "") or "", reason=exc.strerror or exc))


def _fail(message: str) -> int:
    print(tech("kiosk stats: {message}", message=message), file=sys.stderr)
    return USAGE_ERROR


def _config(config_path: Path | None) -> KioskConfig:
    """The config in force of the kiosk that ``config_path`` (default: the kiosk's own) sets up."""
    from kiosk.config import ConfigError, load_config
    from kiosk.fleet.in_force import config_in_force
    from kiosk.paths import default_config_path
    from kiosk.stats.store import StatsFileError

    path = config_path or default_config_path()
    try:
        return config_in_force(load_config(path)).config
    except ConfigError as exc:
        first = exc.errors[0] if exc.errors else exc
        raise StatsFileError(
            TN_("{problem} (check it with: kiosk check-config {path})"), problem=first, path=path
        ) from None


def _own_store(config: KioskConfig | None, config_path: Path | None) -> Path:
    from kiosk.paths import default_config_path
    from kiosk.stats.store import StatsFileError

    store = config.stats_path() if config is not None else None
    if store is None:
        raise StatsFileError(
            TN_("{path}: statistics are off ([stats] enabled = false); nothing is counted"),
            path=config_path or default_config_path(),
        )
    return store


def _described(config: KioskConfig | None) -> tuple[str, str, dict[str, str]] | None:
    """The config's kiosk id, name and service titles (Polish: the county's report is Polish)."""
    if config is None:
        return None
    return config.kiosk_id, config.kiosk.name, {s.id: s.title.pl for s in config.services}


def _date(text: str, option: str) -> dt.date:
    from kiosk.stats.store import StatsFileError

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise StatsFileError(
            TN_("{option} {text} is not a date; write YYYY-MM-DD, e.g. 2026-01-01"), option=option, text=repr(text)
        ) from None


def _show(paths: list[Path], config: KioskConfig | None) -> int:
    from kiosk.stats.summary import summary_text

    described = _described(config)
    names = {described[0]: described[1]} if described else {}
    for path in paths:
        print(summary_text(path, dt.date.today(), names, described[2] if described else {}))
    return exit_codes.OK


def _export(args: argparse.Namespace, paths: list[Path], config: KioskConfig | None) -> int:
    from kiosk.stats.report import collect, write_csv, write_csv_rows, write_xlsx
    from kiosk.stats.store import StatsFileError

    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    if start > end:
        raise StatsFileError(TN_("--from {start} is after --to {end}"), start=start, end=end)
    report = collect(paths, start, end, args.by)
    described = _described(config)
    if described is not None:
        report.names[described[0]] = described[1]
        report.titles.update(described[2])
    if args.format == "xlsx":
        if args.output is None:
            raise StatsFileError(TN_("an XLSX report needs --output FILE.xlsx"))
        write_xlsx(report, args.output)
    elif args.output is None:
        sys.stdout.reconfigure(encoding="utf-8-sig")  # type: ignore[attr-defined]
        write_csv_rows(report, sys.stdout, args.separator, args.machine_names)
    else:
        write_csv(report, args.output, args.separator, args.machine_names)
    if args.output is not None:
        print(
            tech_n(
                "wrote {output}: {n} kiosk, {start} – {end}, {by}",
                "wrote {output}: {n} kiosks, {start} – {end}, {by}",
                len(report.kiosks),
                output=args.output,
                start=report.start,
                end=report.end,
                by=tech(BY[args.by]),
            )
        )
    return exit_codes.OK


def _merge(args: argparse.Namespace) -> int:
    from kiosk.stats.report import merge

    described = _described(_config(args.config)) if args.config is not None else None
    count = merge(args.files, args.output, described)
    print(tech_n("merged {n} file into {output}", "merged {n} files into {output}", count, output=args.output))
    return exit_codes.OK
