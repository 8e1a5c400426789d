"""The logs bundle a county collects from a kiosk (issue 31): ``kiosk logs`` writes it,
``GET /logs`` on the metrics endpoint serves the same bytes.

A ``.tar.gz`` with one folder ``infomat-logs/``: ``kiosk.log`` (the lines since the
cut-off), ``supervisor.log`` (restarts and why), ``config.txt`` (the SHA-256 of the config
in force and where it came from — never its content: no PIN hash, no keys), ``doctor.txt``
(``kiosk doctor --skip-web-engine``) and ``versions.txt``. Every line passes
:func:`kiosk.support.scrub.scrub_line`; nothing is read from the visitor's profile or cache.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import re
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterable
from pathlib import Path

from kiosk.support.scrub import scrub_line, scrub_text
from kiosk.version import __version__

FOLDER = "infomat-logs"
DEFAULT_SINCE = "24h"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")
MAX_LOG_BYTES = 64 * 1024 * 1024  # the rotating logs hold 6 × 2 MB; never more than this


def parse_since(text: str) -> dt.timedelta:
    """``90s``, ``30m``, ``1h``, ``7d`` → a duration; ``ValueError`` with a clear message."""
    match = re.fullmatch(r"\s*(\d{1,6})\s*([smhd])\s*", text or "")
    if not match:
        raise ValueError(f"--since {text!r}: write a number and a unit, e.g. 30m, 1h or 7d")
    return dt.timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def log_files(directory: Path, name: str) -> list[Path]:
    """``name`` and its rotated copies (``name.5`` … ``name.1``, ``name``), oldest first."""
    rotated = sorted(directory.glob(f"{name}.*"), key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    files = [p for p in rotated if p.suffix[1:].isdigit()] + [directory / name]
    return [p for p in files if p.is_file()]


def lines_since(lines: Iterable[str], cutoff: dt.datetime) -> list[str]:
    """The lines stamped at or after ``cutoff`` (local time, as the log writes it); a line
    without a stamp (a traceback) goes with the stamped line before it."""
    kept, keeping = [], False
    for line in lines:
        stamp = _STAMP.match(line)
        if stamp:
            try:
                keeping = dt.datetime.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S") >= cutoff
            except ValueError:
                keeping = False
        if keeping:
            kept.append(line)
    return kept


def read_log(directory: Path, name: str, cutoff: dt.datetime) -> str:
    """The scrubbed lines of ``name`` (rotations included) since ``cutoff``."""
    lines: list[str] = []
    budget = MAX_LOG_BYTES
    for path in log_files(directory, name):
        try:
            with path.open(encoding="utf-8", errors="replace") as file:
                text = file.read(budget)
        except OSError as exc:
            lines.append(f"(cannot read {path.name}: {exc.strerror})")
            continue
        budget -= len(text)
        lines += lines_since(text.splitlines(), cutoff)
    return "".join(scrub_line(line) + "\n" for line in lines)


def versions() -> str:
    """Infomat, Python, Qt, PySide6 and the operating system, one per line."""
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt, pyside = qVersion(), PySide6.__version__
    except ImportError:
        qt = pyside = "not installed"
    return (
        f"infomat {__version__}\npython {platform.python_version()} ({sys.executable})\n"
        f"qt {qt}\npyside6 {pyside}\nos {platform.platform()}\n"
    )


def doctor_command(config: Path | None) -> list[str]:
    base = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "kiosk"]
    return [*base, "doctor", "--skip-web-engine", *(["--config", str(config)] if config else [])]


def doctor_output(config: Path | None, timeout: float = 60.0) -> str:
    """``kiosk doctor --skip-web-engine`` in a child process (a running kiosk must not
    start a second Chromium, nor run the checks on its HTTP thread)."""
    try:
        done = subprocess.run(doctor_command(config), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"(kiosk doctor gave no result within {timeout:.0f} s)\n"
    except OSError as exc:
        return f"(kiosk doctor did not start: {exc.strerror})\n"
    return done.stdout + (f"\n(exit {done.returncode})\n" if done.returncode else "")


def config_lines(digest: str | None, source: str, kiosk_id: str, in_force: str = "") -> str:
    """What the bundle says of the config: its digest and origin, never its content."""
    lines = [f"kiosk_id {kiosk_id}", f"sha256 {digest or 'unknown'}", f"source {source}"]
    if in_force:
        lines.append(f"in force: {in_force}")
    return "\n".join(lines) + "\n"


def build_bundle(
    log_directory: Path,
    since: dt.timedelta,
    config_text: str,
    doctor_text: str,
    now: dt.datetime | None = None,
    restarts: str = "",
) -> bytes:
    """The ``.tar.gz`` bytes (see the module's doc)."""
    now = now or dt.datetime.now()
    cutoff = now - since
    supervisor = read_log(log_directory, "supervisor.log", cutoff)
    if restarts:
        supervisor += f"restarts counted by the supervisor since it started: {restarts}\n"
    members = {
        "kiosk.log": read_log(log_directory, "kiosk.log", cutoff),
        "supervisor.log": supervisor,
        "config.txt": config_text,
        "doctor.txt": scrub_text(doctor_text),
        "versions.txt": versions() + f"bundle made {now:%Y-%m-%d %H:%M:%S} (lines since {cutoff:%Y-%m-%d %H:%M:%S})\n",
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in members.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"{FOLDER}/{name}")
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def bundle_name(kiosk_id: str, now: dt.datetime | None = None) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", kiosk_id) or "kiosk"
    return f"infomat-logs-{safe}-{(now or dt.datetime.now()):%Y%m%d-%H%M%S}.tar.gz"


def restarts_env() -> str:
    """What the supervisor handed this kiosk (``INFOMAT_RESTARTS``), for the bundle."""
    return os.environ.get("INFOMAT_RESTARTS", "")
