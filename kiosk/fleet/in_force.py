"""Which config is in force: the local file merged with the verified stored county release,
else the local file alone, and why. The running kiosk and every command that reads a
config (schedule, alerts, doctor, stats) ask here, so a technician's shell says what the
kiosk on the screen does (issue 27: `kiosk schedule` said "open" while the kiosk, on the
county's hours, showed the closed screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.fleet.pull import NOTHING_STORED, LocalFleet, PullResult, county_config
from kiosk.fleet.store import ReleaseStore, kiosk_release_store

if TYPE_CHECKING:
    from kiosk.config.schema import KioskConfig


@dataclass(frozen=True)
class InForce:
    config: KioskConfig
    county: PullResult | None  # the stored release in force (applied, verified again), or None
    local_only_because: str  # "" while a county release is in force

    def line(self) -> str:
        """One line: "county serial 12" or "local file only (…)"."""
        if self.county is not None:
            return f"county serial {self.county.serial}"
        return f"local file only ({self.local_only_because})"


def config_in_force(local: KioskConfig, store: ReleaseStore | None = None, fleet: LocalFleet | None = None) -> InForce:
    """The config the kiosk runs with ``local`` as its own file (``fleet``: its fleet
    settings, when the caller has them already). Never raises."""
    fleet = fleet or LocalFleet.of(local)
    if fleet is None:
        return InForce(local, None, "no [fleet] config_url")
    result = county_config(fleet, store or kiosk_release_store())
    if result.config is not None:
        return InForce(result.config, result, "")
    why = result.refusal.message if result.refusal is not None else "?"
    if result.refusal is not NOTHING_STORED:
        why = f"the stored county file is not used: {why}"
    return InForce(local, None, why)
