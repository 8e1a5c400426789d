"""Run every benchmark script and print its table (``make bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("startup.py", "instructions.py", "wipe.py", "idle_cpu.py", "stats.py", "fleet_schedule.py"):
    path = HERE / script
    if path.exists():
        print(f"\n$ python benchmarks/{script}", flush=True)
        subprocess.run([sys.executable, str(path)], check=False, stderr=subprocess.DEVNULL)
