"""Metrics computed when Prometheus asks, in the scraping thread: the whole process tree
(QtWebEngine's renderer, GPU and utility processes included), the data disk, and the
supervisor's restarts of this kiosk."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from kiosk.metrics.restarts import RESTART_REASONS, RESTARTS_ENV, parse_restarts

#: /proc/PID/smaps_rollup for a dozen processes costs ~5 ms: a scrape every 100 ms must not.
TREE_CACHE_SECONDS = 5.0


class RestartsCollector(Collector):
    """``infomat_restarts_total{reason}``: counted by the supervisor, which outlives each
    kiosk process; the kiosk it starts exports the counts (a counter across processes)."""

    def __init__(self, env_value: str | None = None) -> None:
        self.counts = parse_restarts(env_value if env_value is not None else os.environ.get(RESTARTS_ENV))

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(
            "infomat_restarts", "Kiosk restarts by the supervisor, by reason (since it started).", labels=["reason"]
        )
        for reason in RESTART_REASONS:
            family.add_metric([reason], self.counts.get(reason, 0))
        yield family


class PrinterCollector(Collector):
    """The printer's figures at scrape time (kiosk.web.printing.STATS, fed by the window's
    print part): infomat_printer_up from the worker's last look at the queue (NaN with no
    printer or before the first look) and the pages printed since the process started."""

    def __init__(self, stats: object | None = None) -> None:
        from kiosk.web.printing import STATS

        self._stats = stats or STATS

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        stats = self._stats
        yield GaugeMetricFamily(
            "infomat_printer_up", "1 when the kiosk's print queue would print now, 0 when not, NaN with none.",
            value=stats.up,  # type: ignore[attr-defined]
        )  # fmt: skip
        yield CounterMetricFamily(
            "infomat_pages_printed", "Pages visitors printed (jobs the queue finished).",
            value=stats.pages,  # type: ignore[attr-defined]
        )  # fmt: skip


class ProcessTreeCollector(Collector):
    """Memory (PSS: shared pages split between the processes that map them), CPU time and
    process count of the kiosk and every child, and the free space of the data disk."""

    def __init__(self, pid: int, data_folder: Callable[[], str | None]) -> None:
        self.pid = pid
        self._data_folder = data_folder
        self._lock = threading.Lock()
        self._cached: tuple[float, tuple[float, float, int, float]] | None = None

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        pss, cpu, count, started = self._tree()
        yield GaugeMetricFamily(
            "infomat_memory_pss_bytes", "Proportional set size of the kiosk and all its child processes.", value=pss
        )
        yield CounterMetricFamily(
            "infomat_cpu_seconds", "CPU time of the kiosk's process tree, ended children included.", value=cpu
        )
        yield GaugeMetricFamily("infomat_processes", "Processes in the kiosk's tree (QtWebEngine's included).",
                                value=count)  # fmt: skip
        yield GaugeMetricFamily(
            "infomat_process_start_time_seconds", "When the kiosk process started (Unix time).", value=started
        )
        folder = self._data_folder()
        if folder:
            with contextlib.suppress(OSError):
                usage = psutil.disk_usage(_existing(Path(folder)))
                free = GaugeMetricFamily("infomat_disk_free_bytes", "Free space where the kiosk keeps its data.")
                free.add_metric([], usage.free)
                size = GaugeMetricFamily("infomat_disk_size_bytes", "Size of that file system.")
                size.add_metric([], usage.total)
                yield free
                yield size

    def _tree(self) -> tuple[float, float, int, float]:
        with self._lock:
            now = time.monotonic()
            if self._cached is not None and now - self._cached[0] < TREE_CACHE_SECONDS:
                return self._cached[1]
            figures = _measure_tree(self.pid)
            self._cached = (now, figures)
            return figures


def _existing(path: Path) -> str:
    while not path.exists() and path.parent != path:
        path = path.parent  # the data folder is made at the first write: its disk is the same
    return str(path)


def _measure_tree(pid: int) -> tuple[float, float, int, float]:
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
        started = root.create_time()
        own = root.cpu_times()
        cpu = own.children_user + own.children_system  # children already waited for
    except psutil.Error:
        return 0.0, 0.0, 0, 0.0
    pss = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            cpu += times.user + times.system
        try:
            info = process.memory_full_info()
            pss += getattr(info, "pss", info.rss)
        except psutil.AccessDenied:
            with contextlib.suppress(psutil.Error):
                pss += process.memory_info().rss
        except psutil.Error:
            continue
    return pss, cpu, len(processes), started
