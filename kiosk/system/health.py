"""Process-tree memory and a machine snapshot for the admin panel and the supervisor (psutil)."""

from __future__ import annotations

import os
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from kiosk.core.technician import tech

MB = 1024 * 1024


def tree_memory_mb(pid: int | None = None) -> float:
    """PSS of a process and all its children (QtWebEngineProcess included), in MB.

    PSS splits shared pages between the processes that map them, so the sum is what the
    tree really costs; where PSS is unavailable (Windows, macOS) RSS is used instead.
    """
    try:
        root = psutil.Process(pid or os.getpid())
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for process in processes:
        try:
            info = process.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except psutil.AccessDenied:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        except psutil.Error:
            continue
    return total / MB


@dataclass(frozen=True)
class Diagnostics:
    """What a technician needs to see at the kiosk, all as display-ready values."""

    host: str
    cpu_percent: float
    memory_used_percent: float
    kiosk_memory_mb: float
    disk_free_gb: float
    system_uptime_s: float
    kiosk_uptime_s: float
    network_up: list[str]

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs in the technician's language, for the admin panel."""
        memory, kiosk_memory, disk = round(self.memory_used_percent), round(self.kiosk_memory_mb), self.disk_free_gb
        return [
            (tech("Computer"), self.host),
            (tech("Processor"), f"{self.cpu_percent:.0f} %"),
            (tech("System memory"), tech("{percent} % used", percent=memory)),
            (tech("Kiosk memory (PSS)"), tech("{size} MB", size=kiosk_memory)),
            (tech("Free disk space"), tech("{size} GB", size=f"{disk:.1f}")),
            (tech("System uptime"), format_duration(self.system_uptime_s)),
            (tech("Kiosk uptime"), format_duration(self.kiosk_uptime_s)),
            (tech("Network interfaces"), ", ".join(self.network_up) or tech("none is up")),
        ]


def format_duration(seconds: float) -> str:
    """``3 d 4 h 5 min`` in the technician's language."""
    seconds = int(max(0, seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return tech("{days} d {hours} h {minutes} min", days=days, hours=hours, minutes=minutes)
    return tech("{hours} h {minutes} min", hours=hours, minutes=minutes)


def process_started_at() -> float:
    """Wall-clock time this process was started (by the OS, before Python itself).

    On Linux from the start time in clock ticks since boot (/proc/self/stat) against
    CLOCK_BOOTTIME, to 10 ms: psutil adds it to /proc/stat's boot time, which is whole
    seconds, so its answer was up to a second early (start-up logged ~600 ms too slow,
    measured against the screen under Xvfb)."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        since_boot = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22, starttime
        return time.time() - (time.clock_gettime(time.CLOCK_BOOTTIME) - since_boot)
    except (OSError, ValueError, IndexError, AttributeError):
        return psutil.Process().create_time()


def start_cpu_sample() -> None:
    """psutil reports CPU use since its previous call (the very first call says 0 %);
    call this when the admin screens come up so the panel shows a real figure."""
    psutil.cpu_percent(interval=None)


def collect(disk_path: Path) -> Diagnostics:
    """A snapshot; cheap enough to run on the UI thread (a few ms)."""
    me = psutil.Process()
    try:
        usage = shutil.disk_usage(disk_path)
        disk_free = usage.free / 1024**3
    except OSError:
        disk_free = 0.0
    up = [
        name for name, stats in psutil.net_if_stats().items() if stats.isup and not name.startswith(("lo", "Loopback"))
    ]
    return Diagnostics(
        host=socket.gethostname(),
        cpu_percent=psutil.cpu_percent(interval=None),
        memory_used_percent=psutil.virtual_memory().percent,
        kiosk_memory_mb=tree_memory_mb(),
        disk_free_gb=disk_free,
        system_uptime_s=time.time() - psutil.boot_time(),
        kiosk_uptime_s=time.time() - me.create_time(),
        network_up=sorted(up),
    )
