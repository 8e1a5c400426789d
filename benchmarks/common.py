"""Shared helpers for the benchmark scripts (run from the repository root)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def prepare_offscreen(host_rules: str = "MAP * 127.0.0.1") -> None:
    """Offscreen Qt with a throwaway HOME; call before importing Qt."""
    sys.path.insert(0, str(ROOT))
    home = os.environ.get("INFOMAT_BENCH_HOME") or tempfile.mkdtemp(prefix="infomat-bench-")
    os.environ["HOME"] = home
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    from kiosk import env

    env.prepare_environment(host_rules)


def tree_pss_mb(pid: int | None = None) -> float:
    """Proportional set size of a process and all its children (QtWebEngineProcess too)."""
    from kiosk.system.health import tree_memory_mb

    return tree_memory_mb(pid)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def table(rows: list[tuple[str, str]], title: str) -> str:
    width = max(len(name) for name, _ in rows)
    lines = [title, "-" * (width + 24)]
    lines += [f"{name:<{width}}  {value}" for name, value in rows]
    return "\n".join(lines)


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):7.1f}   p95 {percentile(values, 95):7.1f}   max {max(values):7.1f}"
