"""Command line: ``kiosk run | check-config | config-docs``.

Every subcommand turns expected failures into a clear message and an exit code;
a traceback is a bug.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.paths import default_config_path

EXIT_OK = 0
EXIT_CONFIG = 2
EXIT_ENVIRONMENT = 3

log = logging.getLogger("kiosk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Infomat kiosk client")
    parser.add_argument("--version", action="version", version=f"infomat {__version__}")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="start the kiosk (default)")
    run.add_argument("--config", type=Path, default=None, help="config file (default: the shipped demo)")
    run.add_argument("--open", dest="open_target", metavar="SERVICE_ID|URL", help="open a service or URL at start")
    run.add_argument("--windowed", action="store_true", help="a normal window, no lockdown (development)")

    check = sub.add_parser("check-config", help="validate a config file: prints OK or one line per error")
    check.add_argument("path", type=Path)

    docs = sub.add_parser("config-docs", help="print the configuration reference (Markdown)")
    docs.add_argument("--output", type=Path, default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    if command == "check-config":
        return check_config(args.path)
    if command == "config-docs":
        return config_docs(args.output)
    if args.command is None:
        args = build_parser().parse_args(["run"])
    return run(args)


def check_config(path: Path) -> int:
    try:
        load_config(path)
    except ConfigError as exc:
        for issue in exc.errors:
            print(issue)
        return EXIT_CONFIG
    print("OK")
    return EXIT_OK


def config_docs(output: Path | None) -> int:
    from kiosk.config.docs import render_reference

    text = render_reference()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return EXIT_OK


def _load_for_run(path: Path | None) -> KioskConfig | None:
    config_path = path or default_config_path()
    try:
        return load_config(config_path)
    except ConfigError as exc:
        print(f"kiosk: cannot start, the config has {len(exc.errors)} problem(s):", file=sys.stderr)
        for issue in exc.errors:
            print(f"  {issue}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    from kiosk import env
    from kiosk.logs import setup_logging
    from kiosk.paths import log_dir

    config = _load_for_run(args.config)
    if config is None:
        return EXIT_CONFIG
    setup_logging(log_dir())
    problem = env.display_problem()
    if problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not env.sandbox_disabled():
        print(
            "kiosk: running as root: Chromium's sandbox refuses root. Run the kiosk as an unprivileged "
            "user (see deploy/), or for a demo only set QTWEBENGINE_DISABLE_SANDBOX=1.",
            file=sys.stderr,
        )
        return EXIT_ENVIRONMENT
    env.prepare_environment()

    from kiosk.app import run_kiosk

    return run_kiosk(config, open_target=args.open_target, windowed=args.windowed)


if __name__ == "__main__":
    raise SystemExit(main())
