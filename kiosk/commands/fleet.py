"""``kiosk fleet pull | check | keygen | sign``: roll out and test the county file from a
shell. One line per outcome, in the technician's language (kiosk/core/technician.py);
exit 0 when it worked, 2 when something was refused or wrong (never a traceback)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk import exit_codes
from kiosk.commands.options import add_user_option
from kiosk.core.technician import tech, tech_n

REFUSED = exit_codes.CONFIG


def add_parser(sub: argparse._SubParsersAction) -> None:
    fleet = sub.add_parser("fleet", help=tech("the signed county config: pull, check, keygen, sign (docs/fleet.md)"))
    commands = fleet.add_subparsers(dest="fleet_command", required=True)
    pull = commands.add_parser("pull", help=tech("fetch, verify and store the county file now; prints one line"))
    pull.add_argument("--config", type=Path, default=None, help=tech("this kiosk's own config file"))
    add_user_option(pull)
    check = commands.add_parser(
        "check", help=tech("validate a county file before signing; prints each kiosk's differences")
    )
    check.add_argument("file", type=Path)
    check.add_argument(
        "--kiosk", action="append", default=[], metavar="ID", help=tech("also check this kiosk id (repeat)")
    )
    keygen = commands.add_parser("keygen", help=tech("a new minisign key pair (the same files as minisign -G)"))
    keygen.add_argument("--secret-key", type=Path, default=Path("infomat.key"), help=tech("default: ./infomat.key"))
    keygen.add_argument("--public-key", type=Path, default=Path("infomat.pub"), help=tech("default: ./infomat.pub"))
    keygen.add_argument("--no-password", action="store_true", help=tech("do not protect the secret key (minisign -W)"))
    keygen.add_argument("--force", action="store_true", help=tech("overwrite existing key files"))
    sign = commands.add_parser("sign", help=tech("write FILE.minisig (the same as minisign -S -m FILE)"))
    sign.add_argument("file", type=Path)
    sign.add_argument("--secret-key", type=Path, default=Path("infomat.key"))
    sign.add_argument("--trusted-comment", default=None, help=tech("default: timestamp and file name, as minisign"))
    for parser in (keygen, sign):
        parser.add_argument("--password-stdin", action="store_true", help=tech("read the password from standard input"))


def run(args: argparse.Namespace) -> int:
    from kiosk.core.minisign import MinisignError

    try:
        if args.fleet_command == "pull":
            return _pull(args.config)
        if args.fleet_command == "check":
            return _check(args.file, args.kiosk)
        if args.fleet_command == "keygen":
            return _keygen(args)
        return _sign(args)
    except MinisignError as exc:
        return _fail(tech("{fleet_error}", fleet_error=exc))
    except OSError as exc:
        filename, problem = getattr(exc, "filename", "") or "", exc.strerror or exc
        return _fail(
            tech("{file}: {problem}", file=filename, problem=problem)
            if filename
            else tech("{fleet_error}", fleet_error=problem)
        )


def _fail(message: str) -> int:
    """``message`` (already in the technician's language) on stderr; the refusal's exit code."""
    print(message, file=sys.stderr)
    return REFUSED


def _pull(config_path: Path | None) -> int:
    from kiosk.commands.loading import load_config_reporting
    from kiosk.fleet.pull import LocalFleet, pull
    from kiosk.fleet.store import kiosk_release_store
    from kiosk.paths import default_config_path

    path = config_path or default_config_path()
    local = load_config_reporting(path)
    if local is None:
        print(tech("refused: the local config {path} has errors", path=path))
        return REFUSED
    fleet = LocalFleet.of(local)
    if fleet is None:
        print(tech("refused: {path} has no [fleet] config_url", path=path))
        return REFUSED
    result = pull(fleet, kiosk_release_store())
    print(result.line())
    if result.refusal is not None:
        for error in result.refusal.errors[1:]:
            print(tech("  {config_error}", config_error=error), file=sys.stderr)
        return REFUSED
    return exit_codes.OK


def _check(path: Path, extra_ids: list[str]) -> int:
    import tomllib

    from kiosk.config.reading import ConfigError, read_config_text
    from kiosk.fleet.fetch import RefusedError
    from kiosk.fleet.pull import validate_for
    from kiosk.fleet.release import ReleaseError, parse_release, problem_line

    try:
        release = parse_release(read_config_text(path, str(path)))
    except ConfigError as exc:
        return _fail(tech("{fleet_error}", fleet_error=exc))
    except tomllib.TOMLDecodeError as exc:
        return _fail(tech("{path}: TOML syntax error: {problem}", path=path, problem=exc))
    except ReleaseError as exc:
        for loc, message in exc.problems:
            print(tech("{path}: {problem}", path=path, problem=problem_line(loc, message)), file=sys.stderr)
        return REFUSED
    expires = release.expires.isoformat(timespec="minutes")
    print(tech("{path}: serial {serial}, expires {expires}", path=path, serial=release.serial, expires=expires))
    expiry = expiry_problem(release)
    if expiry is not None:
        print(tech("{path}: {problem}", path=path, problem=expiry))
    ids = [*release.kiosks, *(i for i in extra_ids if i not in release.kiosks)]
    failed = False
    for kiosk_id in ["", *ids]:
        label = tech("kiosk {id}", id=kiosk_id) if kiosk_id else tech("kiosks without their own table")
        try:
            validate_for(release, kiosk_id, {}, None, str(path), check_files=False)
        except RefusedError as refused:
            failed = True
            errors = refused.refusal.errors
            print(tech_n("{label}: {n} error", "{label}: {n} errors", len(errors), label=label))
            for error in errors:
                print(tech("  {config_error}", config_error=error))
            continue
        print(tech("{label}: OK", label=label))
        if kiosk_id:
            for line in differences(release.common, release.data_for(kiosk_id)):
                print(tech("  {setting}", setting=line))
    return REFUSED if failed or release.expired(_now()) else exit_codes.OK


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now().astimezone()


def expiry_problem(release: Any, now: Any = None) -> str | None:
    """ "EXPIRED …" for a release every kiosk would refuse, a warning when it has under
    :data:`kiosk.fleet.release.EXPIRY_WARNING_DAYS` left, else None (in the technician's
    language)."""
    import datetime as dt

    from kiosk.fleet.release import EXPIRY_WARNING_DAYS

    now = now or _now()
    if release.expired(now):
        return tech("EXPIRED: every kiosk refuses it; set a later [release] expires")
    left = release.expires - now
    if left < dt.timedelta(days=EXPIRY_WARNING_DAYS):
        hours = int(left.total_seconds() // 3600)
        return tech("warning: expires in {days} d {hours} h; kiosks fall back to their local file after that",
                    days=hours // 24, hours=hours % 24)  # fmt: skip
    return None


def differences(common: dict[str, Any], merged: dict[str, Any], prefix: str = "") -> list[str]:
    """``key = value`` for each setting a kiosk has differently from the common part;
    tiles and offices as their ids and names, in order."""
    out: list[str] = []
    for key in sorted(set(common) | set(merged)):
        name = f"{prefix}{key}"
        before, after = common.get(key), merged.get(key)
        if before == after:
            continue
        if isinstance(before, dict | None) and isinstance(after, dict):
            out += differences(before or {}, after, f"{name}.")
        elif key in ("services", "offices") and isinstance(after, list):
            field = "id" if key == "services" else "name"
            out.append(f"{name} = {[item.get(field) for item in after if isinstance(item, dict)]}")
        else:
            out.append(f"{name} = {after!r}")
    return out


def _password(args: argparse.Namespace, confirm: bool) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    password = getpass.getpass(tech("Password of the secret key: "))
    if confirm and getpass.getpass(tech("The same password again: ")) != password:
        raise OSError(tech("the two passwords differ"))
    return password


def _keygen(args: argparse.Namespace) -> int:
    from kiosk.core.minisign import generate, secret_key_text

    for path in (args.secret_key, args.public_key):
        if path.exists() and not args.force:
            return _fail(
                tech("{path} exists; use --force to overwrite it (a lost key cannot sign any more)", path=path)
            )
    password = None if args.no_password else _password(args, confirm=True)
    secret = generate()
    args.secret_key.write_text(secret_key_text(secret, password), encoding="utf-8")
    args.secret_key.chmod(0o600)
    args.public_key.write_text(secret.public.file_text(), encoding="utf-8")
    print(tech("public key {id}, for [fleet] public_keys:", id=secret.public.id_hex))
    print(tech("{public_key}", public_key=secret.public.line()))
    return exit_codes.OK


def _unsignable(path: Path, message: bytes) -> str | None:
    """Why a county file must not be signed: one every kiosk would refuse as expired.
    Other files (not county files) are signed as minisign would."""
    import tomllib

    from kiosk.fleet.release import ReleaseError, parse_release

    try:
        release = parse_release(message.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ReleaseError):
        return None
    if release.expired(_now()):
        return tech("{path}: not signed, the release is EXPIRED (every kiosk would refuse it); set a later expires",
                    path=path)  # fmt: skip
    return None


def _sign(args: argparse.Namespace) -> int:
    import time

    from kiosk.core.minisign import parse_secret_key, secret_key_encrypted, sign

    text = args.secret_key.read_text(encoding="utf-8")
    password = _password(args, confirm=False) if secret_key_encrypted(text) else None
    message = args.file.read_bytes()
    refusal = _unsignable(args.file, message)
    if refusal is not None:
        return _fail(refusal)
    secret = parse_secret_key(text, password)
    comment = args.trusted_comment or f"timestamp:{int(time.time())}\tfile:{args.file.name}\thashed"
    target = args.file.with_name(args.file.name + ".minisig")
    target.write_bytes(sign(message, secret, comment))
    print(tech("{path}: signed with key {id}", path=target, id=secret.public.id_hex))
    return exit_codes.OK
