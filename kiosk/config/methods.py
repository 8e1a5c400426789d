"""Behaviour shared by the validated config (pydantic models, :mod:`kiosk.config.schema`)
and its start-up snapshot (plain records, :mod:`kiosk.config.snapshot`).

Both answer the same questions through the same code, so a window built from the
snapshot behaves exactly like one built from the validated file. No pydantic here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.policy import UrlPolicy


class TextMethods:
    """A text in Polish with optional English and Ukrainian versions (needs ``pl``, ``en``, ``uk``).

    No annotations here: pydantic would take them for fields of the models using this."""

    def get(self, language: str) -> str:
        """The text in ``language``, falling back to Polish."""
        return getattr(self, language, None) or self.pl  # type: ignore[attr-defined]


class ConfigMethods:
    """Lookups on the whole configuration (needs ``services``, ``policy``, ``_source``)."""

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

    def service(self, service_id: str) -> Any:
        """The service with this id, or None."""
        return next((s for s in self.services if s.id == service_id), None)  # type: ignore[attr-defined]

    def global_policy(self) -> UrlPolicy:
        return UrlPolicy(self.policy.allow, self.policy.block)  # type: ignore[attr-defined]

    def service_policy(self, service: Any) -> UrlPolicy:
        """Global rules plus the service's own allow rules (in force while it is open)."""
        return self.global_policy().extended(allow=service.allow)
