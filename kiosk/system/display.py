"""Switching the display off and on, one small backend per platform.

* ``x11``: DPMS through ``xset`` (``+dpms`` then ``dpms force off``; on: ``dpms force
  on`` then ``-dpms`` so the X server's own timers never blank the opening hours);
* ``wayland``: ``wlr-randr --output NAME --off/--on`` (cage, sway and other wlroots
  compositors); every output when none is named;
* ``windows``: the monitor power message (``WM_SYSCOMMAND`` / ``SC_MONITORPOWER``);
* ``none``: nothing to call; the window blanks itself black (kiosk/ui/screens/schedule_part.py).

A backend that fails says so (log, ``kiosk doctor``, admin panel) and the window blanks
instead, so the screen is dark either way.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

from kiosk.core.technician import tech

log = logging.getLogger("kiosk.display")

TIMEOUT_SECONDS = 5


@dataclass
class DisplayPower:
    """One backend; ``last_error`` is empty while it works."""

    name: str
    output: str = ""
    last_error: str = ""
    calls: list[str] = field(default_factory=list)  # what ran, for the log and the admin panel

    @property
    def blanks_window(self) -> bool:
        """True when the window itself must go black (no backend, or the backend failed)."""
        return self.name == "none" or bool(self.last_error)

    def set_on(self, on: bool) -> bool:
        """Switch the display; False (with ``last_error``) when the backend failed."""
        if self.name == "none":
            return True
        try:
            if self.name == "windows":
                _windows_monitor_power(on)
                self.calls.append(f"SC_MONITORPOWER {'on' if on else 'off'}")
            else:
                for command in self.commands(on):
                    self.calls.append(" ".join(command))
                    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
                    if done.returncode != 0:
                        raise OSError(f"{command[0]} exited {done.returncode}: {done.stderr.strip()[:200]}")
        except (OSError, subprocess.SubprocessError) as exc:
            self.last_error = str(exc) or type(exc).__name__
            log.error("display %s via %s failed: %s; the window blanks instead", "on" if on else "off",
                      self.name, self.last_error)  # fmt: skip
            return False
        self.last_error = ""
        log.info("display %s via %s", "on" if on else "off", self.name)
        return True

    def commands(self, on: bool) -> list[list[str]]:
        if self.name == "x11":
            return [["xset", "dpms", "force", "on"], ["xset", "-dpms"]] if on else [
                ["xset", "+dpms"], ["xset", "dpms", "force", "off"]]  # fmt: skip
        if self.name == "wayland":
            outputs = [self.output] if self.output else _wlr_outputs()
            return [["wlr-randr", "--output", name, "--on" if on else "--off"] for name in outputs]
        return []

    def describe(self) -> str:
        """For the admin panel, in the technician's language (the backend's name and the
        tool's own error stay as they are)."""
        if self.name == "none":
            return tech("none (the window blanks itself black)")
        if self.last_error:
            return tech("{backend} (error: {error})", backend=self.name, error=self.last_error)
        return tech("{backend} (works)", backend=self.name)


def display_problem() -> str | None:
    """A message in the technician's language when Qt would have nowhere to draw (Linux
    without X/Wayland): ``kiosk run`` refuses to start, ``kiosk doctor`` warns."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return tech(
        "no display found: start the kiosk inside an X or Wayland session (e.g. from the kiosk user's "
        "session, `xvfb-run kiosk run` for a test, or QT_QPA_PLATFORM=offscreen)"
    )


def choose_backend(setting: str, output: str = "") -> DisplayPower:
    """The backend for ``[schedule] display``; ``auto`` picks by platform and tools present."""
    if setting != "auto":
        return DisplayPower(setting, output)
    if sys.platform == "win32":
        return DisplayPower("windows", output)
    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wlr-randr"):
        return DisplayPower("wayland", output)
    if os.environ.get("DISPLAY") and shutil.which("xset"):
        return DisplayPower("x11", output)
    return DisplayPower("none", output)


def _wlr_outputs() -> list[str]:
    """Output names from ``wlr-randr`` (lines that do not start with a space)."""
    done = subprocess.run(["wlr-randr"], capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    if done.returncode != 0:
        raise OSError(f"wlr-randr exited {done.returncode}: {done.stderr.strip()[:200]}")
    names = [line.split()[0] for line in done.stdout.splitlines() if line and not line[0].isspace()]
    if not names:
        raise OSError("wlr-randr lists no outputs")
    return names


def _windows_monitor_power(on: bool) -> None:  # pragma: no cover - Windows only
    import ctypes

    hwnd_broadcast, wm_syscommand, sc_monitorpower = 0xFFFF, 0x0112, 0xF170
    result = ctypes.windll.user32.PostMessageW(hwnd_broadcast, wm_syscommand, sc_monitorpower, -1 if on else 2)
    if not result:
        raise OSError(f"PostMessageW failed ({ctypes.GetLastError()})")
