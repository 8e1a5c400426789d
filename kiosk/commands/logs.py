"""``kiosk logs [--config P] [--since 1h] [--output F]``: the logs bundle of this kiosk
(kiosk/system/log_bundle.py) written to a file, for a technician on site or a script; the
same bundle as ``GET /logs`` on the metrics endpoint (docs/operations.md)."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from kiosk import exit_codes
from kiosk.commands.options import add_user_option
from kiosk.core.technician import tech, tech_n


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("logs", help=tech("write a logs bundle (.tar.gz) with no visitor data in it"))
    parser.add_argument("--config", type=Path, default=None, help=tech("the kiosk's config file"))
    parser.add_argument("--since", default="24h", metavar="30m|1h|7d", help=tech("log lines this recent (default 24h)"))
    parser.add_argument(
        "--output", type=Path, default=None, help=tech("the file (default: infomat-logs-ID-TIME.tar.gz)")
    )
    add_user_option(parser)


def run(args: argparse.Namespace) -> int:
    from kiosk.commands.loading import load_config_reporting
    from kiosk.fleet.in_force import config_in_force
    from kiosk.paths import default_config_path, log_dir
    from kiosk.system.log_bundle import build_bundle, bundle_name, config_lines, doctor_output, parse_since

    try:
        since = parse_since(args.since)
    except ValueError:  # parse_since's own message is English: GET /logs answers with it
        print(tech("kiosk logs: --since {value}: write a number and a unit, e.g. 30m, 1h or 7d",
                   value=repr(args.since)), file=sys.stderr)  # fmt: skip
        return exit_codes.CONFIG
    local = load_config_reporting(args.config)
    if local is None:
        return exit_codes.CONFIG
    in_force = config_in_force(local)
    if in_force.county is not None:
        digest, source = in_force.county.digest, f"county serial {in_force.county.serial}"
    else:
        digest, source = _digest(local.source), str(local.source) if local.source else "built-in"
    config_text = config_lines(digest, source, in_force.config.kiosk_id, in_force.line())
    bundle = build_bundle(log_dir(), since, config_text, doctor_output(args.config or default_config_path()))
    output = args.output or Path(bundle_name(in_force.config.kiosk_id))
    try:
        output.write_bytes(bundle)
    except OSError as exc:
        print(tech("kiosk logs: cannot write {output}: {reason}", output=output, reason=exc.strerror),
              file=sys.stderr)  # fmt: skip
        return exit_codes.CONFIG
    print(tech_n("{output} ({n} byte, log lines of the last {since})",
                 "{output} ({n} bytes, log lines of the last {since})",
                 len(bundle), output=output, since=args.since))  # fmt: skip
    return exit_codes.OK


def _digest(path: Path | None) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path else None
    except OSError:
        return None
