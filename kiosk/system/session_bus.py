"""A D-Bus session bus whose lifetime the kiosk owns.

Under X with no session bus in the environment, Qt and Chromium autolaunch one through
``dbus-launch`` (Debian's dbus-x11), which detaches the daemon: stopping the kiosk's
process tree, as ``kiosk supervise`` and test harnesses do, left it running for good
(measured: one orphaned dbus-daemon per three start/stop cycles; 196 of them exhausted the
machine's inotify instances, and Prometheus' file discovery and the config watcher failed).

So a kiosk (or its supervisor) started without a bus starts its own: ``dbus-daemon
--session --nofork`` as a child that the kernel ends when its parent dies
(``PR_SET_PDEATHSIG``), its address exported for everything the kiosk starts. AT-SPI and
speech-dispatcher use the same bus. The systemd units start the kiosk under
``dbus-run-session``, which sets the address, so nothing is started here then.
"""

from __future__ import annotations

import logging
import os
import select
import shutil
import signal
import subprocess
import sys

log = logging.getLogger("kiosk.env")

ADDRESS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS"
START_TIMEOUT_SECONDS = 5.0


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def own_session_bus() -> subprocess.Popen[bytes] | None:
    """Start a session bus for this process and its children unless one is set already,
    or there is no X display (only X autolaunches), or this is not Linux, or D-Bus is not
    installed. Call before any thread starts."""
    if os.environ.get(ADDRESS_VARIABLE) or not os.environ.get("DISPLAY") or not sys.platform.startswith("linux"):
        return None
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        return None
    read_end, write_end = os.pipe()
    try:
        process = subprocess.Popen(
            [daemon, "--session", "--nofork", "--nopidfile", f"--print-address={write_end}"],
            pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )  # fmt: skip
    except OSError as exc:
        os.close(read_end)
        log.warning("no session bus of the kiosk's own (%s)", exc)
        return None
    finally:
        os.close(write_end)
    address = _read_line(read_end, START_TIMEOUT_SECONDS)
    os.close(read_end)
    if not address:
        process.kill()
        process.wait()
        log.warning("no session bus of the kiosk's own: dbus-daemon printed no address")
        return None
    os.environ[ADDRESS_VARIABLE] = address
    log.debug("session bus %s (dbus-daemon pid %d), ended with the kiosk", address, process.pid)
    return process


def _read_line(fd: int, timeout: float) -> str:
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return ""
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", "replace").strip()
