"""Command-line options several `kiosk` commands share, written once."""

from __future__ import annotations

import argparse

from kiosk.core.technician import tech
from kiosk.paths import KIOSK_USER


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """``--user NAME`` for a command that reads or writes the kiosk's own folders
    (kiosk/system/kiosk_user.py decides what it does)."""
    parser.add_argument(
        "--user",
        default=None,
        metavar="NAME",
        help=tech("as root: act for this user's folders (the kiosk's own user: {user})", user=KIOSK_USER),
    )
