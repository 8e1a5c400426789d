"""benchmarks/fleet_scale.py at 20 kiosks without its servers, so that the national-scale
benchmark keeps running as the code it measures changes (issue 34). No timing is asserted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_fleet_scale_benchmark_runs_at_a_tiny_scale(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/fleet_scale.py"), "--kiosks", "20", "--quick",
         "--folder", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    table = done.stdout
    for quantity in ("county-file polls, mean", "worst second after the cut", "series per kiosk in Prometheus",
                     "samples ingested", "kiosk stats merge, wall", "report by month, peak RSS"):  # fmt: skip
        assert quantity in table, table
    per_kiosk = int(re.search(r"series per kiosk in Prometheus +(\d+)", table).group(1))
    assert per_kiosk > 80  # the registry as the app fills it, histogram buckets and the scrape series included
    assert re.search(rf"active series, all kiosks +{20 * per_kiosk:,} ", table)
    assert "260 rows" in table  # 20 kiosks × 13 months (a year back from today, both ends)
    assert not (tmp_path / "work").exists()  # the 20 stats files and the merge are cleaned up
