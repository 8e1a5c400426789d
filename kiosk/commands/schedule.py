"""``kiosk schedule`` and ``kiosk alerts``: what the kiosk's schedule says at a moment, and
which emergency alerts are in force — one line each, for technicians and checks, in the
technician's language (kiosk/core/technician.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kiosk import exit_codes
from kiosk.commands.options import add_user_option
from kiosk.core.technician import TN_, tech


def add_parsers(sub: argparse._SubParsersAction) -> None:
    for name, text in (
        ("schedule", TN_("open or closed now (or --at), until when or the next opening, and why")),
        ("alerts", TN_("the emergency alerts in force now (or --at), or 'none'")),
    ):
        parser = sub.add_parser(name, help=tech(text))
        parser.add_argument("--config", type=Path, default=None, help=tech("the kiosk's config file"))
        parser.add_argument("--at", default=None, metavar="YYYY-MM-DDTHH:MM", help=tech("a moment in Polish time"))
        add_user_option(parser)


def run(args: argparse.Namespace) -> int:
    from kiosk.commands.loading import load_config_reporting
    from kiosk.core.hours import WARSAW
    from kiosk.fleet.in_force import config_in_force

    try:
        now = _moment(args.at) if args.at else dt.datetime.now(WARSAW)
    except ValueError:
        print(tech("--at {value}: write a moment as YYYY-MM-DDTHH:MM, e.g. 2026-12-24T10:00", value=repr(args.at)),
              file=sys.stderr)  # fmt: skip
        return exit_codes.CONFIG
    local = load_config_reporting(args.config)
    if local is None:
        return exit_codes.CONFIG
    in_force = config_in_force(local)  # what the kiosk on the screen runs, county release included
    if args.command == "schedule":
        print(schedule_line(in_force.config, now))
    else:
        for line in alert_lines(in_force.config, now):
            print(line)
    if local.fleet.config_url:
        print(tech("config in force: {config}", config=in_force.line()))
    return exit_codes.OK


def _moment(text: str) -> dt.datetime:
    from kiosk.core.hours import WARSAW

    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=WARSAW)


def schedule_line(config, now: dt.datetime) -> str:
    from kiosk.content.holidays_pl import holiday_name
    from kiosk.core.hours import in_night
    from kiosk.core.schedule import KioskSchedule, describe_opening

    schedule = KioskSchedule.from_config(config, lambda day: holiday_name(day, "pl"))
    line = describe_opening(schedule.opening(now))
    if schedule.night is not None and in_night(schedule.night, now):
        return tech("{opening}; display off ({night})", opening=line, night=config.schedule.display_off)
    if not schedule.opening(now).open and schedule.outside == "display_off":
        return tech("{opening}; display off (outside hours)", opening=line)
    return line


def alert_lines(config, now: dt.datetime) -> list[str]:
    from kiosk.core.hours import WARSAW
    from kiosk.core.schedule import alerts_in_force, aware

    live = alerts_in_force(config.alerts, now)
    if not live:
        return [tech("none")]
    return [
        tech("{severity} until {until}: {headline} ({id})", severity=a.severity,
             until=aware(a.expires).astimezone(WARSAW).strftime("%Y-%m-%d %H:%M"), headline=a.headline.pl, id=a.id)
        for a in live
    ]  # fmt: skip
