"""Two ``kiosk doctor`` lines a county's kiosk needs: the county file (in force, on the
server, days to its expiry) and the clock (the machine's time zone and NTP). Each check
returns :class:`kiosk.system.check.Check` lines and never raises."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from kiosk.core.technician import tech, tech_n
from kiosk.env import COUNTY_TIME_ZONE
from kiosk.system.check import Check


def check_county(local, now: dt.datetime | None = None) -> list[Check]:
    """The county file: which config is in force, and what the server has now (downloaded
    and verified like a pull, never stored)."""
    from kiosk.fleet.fetch import RefusedError, download
    from kiosk.fleet.in_force import config_in_force
    from kiosk.fleet.pull import LocalFleet, accept
    from kiosk.fleet.release import EXPIRY_WARNING_DAYS
    from kiosk.fleet.store import kiosk_release_store

    fleet = LocalFleet.of(local)
    if fleet is None:
        return []
    now = now or dt.datetime.now().astimezone()
    in_force = config_in_force(local, kiosk_release_store(), fleet)
    in_force_name = tech("county file in force")
    if in_force.county is None:
        checks = [Check("WARN", in_force_name, in_force.line())]  # the fleet's own words (kiosk/fleet/in_force.py)
    else:  # verified again just now, its expiry with it
        expires = in_force.county.expires
        days = (expires - now).days if expires is not None else None
        status = "WARN" if days is not None and days < EXPIRY_WARNING_DAYS else "PASS"
        detail = (
            tech("serial {serial}, signature OK, {expiry}", serial=in_force.county.serial, expiry=_expires_in(days))
            if days is not None
            else tech("serial {serial}", serial=in_force.county.serial)
        )
        checks = [Check(status, in_force_name, detail)]
    server_name = tech("county file on the server")
    try:
        got = download(fleet.settings, None)
        release, _config = accept(fleet, got.body or b"", got.signature, now)
    except RefusedError as refused:
        detail = tech("{url}: {problem}", url=fleet.settings.url, problem=refused.refusal.shown())
        checks.append(Check("FAIL", server_name, detail))
        return checks
    except Exception as exc:  # a doctor line, never a traceback
        checks.append(Check("FAIL", server_name, tech("{url}: {problem}", url=fleet.settings.url, problem=exc)))
        return checks
    days = (release.expires - now).days
    status = "WARN" if days < EXPIRY_WARNING_DAYS else "PASS"
    detail = tech("reachable, signature OK, serial {serial}, {expiry}", serial=release.serial, expiry=_expires_in(days))
    checks.append(Check(status, server_name, detail))
    return checks


def _expires_in(days: int) -> str:
    return tech_n("expires in {n} d", "expires in {n} d", days)


def machine_time_zone(localtime: Path = Path("/etc/localtime")) -> str | None:
    """The zone the machine is set to (not this process's, which runs on the county's)."""
    try:
        target = os.readlink(localtime)
    except OSError:
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


def ntp_synchronised(run: Callable[..., subprocess.CompletedProcess] = subprocess.run) -> bool | None:
    """What systemd-timesyncd (or chrony, through timedated) says; None: cannot tell."""
    if shutil.which("timedatectl") is None:
        return None
    try:
        done = run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"], capture_output=True, text=True,
                   timeout=5)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return {"yes": True, "no": False}.get(value)


def check_clock(zone: str | None, synchronised: bool | None) -> list[Check]:
    zone_line = (
        Check("PASS", tech("time zone"), tech("{zone}", zone=zone))
        if zone == COUNTY_TIME_ZONE
        else Check(
            "WARN", tech("time zone"),
            tech("the machine is set to {zone}; the kiosk shows {county} time anyway, but logs and other programs "
                 "do not: timedatectl set-timezone {county}", zone=zone or tech("an unknown zone"),
                 county=COUNTY_TIME_ZONE),
        )
    )  # fmt: skip
    name = tech("clock synchronised (NTP)")
    if synchronised is True:
        ntp = Check("PASS", name, tech("yes"))
    elif synchronised is False:
        ntp = Check("WARN", name, tech("no: opening hours, alerts and the county file's expiry depend on the clock; "
                                       "timedatectl set-ntp true"))  # fmt: skip
    else:
        ntp = Check("WARN", name, tech("cannot tell here (timedatectl is missing or gave no answer)"))
    return [zone_line, ntp]
