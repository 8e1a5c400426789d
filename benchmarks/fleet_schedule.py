"""The county file and the schedule: what a kiosk pays for them.

    python benchmarks/fleet_schedule.py

- accepting a county release of 16 kiosks (signature check, merge, schema validation of
  this kiosk's config) — in the poller's worker thread, and at start-up on the UI thread
  after the first paint (the stored release verified again);
- one schedule decision (hours, holidays, alerts), made every 5 s on the UI thread;
- the next opening from the worst place of the year (Wigilia, before the holidays).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import percentile, table

from kiosk.config import parse_config
from kiosk.content.holidays_pl import holiday_name
from kiosk.core.hours import WARSAW
from kiosk.core.minisign import generate, sign
from kiosk.core.schedule import KioskSchedule, decide
from kiosk.fleet.pull import LocalFleet, accept
from tests.support.county import county_text

GMINY = ["belzyce", "bychawa", "borzechow", "garbow", "glusk", "jablonna", "jastkow", "konopnica", "krzczonow",
         "niedrzwica", "niemce", "strzyzewice", "wojciechow", "wolka", "wysokie", "zakrzew"]  # fmt: skip


def timed(job, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    secret = generate()
    kiosks = "".join(f'\n[kiosks.{g}]\nkiosk = {{ name = "Infomat {g}", gmina = "{g}" }}\n' for g in GMINY)
    county = county_text(12, body=kiosks).encode()
    signature = sign(county, secret, "serial 12")
    local = parse_config(f'[kiosk]\nid = "jastkow"\n[fleet]\nconfig_url = "https://p.example/c.toml"\n'
                         f'public_keys = ["{secret.public.line()}"]\n')  # fmt: skip
    fleet = LocalFleet.of(local)
    now = dt.datetime.now().astimezone()
    accept_ms = timed(lambda: accept(fleet, county, signature, now), 50)

    config = parse_config(
        '[schedule]\ndisplay_off = "22:00-6:00"\n[schedule.hours]\nmon = "7:30-15:30"\ntue = "7:30-15:30"\n'
        'wed = "7:30-17:00"\nthu = "7:30-15:30"\nfri = "7:30-12:00, 12:30-14:00"\n'
        '[[alerts]]\nid = "a"\nseverity = "moderate"\nheadline = "x"\nexpires = 2030-01-01T00:00:00\n'
    )
    schedule = KioskSchedule.from_config(config, lambda day: holiday_name(day, "pl"))
    moment = dt.datetime(2026, 12, 1, 10, 0, tzinfo=WARSAW)
    decide(schedule, config.alerts, moment, False)  # the holiday cache warm, as after the first paint
    decide_ms = timed(lambda: decide(schedule, config.alerts, moment, False), 2000)
    wigilia = dt.datetime(2026, 12, 24, 10, 0, tzinfo=WARSAW)
    next_ms = timed(lambda: schedule.opening(wigilia), 2000)

    accepted = f"{statistics.median(accept_ms):.1f} ms median, p95 {percentile(accept_ms, 95):.1f} ms"
    decided = f"{statistics.median(decide_ms) * 1000:.0f} µs median, p95 {percentile(decide_ms, 95) * 1000:.0f} µs"
    rows = [
        ("county file", f"{len(county)} bytes, {len(GMINY)} kiosks"),
        ("accept a release (verify + merge + validate)", accepted),
        ("one schedule decision (UI thread, every 5 s)", decided),
        ("next opening from Wigilia", f"{statistics.median(next_ms) * 1000:.0f} µs median"),
    ]
    print(table(rows, "County file and schedule"))


if __name__ == "__main__":
    main()
