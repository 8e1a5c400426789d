"""Start-up of two checkouts (or a checkout and a bundle), interleaved run by run.

    python benchmarks/compare_start.py RUNS A B [C ...]

Each of A, B … is a source tree (its ``kiosk`` package is run with this Python) or
``bundle:PATH`` (a built ``infomat`` executable). This machine's wall-clock noise is
larger than most single optimisations (the same code measured 460 and 640 ms minutes
apart), so changes are compared side by side, alternating, each with its own HOME. The
first start of each fills the caches and saves the config snapshot; it is not counted.
Prints the medians of the kiosk's own "home screen painted" figures: wall clock (what
a visitor waits) and CPU time (steadier; what an optimisation changes).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from startup import kiosk_env, kiosk_home_ms

RUN_SOURCE = (
    "import sys; sys.path.insert(0, '.'); sys.argv = ['kiosk', 'run', '--windowed']; "
    "import runpy; runpy.run_module('kiosk', run_name='__main__', alter_sys=True)"
)


def painted_ms(target: str, home: Path) -> tuple[float, float, str]:
    if target.startswith("bundle:"):
        command, cwd = [target.removeprefix("bundle:"), "run", "--windowed"], home
    else:
        command, cwd = [sys.executable, "-c", RUN_SOURCE], Path(target)
    return kiosk_home_ms(command, kiosk_env(home), home, cwd)


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    runs, targets = int(sys.argv[1]), sys.argv[2:]
    homes = {target: Path(tempfile.mkdtemp(prefix="infomat-compare-")) for target in targets}
    results: dict[str, list[float]] = {target: [] for target in targets}
    cpu: dict[str, list[float]] = {target: [] for target in targets}
    for target in targets:
        painted_ms(target, homes[target])  # first start: caches and snapshot
    for _ in range(runs):
        for target in targets:
            ms, cpu_ms, source = painted_ms(target, homes[target])
            if source != "the start-up snapshot":
                raise SystemExit(f"{target} painted from {source}")
            results[target].append(ms)
            cpu[target].append(cpu_ms)
    width = max(len(t) for t in targets)
    for target, values in results.items():
        values.sort()
        print(
            f"{target:<{width}}  wall median {statistics.median(values):5.0f}"
            f"  min {values[0]:4.0f}  max {values[-1]:4.0f}   CPU median {statistics.median(cpu[target]):5.0f}"
        )


if __name__ == "__main__":
    main()
