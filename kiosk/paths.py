"""Where things are: bundled resources (source tree or PyInstaller bundle) and per-OS dirs.

Never relative to the working directory: a kiosk is started by systemd or Windows
Shell Launcher from wherever they like.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "infomat"
#: The user deploy/linux/install.sh creates and the systemd units run the kiosk as: the
#: owner of the folders below (kiosk/system/kiosk_user.py acts for it when run as root).
KIOSK_USER = "kiosk"


def app_root() -> Path:
    """Top folder holding ``assets/`` and ``config/``: the bundle dir when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def asset(*parts: str) -> Path:
    """A file shipped in ``assets/``."""
    return app_root().joinpath("assets", *parts)


def default_config_path() -> Path:
    """The config used when none is given: ``$INFOMAT_CONFIG`` or the shipped demo."""
    override = os.environ.get("INFOMAT_CONFIG")
    return Path(override) if override else app_root() / "config" / "kiosk.toml"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
