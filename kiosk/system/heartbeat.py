"""The kiosk's sign of life for ``kiosk supervise``.

The kiosk writes a small JSON file from its UI thread every few seconds; a frozen event
loop stops writing, which is how the supervisor tells a hang from a busy kiosk. The file
also says whether a visitor is in a session, so restarts wait for a quiet moment.
Nothing about the visitor is in it: a flag and counters.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.support.files import write_json_atomic

HEARTBEAT_ENV = "INFOMAT_HEARTBEAT"


@dataclass(frozen=True)
class Heartbeat:
    pid: int
    time: float  # wall clock, seconds since the epoch
    in_session: bool
    sessions: int = 0


def write_heartbeat(path: Path, beat: Heartbeat) -> None:
    """Atomic replace, so the supervisor never reads half a file."""
    write_json_atomic(path, asdict(beat))


def read_heartbeat(path: Path) -> Heartbeat | None:
    """The last heartbeat, or None when there is none (yet) or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Heartbeat(
            pid=int(data["pid"]),
            time=float(data["time"]),
            in_session=bool(data["in_session"]),
            sessions=int(data.get("sessions", 0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def heartbeat_path_from_env() -> Path | None:
    value = os.environ.get(HEARTBEAT_ENV)
    return Path(value) if value else None
