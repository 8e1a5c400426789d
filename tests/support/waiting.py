"""Waiting for something outside the Qt event loop (a process, a server) to happen."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(
    condition: Callable[[], object], timeout: float, what: str = "the condition", step: float = 0.05
) -> object:
    """``condition()``'s first truthy value within ``timeout`` seconds, else AssertionError."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")
