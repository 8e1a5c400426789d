"""The real kiosk as a process (`python -m kiosk run --windowed --open SERVICE`) with one
service: its config file and its environment, for the system tests that run it in a
namespace of its own (tests/system/test_dns.py, tests/system/test_turn_call.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def one_service_config(folder: Path, name: str, service: str, title: str, url: str, extra: str = "") -> Path:
    """A kiosk.toml in ``folder`` with the one service ``service`` at ``url``; ``extra``: more
    of its keys (its ``allow`` list at least)."""
    config = folder / "kiosk.toml"
    config.write_text(
        f'[kiosk]\nname = "{name}"\nlockdown = false\n[stats]\nenabled = false\n'
        f'[[services]]\nid = "{service}"\ntitle = "{title}"\nurl = "{url}"\n{extra}',
        encoding="utf-8",
    )
    return config


def kiosk_env(folder: Path) -> dict[str, str]:
    """This process's environment for the kiosk, with a fresh HOME in ``folder`` (no XDG
    paths of the test run, no heartbeat of a supervisor)."""
    home = folder / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("INFOMAT_HEARTBEAT", None)
    return env


def kiosk_command(config: Path, service: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", "run", "--windowed", "--config", str(config), "--open", service]
