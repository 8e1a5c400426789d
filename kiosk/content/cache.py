"""On-disk cache of county content, so the home screen is full even offline.

Each entry belongs to one source: the feed's URL or the file's path. A config that names
another feed never shows the cached items of the one before (issue 16: Łęczna's kiosk
showed Lublin's news while its own feed was unreachable).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.support.files import write_json_atomic

log = logging.getLogger("kiosk.content")


@dataclass(frozen=True)
class Cached:
    data: Any
    fetched_at: dt.datetime
    etag: str | None = None
    modified: str | None = None


class ContentCache:
    """One JSON file per kind and source; writes are atomic (temp file + rename)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, name: str, source: str) -> Path:
        return self.directory / f"{name}-{hashlib.sha256(source.encode()).hexdigest()[:16]}.json"

    def read(self, name: str, source: str) -> Cached | None:
        """What was cached for ``name`` ("news", "calendar") from exactly ``source``."""
        try:
            raw = json.loads(self._path(name, source).read_text(encoding="utf-8"))
            if raw.get("source") != source:
                return None
            return Cached(
                raw["data"], dt.datetime.fromisoformat(raw["fetched_at"]), raw.get("etag"), raw.get("modified")
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable cache %s: %s", name, exc)
            return None

    def write(self, name: str, source: str, cached: Cached) -> None:
        payload = {
            "source": source,
            "data": cached.data,
            "fetched_at": cached.fetched_at.isoformat(),
            "etag": cached.etag,
            "modified": cached.modified,
        }
        try:
            write_json_atomic(self._path(name, source), payload)
        except (OSError, TypeError, ValueError) as exc:
            log.warning("cannot write cache %s: %s", name, exc)

    def clear(self) -> int:
        """Remove every cached entry (a remote ``clear-cache`` command); returns how many.
        Raises OSError when one cannot be removed."""
        removed = 0
        for path in self.directory.glob("*.json"):
            path.unlink(missing_ok=True)
            removed += 1
        return removed
