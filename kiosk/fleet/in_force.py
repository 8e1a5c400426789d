"""Which config is in force: the local file merged with the verified stored county release,
else the local file alone, and why. The running kiosk and every command that reads a
config (schedule, alerts, doctor, stats) ask here, so a technician's shell says what the
kiosk on the screen does (issue 27: `kiosk schedule` said "open" while the kiosk, on the
county's hours, showed the closed screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.technician import TN_
from kiosk.fleet.fetch import Refusal
from kiosk.fleet.pull import NOTHING_STORED, LocalFleet, PullResult, county_config
from kiosk.fleet.said import Said
from kiosk.fleet.store import ReleaseStore, kiosk_release_store

if TYPE_CHECKING:
    from kiosk.config.schema import KioskConfig


@dataclass(frozen=True)
class InForce:
    config: KioskConfig
    county: PullResult | None  # the stored release in force (applied, verified again), or None
    refusal: Refusal | None = None  # why the stored release is not used (None: no [fleet] or it is)

    @property
    def stored_failed(self) -> bool:
        """A stored county release is there but failed its check (worth an error in the log)."""
        return self.county is None and self.refusal is not None and self.refusal is not NOTHING_STORED

    def local_only_because(self) -> Said | None:
        """Why the local file alone is in force (None while a county release is)."""
        if self.county is not None:
            return None
        if self.refusal is None:
            return Said(TN_("no [fleet] config_url"))
        if self.refusal is NOTHING_STORED:
            return self.refusal.said
        return Said.of(TN_("the stored county file is not used: {reason}"), reason=self.refusal)

    def said(self) -> Said:
        if self.county is not None:
            return Said.of(TN_("county serial {serial}"), serial=self.county.serial)
        return Said.of(TN_("local file only ({why})"), why=self.local_only_because())

    def line(self) -> str:
        """One line in the technician's language: "county serial 12" or "local file only (…)"."""
        return self.said().shown()


def config_in_force(local: KioskConfig, store: ReleaseStore | None = None, fleet: LocalFleet | None = None) -> InForce:
    """The config the kiosk runs with ``local`` as its own file (``fleet``: its fleet
    settings, when the caller has them already). Never raises."""
    fleet = fleet or LocalFleet.of(local)
    if fleet is None:
        return InForce(local, None)
    result = county_config(fleet, store or kiosk_release_store())
    if result.config is not None:
        return InForce(result.config, result)
    return InForce(local, None, result.refusal or Refusal("internal", TN_("the stored county file is not used")))
