"""OS-level key blocking through the ``keyboard`` package, where the platform allows it.

The in-app table (:mod:`kiosk.lockdown.keys`) swallows what reaches the kiosk window.
Some combinations never reach it: the OS acts on them first (Start menu, task switcher).
Those are listed here, per platform, in ``keyboard``'s hotkey syntax.

Where blocking is impossible the kiosk says so once, shows it in the admin panel and
keeps running:

- **Windows**: ``keyboard`` installs a low-level hook (``WH_KEYBOARD_LL``) that can
  suppress keys for the whole session, no admin rights needed. Ctrl+Alt+Del is the
  Secure Attention Sequence and no hook sees it (deploy/windows.md: Keyboard Filter).
- **Linux**: ``keyboard`` reads ``/dev/input`` (root only) and cannot suppress
  anything (it does not grab the device), so a hook would only watch. VT switching and
  zapping are switched off in the X server / compositor instead (deploy/linux/README.md).
- **Wayland / macOS**: no global hooks for applications.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from typing import Protocol

from kiosk.core.technician import TN_, tech

log = logging.getLogger("kiosk.lockdown")

# The one table of OS-level combinations, per ``sys.platform``.
OS_BLOCKED_KEYS: dict[str, tuple[str, ...]] = {
    "win32": (
        "left windows",  # Start menu and every Win+… shortcut (Win+R, Win+E, Win+D, Win+L …)
        "right windows",
        "apps",  # context-menu key
        "alt+tab",  # task switcher
        "alt+shift+tab",
        "alt+esc",  # cycle windows
        "ctrl+esc",  # Start menu without a Win key
        "ctrl+shift+esc",  # Task Manager
        "alt+f4",  # close the shell window
        "alt+space",  # window menu
        "ctrl+alt+tab",
    ),
}

# Why there are no hooks: English technician texts (TN_), the log's words; the admin panel
# says them in the technician's language (kiosk doctor says the same, kiosk/system/doctor.py).
UNSUPPORTED_REASONS = {
    "linux": TN_(
        "the keyboard package cannot suppress keys on Linux (it reads /dev/input without grabbing it); "
        "VT switching and zapping are disabled in the X server or compositor (deploy/linux/README.md)"
    ),
    "darwin": TN_("macOS gives applications no way to suppress system shortcuts"),
}
WAYLAND_REASON = TN_("Wayland gives applications no global key hooks; the compositor must block system keys")
NO_HOOKS = TN_("no OS key hooks on {platform}")
HOOK_FAILED = TN_("the keyboard hook failed: {error}")
NOT_ENGAGED = TN_("not engaged (lockdown off)")
RELEASED = TN_("released")


class HookBackend(Protocol):
    """What the kiosk needs from ``keyboard``; tests pass a fake."""

    def block(self, combination: str) -> None: ...

    def release_all(self) -> None: ...


class KeyboardPackageBackend:
    """The real backend: the ``keyboard`` package (imported only when used)."""

    def __init__(self) -> None:
        import keyboard

        self._keyboard = keyboard

    def block(self, combination: str) -> None:
        if "+" in combination:
            self._keyboard.add_hotkey(combination, lambda: None, suppress=True)
        else:
            self._keyboard.block_key(combination)

    def release_all(self) -> None:
        self._keyboard.unhook_all()


@dataclass(frozen=True)
class HookState:
    """For the log (English, :meth:`logged`) and the admin panel (:meth:`describe`)."""

    active: bool
    blocked: tuple[str, ...] = ()
    why: str = ""  # an English technician text (TN_) with {placeholders} from fields
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        """Why the hooks are not active, in English."""
        return self.why.format(**dict(self.fields)) if self.fields else self.why

    def logged(self) -> str:
        if self.active:
            return f"active: {', '.join(self.blocked)}"
        return f"not active: {self.reason}"

    def describe(self) -> str:
        """The admin panel's line, in the technician's language (key names stay as written)."""
        if self.active:
            return tech("active: {keys}", keys=", ".join(self.blocked))
        return tech("not active: {reason}", reason=tech(self.why, **dict(self.fields)))


class OsKeyLock:
    """Engages the platform's table through a backend; never raises."""

    def __init__(self, platform: str = sys.platform, environ: dict[str, str] | None = None) -> None:
        self.platform = platform
        self.environ = os.environ if environ is None else environ
        self.state = HookState(False, why=NOT_ENGAGED)
        self._backend: HookBackend | None = None

    def engage(self, backend_factory: type[HookBackend] | None = None) -> HookState:
        table = OS_BLOCKED_KEYS.get(self.platform)
        if table is None:
            why = UNSUPPORTED_REASONS.get(self.platform, NO_HOOKS)
            if self.platform == "linux" and self.environ.get("WAYLAND_DISPLAY") and not self.environ.get("DISPLAY"):
                why = WAYLAND_REASON
            return self._set(HookState(False, why=why, fields=(("platform", self.platform),)))
        try:
            self._backend = (backend_factory or KeyboardPackageBackend)()
            for combination in table:
                self._backend.block(combination)
        except Exception as exc:  # ImportError, OSError, the package's own asserts: never fatal
            self.release()
            error = f"{type(exc).__name__}: {exc}"
            return self._set(HookState(False, why=HOOK_FAILED, fields=(("error", error),)))
        return self._set(HookState(True, blocked=table))

    def release(self) -> None:
        if self._backend is not None:
            try:
                self._backend.release_all()
            except Exception as exc:
                log.warning("releasing OS key hooks failed: %s", exc)
            self._backend = None
        self.state = HookState(False, why=RELEASED)

    def _set(self, state: HookState) -> HookState:
        self.state = state
        if state.active:
            log.info("OS key hooks %s", state.logged())
        else:
            log.warning("OS key hooks %s", state.logged())
        return state
