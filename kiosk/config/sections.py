"""The schema's sections for every visitor and for remote operation: accessibility, the
"Pomoc" control, the printer and remote commands (kept apart so each schema module stays
short; :mod:`kiosk.config.schema` assembles the one config)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.config.fields import StrictModel
from kiosk.core.technician import TN_


class AccessibilitySection(StrictModel):
    speech: Literal["button", "always", "off"] = Field(
        "button",
        description="Speech output: 'button' = a control in the header turns it on for one visitor; "
        "'always' = every visitor hears it; 'off' = never (docs/accessibility.md).",
    )
    low_reach: Literal["button", "always", "off"] = Field(
        "button",
        description="Every control moved into the reachable band: 'button' = a control at the bottom of the "
        "screen turns it on for one visitor; 'always'; 'off'.",
    )


class PrintingSection(StrictModel):
    printer: str = Field(
        "", max_length=127,
        description="The kiosk's printer: a CUPS queue (Linux) or a Windows printer name; empty = no printing.",
    )  # fmt: skip
    max_pages_per_session: int = Field(
        20, ge=1, le=500, description="Pages one visitor may print; a job that would pass it is refused whole."
    )


class Command(StrictModel):
    id: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        json_schema_extra={"hint": TN_("letters, digits, '.', '_' and '-', e.g. '2026-12-06-restart'")},
        description="Unique id: a command runs once per kiosk, whatever release carries it again.",
    )
    action: Literal["restart", "reload", "clear-cache"] = Field(
        description="restart: the kiosk process; reload: the config and content; clear-cache: cached content."
    )
    kiosks: list[str] = Field(default_factory=list, description="Kiosk ids it is for; empty = every kiosk.")


class HelpSection(StrictModel):
    enabled: bool = Field(
        False,
        description="A 'Pomoc' control on every screen: pressed, the gauge infomat_help_requested is 1 until the "
        "session ends or a technician clears it (alert InfomatHelpRequested, docs/monitoring.md).",
    )
