"""On-disk cache of county content, so the home screen is full even offline."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.files import write_json_atomic

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
            write_json_atomic(self._path(name), payload)
        except (OSError, TypeError, ValueError) as exc:
            log.warning("cannot write cache %s: %s", name, exc)
