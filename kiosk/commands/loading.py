"""Reading the config for a command: one shared helper each for the commands that run a
kiosk and those that read the config to do one thing. Errors are lines, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config.reading import ConfigError, cannot_start
from kiosk.paths import default_config_path

if TYPE_CHECKING:
    from kiosk.config import KioskConfig


def load_for_run(path: Path | None) -> KioskConfig | None:
    """The config to start a kiosk (or its supervisor) with, or None after the problems."""
    from kiosk.config import load_config

    try:
        return load_config(path or default_config_path())
    except ConfigError as exc:
        print_config_problems(exc)
        return None


def load_config_reporting(path: Path | None) -> KioskConfig | None:
    """The kiosk's config (``path`` or the default), or None after one line per problem on
    standard error: for the commands that read the config to do one thing."""
    from kiosk.config import load_config

    try:
        return load_config(path or default_config_path())
    except ConfigError as exc:
        for issue in exc.errors:
            print(issue, file=sys.stderr)
        return None


def print_config_problems(exc: ConfigError) -> None:
    print(cannot_start(exc.errors), file=sys.stderr)
    for issue in exc.errors:
        print(f"  {issue}", file=sys.stderr)
