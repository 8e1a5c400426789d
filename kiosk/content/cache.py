"""On-disk cache of county content, so the home screen is full even offline."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.content")


@dataclass(frozen=True)
class Cached:
    data: Any
    fetched_at: dt.datetime
    etag: str | None = None
    modified: str | None = None


class ContentCache:
    """One JSON file per source name; writes are atomic (temp file + rename)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.json"

    def read(self, name: str) -> Cached | None:
        try:
            raw = json.loads(self._path(name).read_text(encoding="utf-8"))
            return Cached(
                raw["data"], dt.datetime.fromisoformat(raw["fetched_at"]), raw.get("etag"), raw.get("modified")
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable cache %s: %s", name, exc)
            return None

    def write(self, name: str, cached: Cached) -> None:
        payload = {
            "data": cached.data,
            "fetched_at": cached.fetched_at.isoformat(),
            "etag": cached.etag,
            "modified": cached.modified,
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=f".{name}.")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False, default=str)
            os.replace(tmp, self._path(name))
        except OSError as exc:
            log.warning("cannot write cache %s: %s", name, exc)
