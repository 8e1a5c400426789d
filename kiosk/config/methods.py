"""Behaviour shared by the validated config (pydantic models, :mod:`kiosk.config.schema`)
and its start-up snapshot (plain records, :mod:`kiosk.config.snapshot`).

Both answer the same questions through the same code, so a window built from the
snapshot behaves exactly like one built from the validated file. No pydantic here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.core.policy import UrlPolicy
from kiosk.paths import data_dir


def host_kiosk_id() -> str:
    """The host name as an id: lower case, its first label, only letters, digits and '-'."""
    import socket

    name = socket.gethostname().split(".")[0].lower()
    cleaned = "".join(c if c.isalnum() and c.isascii() else "-" for c in name).strip("-")
    return cleaned[:40] or "infomat"


class TextMethods:
    """A text in Polish with optional English and Ukrainian versions (needs ``pl``, ``en``, ``uk``).

    No annotations here: pydantic would take them for fields of the models using this."""

    def get(self, language: str) -> str:
        """The text in ``language``, falling back to Polish."""
        return getattr(self, language, None) or self.pl  # type: ignore[attr-defined]


class ConfigMethods:
    """Lookups on the whole configuration (needs ``services``, ``policy``, ``_source``)."""

    @property
    def kiosk_id(self) -> str:
        """``[kiosk] id``, or this computer's host name made into an id."""
        return self.kiosk.id or host_kiosk_id()  # type: ignore[attr-defined]

    @property
    def source(self) -> Path | None:
        """The file this config was read from (relative paths in it start at its folder)."""
        return self._source  # type: ignore[attr-defined]

    def resolve(self, relative: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        path = Path(relative)
        if path.is_absolute() or self.source is None:
            return path
        return self.source.parent / path

    def stats_path(self) -> Path | None:
        """The usage store's file, or None when ``[stats] enabled = false``."""
        stats = self.stats  # type: ignore[attr-defined]
        if not stats.enabled:
            return None
        return self.resolve(stats.file) if stats.file else data_dir() / "stats.sqlite3"

    def service(self, service_id: str) -> Any:
        """The service with this id, or None."""
        return next((s for s in self.services if s.id == service_id), None)  # type: ignore[attr-defined]

    def global_policy(self) -> UrlPolicy:
        return UrlPolicy(self.policy.allow, self.policy.block)  # type: ignore[attr-defined]

    def service_policy(self, service: Any) -> UrlPolicy:
        """Global rules plus the service's own allow rules (in force while it is open)."""
        return self.global_policy().extended(allow=service.allow)
