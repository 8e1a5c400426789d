"""The last good county file on the kiosk's disk: its exact bytes, its signature, and
the highest serial ever applied (what a replayed older release is measured against).

One JSON file written atomically, so a power cut mid-write leaves the previous release,
never a file without its signature. It is verified again every time it is read: a
change on disk is refused like a forged download.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.support.files import write_json_atomic

log = logging.getLogger("kiosk.fleet")

FORMAT = 1


@dataclass(frozen=True)
class StoredRelease:
    county: bytes  # the county file exactly as served
    signature: bytes  # its .minisig exactly as served
    serial: int
    url: str
    etag: str | None = None


class ReleaseStore:
    """``county.json`` in the kiosk's data folder (``fleet/``)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "county.json"

    def load(self) -> StoredRelease | None:
        """The stored release, or None (none yet, or unreadable: logged)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}")
            return StoredRelease(
                base64.b64decode(data["county"], validate=True),
                base64.b64decode(data["signature"], validate=True),
                int(data["serial"]),
                str(data["url"]),
                data.get("etag") if isinstance(data.get("etag"), str) else None,
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.error("the stored county file %s cannot be read (%s); it is ignored", self.path, exc)
            return None

    def set_aside(self) -> Path | None:
        """Move a damaged store out of the way (kept beside it for a technician to look at);
        the next pull fetches the county file afresh, without its ETag."""
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            self.path.replace(aside)
        except OSError as exc:
            log.error("the damaged county file %s cannot be moved aside (%s)", self.path, exc)
            return None
        return aside

    def save(self, release: StoredRelease) -> None:
        """Keep ``release`` as the last good one (raises OSError)."""
        write_json_atomic(
            self.path,
            {
                "format": FORMAT,
                "serial": release.serial,
                "url": release.url,
                "etag": release.etag,
                "county": base64.b64encode(release.county).decode(),
                "signature": base64.b64encode(release.signature).decode(),
            },
        )


def kiosk_release_store() -> ReleaseStore:
    from kiosk.paths import data_dir

    return ReleaseStore(data_dir() / "fleet")
