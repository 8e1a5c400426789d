"""OS-level key blocking is data, applied through a backend; tested with a fake hook."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

import pytest

from kiosk.lockdown.os_keys import OS_BLOCKED_KEYS, WAYLAND_REASON, OsKeyLock


class FakeHook:
    """Records what the kiosk asks ``keyboard`` to block."""

    instances: ClassVar[list[FakeHook]] = []

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.released = False
        FakeHook.instances.append(self)

    def block(self, combination: str) -> None:
        self.blocked.append(combination)

    def release_all(self) -> None:
        self.released = True


class BrokenHook(FakeHook):
    def block(self, combination: str) -> None:
        raise OSError("hook refused")


def test_windows_blocks_every_combination_of_the_table() -> None:
    lock = OsKeyLock(platform="win32", environ={})
    state = lock.engage(FakeHook)
    hook = FakeHook.instances[-1]
    assert state.active
    assert hook.blocked == list(OS_BLOCKED_KEYS["win32"])
    for needed in ("left windows", "right windows", "alt+tab", "alt+esc", "ctrl+esc", "ctrl+shift+esc", "alt+f4"):
        assert needed in hook.blocked
    lock.release()
    assert hook.released and not lock.state.active


def test_table_names_exist_in_the_windows_backend_of_keyboard() -> None:
    """Every key name is one the package's Windows backend knows (read from its source:
    it imports ``ctypes.windll`` and cannot be imported here)."""
    import importlib.util
    import re

    pytest.importorskip("keyboard")
    from keyboard._canonical_names import normalize_name

    spec = importlib.util.find_spec("keyboard._winkeyboard")
    source = Path(spec.origin).read_text(encoding="utf-8")
    windows_names = {normalize_name(name) for name in re.findall(r"0x[0-9a-f]+: \('([^']+)'", source)}
    assert {"tab", "esc", "left windows", "alt", "ctrl"} <= windows_names
    for combination in OS_BLOCKED_KEYS["win32"]:
        for part in combination.split("+"):
            assert normalize_name(part) in windows_names, (combination, part)


def test_a_failing_hook_is_reported_once_and_never_raises(caplog) -> None:
    lock = OsKeyLock(platform="win32", environ={})
    with caplog.at_level(logging.WARNING, "kiosk.lockdown"):
        state = lock.engage(BrokenHook)
    assert not state.active
    assert "hook refused" in state.reason and "not active" in state.describe()
    assert FakeHook.instances[-1].released  # half-installed hooks are removed
    assert len([r for r in caplog.records if "OS key hooks" in r.getMessage()]) == 1


@pytest.mark.parametrize(
    ("platform", "environ", "words"),
    [
        ("linux", {"DISPLAY": ":0"}, "cannot suppress keys on Linux"),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, WAYLAND_REASON),
        ("darwin", {}, "macOS"),
        ("sunos5", {}, "no OS key hooks"),
    ],
)
def test_unsupported_platforms_say_why_and_install_nothing(platform: str, environ: dict, words: str) -> None:
    before = len(FakeHook.instances)
    state = OsKeyLock(platform=platform, environ=environ).engage(FakeHook)
    assert not state.active and words in state.reason
    assert len(FakeHook.instances) == before


def test_real_package_on_this_machine_does_not_crash() -> None:
    """Whatever this machine allows, engaging returns a state (never an exception)."""
    import sys

    state = OsKeyLock(platform=sys.platform).engage()
    assert state.reason or state.active
