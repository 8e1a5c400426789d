"""Usage statistics: the cost of recording a session on the UI thread, and of a county's
report over 6 years of 16 kiosks.

    python benchmarks/stats.py [--folder DIR]

Targets (issue 17): recording a session < 2 ms on the UI thread; exporting 6 years × 16
kiosks < 2 s. The store is written where the kiosk writes it (a real disk, not tmpfs,
unless --folder says otherwise): ``synchronous=FULL`` waits for the disk on every commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import percentile, table

from kiosk.stats.report import collect, write_csv, write_xlsx
from kiosk.stats.store import StatsStore

SERVICES = ("profil-zaufany", "epuap", "gov", "e-kierowca", "historia-pojazdu", "podatki", "zus", "ekw", "powiat")


def fill(path: Path, kiosk: str, years: int, rng: random.Random) -> int:
    """A kiosk's 6 years at ~25 sessions a day, written in bulk (as many years of use would)."""
    store = StatsStore(path, kiosk_id=kiosk, retention_years=20)
    db = store._db
    assert db is not None
    sessions = 0
    day = dt.date.today() - dt.timedelta(days=365 * years)
    hourly, daily = [], []
    while day <= dt.date.today():
        d, that_day = day.isoformat(), 0
        for hour in range(8, 17):
            count = rng.randint(0, 6)
            if count:
                stamp = f"{d}T{hour:02d}"
                hourly += [(kiosk, stamp, "sessions", count), (kiosk, stamp, "sessions_started", count)]
                that_day += count
        sessions += that_day
        daily += [(kiosk, d, "sessions", that_day), (kiosk, d, "sessions_started", that_day)]
        daily += [(kiosk, d, "session_seconds", rng.randint(1000, 9000)), (kiosk, d, "running_minutes", 600)]
        daily += [(kiosk, d, f"service_{s}", rng.randint(0, 4)) for s in rng.sample(SERVICES, 4)]
        daily += [(kiosk, d, "sessions_idle", rng.randint(0, 20)), (kiosk, d, "duration_1_5_min", rng.randint(0, 9))]
        day += dt.timedelta(days=1)
    with db:
        db.executemany("INSERT INTO hourly VALUES (?, ?, ?, ?)", hourly)
        db.executemany("INSERT INTO daily VALUES (?, ?, ?, ?)", daily)
    store.close()
    return sessions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=Path(__file__).resolve().parent / ".stats-bench")
    args = parser.parse_args()
    folder: Path = args.folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        store = StatsStore(folder / "kiosk.sqlite3", kiosk_id="pomiar")
        costs = []
        for number in range(300):
            started = time.perf_counter()
            store.record_session("visitor", 100 + number, languages=["pl", "en"], text_sizes=[150])
            costs.append((time.perf_counter() - started) * 1000)
        opens = []
        for _ in range(100):
            started = time.perf_counter()
            store.record_service_open("epuap")
            opens.append((time.perf_counter() - started) * 1000)
        store.close()

        rng = random.Random(6)
        paths = [folder / f"kiosk-{n:02d}.sqlite3" for n in range(16)]
        sessions = sum(fill(path, f"gmina-{n:02d}", 6, rng) for n, path in enumerate(paths))
        start, end = dt.date.today() - dt.timedelta(days=365 * 6), dt.date.today()
        timings = {}
        for by in ("month", "day"):
            started = time.perf_counter()
            report = collect(paths, start, end, by)
            write_csv(report, Path(tempfile.gettempdir()) / f"infomat-bench-{by}.csv")
            timings[by] = time.perf_counter() - started
        xlsx = {}
        for by in ("month", "day"):
            started = time.perf_counter()
            write_xlsx(collect(paths, start, end, by), Path(tempfile.gettempdir()) / f"infomat-bench-{by}.xlsx")
            xlsx[by] = time.perf_counter() - started
        assert report.total("sessions") == sessions
        print(
            table(
                [
                    ("record a session, UI thread (ms)", f"median {statistics.median(costs):6.2f}   p95 "
                     f"{percentile(costs, 95):6.2f}   max {max(costs):6.2f}"),
                    ("record a tile open (ms)", f"median {statistics.median(opens):6.2f}   p95 "
                     f"{percentile(opens, 95):6.2f}"),
                    ("fleet: kiosks × years, sessions", f"16 × 6, {sessions}"),
                    ("export by month, CSV (s)", f"{timings['month']:6.2f}"),
                    ("export by day, CSV (s)", f"{timings['day']:6.2f}"),
                    ("export by month, XLSX (s)", f"{xlsx['month']:6.2f}"),
                    ("export by day, XLSX (s)", f"{xlsx['day']:6.2f}"),
                ],
                f"Infomat usage statistics (store in {folder})",
            )
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
