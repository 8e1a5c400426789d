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
    if in_force.county is None:
        checks = [Check("WARN", "county file in force", in_force.line())]
    else:  # verified again just now, its expiry with it
        expires = in_force.county.expires
        days = (expires - now).days if expires is not None else None
        status = "WARN" if days is not None and days < EXPIRY_WARNING_DAYS else "PASS"
        expiry = f", signature OK, expires in {days} d" if days is not None else ""
        checks = [Check(status, "county file in force", f"serial {in_force.county.serial}{expiry}")]
    try:
        got = download(fleet.settings, None)
        release, _config = accept(fleet, got.body or b"", got.signature, now)
    except RefusedError as refused:
        checks.append(Check("FAIL", "county file on the server", f"{fleet.settings.url}: {refused.refusal.message}"))
        return checks
    except Exception as exc:  # a doctor line, never a traceback
        checks.append(Check("FAIL", "county file on the server", f"{fleet.settings.url}: {exc}"))
        return checks
    days = (release.expires - now).days
    status = "WARN" if days < EXPIRY_WARNING_DAYS else "PASS"
    detail = f"reachable, signature OK, serial {release.serial}, expires in {days} d"
    checks.append(Check(status, "county file on the server", detail))
    return checks


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
        Check("PASS", "time zone", f"{zone}")
        if zone == COUNTY_TIME_ZONE
        else Check(
            "WARN", "time zone",
            f"the machine is set to {zone or 'an unknown zone'}; the kiosk shows {COUNTY_TIME_ZONE} time anyway, "
            f"but logs and other programs do not: timedatectl set-timezone {COUNTY_TIME_ZONE}",
        )
    )  # fmt: skip
    if synchronised is True:
        ntp = Check("PASS", "clock synchronised (NTP)", "yes")
    elif synchronised is False:
        ntp = Check("WARN", "clock synchronised (NTP)", "no: opening hours, alerts and the county file's expiry "
                    "depend on the clock; timedatectl set-ntp true")  # fmt: skip
    else:
        ntp = Check("WARN", "clock synchronised (NTP)", "cannot tell here (timedatectl is missing or gave no answer)")
    return [zone_line, ntp]
