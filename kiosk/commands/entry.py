"""Command line: ``kiosk run | check-config | config-docs | hash-pin | supervise | doctor | self-test |
stats | accessibility-statement | logs``.

Every subcommand turns expected failures into a clear message and an exit code;
a traceback is a bug.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import exit_codes
from kiosk.commands.loading import load_for_run, print_config_problems
from kiosk.commands.options import add_user_option
from kiosk.config.reading import ConfigError
from kiosk.core.technician import LANGUAGES, tech, tech_n
from kiosk.paths import default_config_path
from kiosk.version import __version__

EXIT_OK = exit_codes.OK
EXIT_CONFIG = exit_codes.CONFIG
EXIT_ENVIRONMENT = exit_codes.ENVIRONMENT

log = logging.getLogger("kiosk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description=tech("Infomat kiosk client"))
    parser.add_argument(  # argparse 3.11 does not translate this help itself
        "--version", action="version", version=f"infomat {__version__}",
        help=tech("show program's version number and exit"),
    )  # fmt: skip
    parser.add_argument("--self-test", action="store_true", help=tech("same as `kiosk self-test`"))
    parser.add_argument(
        "--lang", choices=LANGUAGES, help=tech("the language of messages (default: from LANG / LC_MESSAGES)")
    )
    sub = parser.add_subparsers(dest="command")
    config_help = tech("config file (default: the shipped demo)")

    run = sub.add_parser("run", help=tech("start the kiosk (default)"), description=tech("start the kiosk (default)"))
    run.add_argument("--config", type=Path, default=None, help=config_help)
    run.add_argument(
        "--open", dest="open_target", metavar="SERVICE_ID|URL", help=tech("open a service or URL at start")
    )
    run.add_argument("--windowed", action="store_true", help=tech("a normal window, no lockdown (development)"))

    check_help = tech("validate a config file: prints OK or one line per error")
    check = sub.add_parser("check-config", help=check_help, description=check_help)
    check.add_argument("path", type=Path, help=tech("the config file"))

    docs = sub.add_parser("config-docs", help=tech("print the configuration reference (Markdown)"))
    docs.add_argument("--output", type=Path, default=None, help=tech("write it to this file (default: the screen)"))

    pin_help = tech("ask for an admin PIN and print its hash for [admin] pin_hash")
    pin = sub.add_parser("hash-pin", help=pin_help, description=pin_help)
    pin.add_argument("--stdin", action="store_true", help=tech("read the PIN from standard input (scripts)"))

    supervise_help = tech("run the kiosk and restart it when it dies, hangs or bloats")
    supervise = sub.add_parser("supervise", help=supervise_help, description=supervise_help)
    supervise.add_argument("--config", type=Path, default=None, help=config_help)
    supervise.add_argument("--windowed", action="store_true", help=tech("pass --windowed to the kiosk"))
    supervise.add_argument(
        "--heartbeat-file", type=Path, default=None,
        help=tech("where the kiosk writes its heartbeat (default: temp dir)"),
    )  # fmt: skip

    doctor_help = tech("check this machine before deployment: a pass/fail list")
    doctor = sub.add_parser("doctor", help=doctor_help, description=doctor_help)
    doctor.add_argument("--config", type=Path, default=None, help=config_help)
    doctor.add_argument("--skip-web-engine", action="store_true", help=tech("skip the WebEngine self-test"))
    add_user_option(doctor)

    self_test_help = tech("start offscreen, open a local page, wipe, exit 0 (bundle smoke test)")
    sub.add_parser("self-test", help=self_test_help, description=self_test_help)
    from kiosk.commands.fleet import add_parser as add_fleet_parser
    from kiosk.commands.stats import add_parser as add_stats_parser

    add_stats_parser(sub)
    add_fleet_parser(sub)
    from kiosk.commands.schedule import add_parsers as add_schedule_parsers

    add_schedule_parsers(sub)
    from kiosk.commands.statement import add_parser as add_statement_parser

    add_statement_parser(sub)
    from kiosk.commands.logs import add_parser as add_logs_parser

    add_logs_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from kiosk.core.technician import set_language, take_language_option, translate_argparse

    given = list(sys.argv[1:] if argv is None else argv)
    language, argv = take_language_option(given, os.environ)
    set_language(language)
    translate_argparse()
    args = build_parser().parse_args(argv)
    command = "self-test" if args.self_test else args.command or "run"
    if command != "run":
        gc.enable()  # disabled for the kiosk's start-up only (kiosk/__main__.py)
    if hasattr(args, "user"):  # a command that reads or writes the kiosk's own folders
        from kiosk.system.kiosk_user import act_for, choose_identity

        identity = choose_identity(os.geteuid() if hasattr(os, "geteuid") else -1, args.user, argv)
        if identity.problem:
            print(identity.problem, file=sys.stderr)
            return EXIT_CONFIG
        if identity.user is not None:
            hand_over = act_for(identity.user)
            try:
                return _dispatch(command, args)
            finally:
                hand_over()
    return _dispatch(command, args)


def _dispatch(command: str, args: argparse.Namespace) -> int:
    if command == "check-config":
        return check_config(args.path)
    if command == "config-docs":
        return config_docs(args.output)
    if command == "hash-pin":
        return hash_pin(args.stdin)
    if command == "supervise":
        return supervise(args)
    if command == "doctor":
        return doctor(args)
    if command == "stats":
        from kiosk.commands.stats import run as run_stats

        return run_stats(args)
    if command in ("schedule", "alerts"):
        from kiosk.commands.schedule import run as run_schedule

        return run_schedule(args)
    if command == "fleet":
        from kiosk.commands.fleet import run as run_fleet

        return run_fleet(args)
    if command == "accessibility-statement":
        from kiosk.commands.statement import run as run_statement

        return run_statement(args)
    if command == "logs":
        from kiosk.commands.logs import run as run_logs

        return run_logs(args)
    if command == "self-test":
        from kiosk.commands.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        args = build_parser().parse_args(["run"])
    return run(args)


def check_config(path: Path) -> int:
    from kiosk.config import load_config
    from kiosk.config.reading import CONFIG_OK
    from kiosk.core.technician import tech

    try:
        config = load_config(path)
    except ConfigError as exc:
        for issue in exc.errors:
            print(issue)
        return EXIT_CONFIG
    for warning in config.warnings:
        print(warning)
    print(tech(CONFIG_OK))
    return EXIT_OK


def config_docs(output: Path | None) -> int:
    from kiosk.config.docs import render_reference

    text = render_reference()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return EXIT_OK


def hash_pin(from_stdin: bool) -> int:
    from kiosk.core.pin_hash import MAX_PIN_LENGTH, MIN_PIN_LENGTH, check_pin_format
    from kiosk.core.pin_hash import hash_pin as make_hash

    if from_stdin:
        pin = sys.stdin.readline().strip()
    else:
        import getpass

        pin = getpass.getpass(tech("Admin PIN ({least}-{most} digits): ", least=MIN_PIN_LENGTH, most=MAX_PIN_LENGTH))
        if getpass.getpass(tech("Repeat the PIN: ")) != pin:
            print(tech("kiosk: the two PINs differ; nothing printed"), file=sys.stderr)
            return EXIT_CONFIG
    try:
        check_pin_format(pin)
    except ValueError:  # kiosk.core says it in English for every caller; here the rule, in the technician's words
        rule = tech(
            "kiosk: the admin PIN is {least} to {most} digits 0-9 (the PIN pad has no letters); nothing printed",
            least=MIN_PIN_LENGTH, most=MAX_PIN_LENGTH,
        )  # fmt: skip
        print(rule, file=sys.stderr)
        return EXIT_CONFIG
    print(make_hash(pin))
    print(tech('Put this line into [admin] pin_hash = "..." of the kiosk config.'), file=sys.stderr)
    return EXIT_OK


def supervise(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.paths import log_dir
    from kiosk.support.logs import setup_logging
    from kiosk.system.supervisor import Limits, Supervisor, kiosk_command

    config = load_for_run(args.config)
    if config is None:
        return EXIT_CONFIG
    setup_logging(log_dir(), filename="supervisor.log")
    from kiosk.system.session_bus import own_session_bus

    bus = own_session_bus()  # noqa: F841 - one bus for every kiosk this supervisor starts, ended with it
    section = config.supervisor
    limits = Limits(
        heartbeat_seconds=section.heartbeat_seconds,
        memory_soft_mb=section.memory_soft_mb,
        memory_hard_mb=section.memory_hard_mb,
        nightly_restart=dt.time.fromisoformat(section.nightly_restart.zfill(5)) if section.nightly_restart else None,
    )
    extra = ["--windowed"] if args.windowed else []
    command = kiosk_command(args.config.resolve() if args.config else None, extra)
    return Supervisor(command, limits, heartbeat_file=args.heartbeat_file).run()


def doctor(args: argparse.Namespace) -> int:
    from kiosk.system.doctor import run_doctor

    checks = run_doctor(args.config or default_config_path(), web_engine=not args.skip_web_engine)
    for check in checks:
        print(check.line())
    failed = [c for c in checks if c.status == "FAIL"]
    print()
    print(tech("{checks}: {failed}, {warnings}", checks=tech_n("{n} check", "{n} checks", len(checks)),
               failed=tech_n("{n} failed", "{n} failed", len(failed)),
               warnings=tech_n("{n} warning", "{n} warnings", sum(c.status == "WARN" for c in checks))))  # fmt: skip
    return exit_codes.FAILED if failed else EXIT_OK


def run(args: argparse.Namespace) -> int:
    from kiosk import env
    from kiosk.config.snapshot import read_start_config, start_snapshots
    from kiosk.paths import log_dir
    from kiosk.support.logs import setup_logging

    # The snapshot of the last validated config, when the file is unchanged: the home
    # screen paints without waiting for pydantic; the file is validated right after.
    try:
        start = read_start_config(args.config or default_config_path(), start_snapshots())
    except ConfigError as exc:
        print_config_problems(exc)
        return EXIT_CONFIG
    setup_logging(log_dir())
    from kiosk.system.display import display_problem

    problem = display_problem()
    if problem:
        print(tech("kiosk: {problem}", problem=problem), file=sys.stderr)
        return EXIT_ENVIRONMENT
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not env.sandbox_disabled():
        print(
            tech(
                "kiosk: running as root: Chromium's sandbox refuses root. Run the kiosk as an unprivileged "
                "user (see deploy/), or for a demo only set QTWEBENGINE_DISABLE_SANDBOX=1."
            ),
            file=sys.stderr,
        )
        return EXIT_ENVIRONMENT
    from kiosk.system.session_bus import own_session_bus

    bus = own_session_bus()  # noqa: F841 - lives as long as the kiosk (the kernel ends it with us)
    env.prepare_environment()

    from kiosk.app import run_kiosk

    return run_kiosk(start, open_target=args.open_target, windowed=args.windowed)


if __name__ == "__main__":
    raise SystemExit(main())
