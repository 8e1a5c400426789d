"""Commands a technician runs as root act for the kiosk's own user, or refuse.

The kiosk keeps its county file, statistics, logs and caches in its user's folders
(platformdirs: ``~/.local/share/infomat`` …). Run as root, ``kiosk fleet pull`` wrote to
root's folders, where the kiosk never looks (issue 27), and ``kiosk schedule`` read a
county file that was not the kiosk's. As root with a kiosk user on the machine, the
commands now refuse and name the right command; ``--user NAME`` acts for that user: its
folders are read and written, and what the command wrote is handed to it.
"""

from __future__ import annotations

import os
import pwd
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.technician import tech
from kiosk.paths import KIOSK_USER

Lookup = Callable[[str], "pwd.struct_passwd | None"]


def lookup_user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


@dataclass(frozen=True)
class Identity:
    """For whom a command runs: ``user`` None means the calling user, as always."""

    user: pwd.struct_passwd | None = None
    problem: str = ""  # non-empty: refuse with this line (in the technician's language)


def choose_identity(euid: int, requested: str | None, argv: Sequence[str], lookup: Lookup = lookup_user) -> Identity:
    """Decide before the command runs (pure but for ``lookup``)."""
    if requested:
        user = lookup(requested)
        if user is None:
            return Identity(problem=tech("kiosk: --user {name}: no such user on this machine", name=requested))
        if euid != 0 and user.pw_uid != euid:
            return Identity(problem=tech("kiosk: --user {name} needs root (run it with sudo)", name=requested))
        return Identity(user=user if user.pw_uid != euid else None)
    if euid == 0 and lookup(KIOSK_USER) is not None:
        again = shlex.join(["kiosk", *argv])
        return Identity(
            problem=tech(
                "kiosk: as root this would read and write root's folders, not the kiosk's. "
                "Run it as the kiosk user: sudo -u {user} {command}   (or add --user {user})",
                user=KIOSK_USER, command=again,
            )
        )  # fmt: skip
    return Identity()


def act_for(user: pwd.struct_passwd) -> Callable[[], None]:
    """Point the per-user folders at ``user``'s; the returned function hands what the
    command wrote there over to ``user`` (call it when the command is done)."""
    home = Path(user.pw_dir)
    folders = {
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_CONFIG_HOME": home / ".config",
    }
    for name, path in folders.items():
        os.environ[name] = str(path)
    os.environ["HOME"] = str(home)

    def hand_over() -> None:
        from kiosk.paths import cache_dir, data_dir, log_dir

        for top in (data_dir(), cache_dir(), log_dir()):
            _chown_tree(top, user.pw_uid, user.pw_gid, stop_at=home)

    return hand_over


def _chown_tree(top: Path, uid: int, gid: int, stop_at: Path) -> None:
    """``top`` and everything in it, and the folders above it up to ``stop_at`` that root made."""
    if not top.exists():
        return
    for parent in [top, *top.parents]:
        if parent == stop_at or stop_at not in parent.parents:
            break
        if parent.stat().st_uid == 0:
            os.chown(parent, uid, gid)
    for folder, dirs, files in os.walk(top):
        for name in (*dirs, *files):
            path = Path(folder, name)
            if path.lstat().st_uid == 0:
                os.chown(path, uid, gid, follow_symlinks=False)
