"""Wrong admin PIN guesses are rate-limited, and the limit survives restarts.

The PIN's stored form (hash, verification) is :mod:`kiosk.core.pin_hash`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.support.files import write_json_atomic

log = logging.getLogger("kiosk.admin")


@dataclass
class PinLimiter:
    """Rate limit for PIN attempts: ``free_attempts`` wrong PINs, then a lockout that
    doubles with every further wrong PIN (30 s, 60 s, … up to ``max_lockout``).
    A correct PIN resets it. Time comes from the caller (monotonic seconds)."""

    free_attempts: int = 3
    first_lockout: float = 30.0
    max_lockout: float = 900.0
    failures: int = 0
    locked_until: float = 0.0

    def seconds_locked(self, now: float) -> float:
        """Seconds until the next attempt is accepted (0: try now)."""
        return max(0.0, self.locked_until - now)

    def record_failure(self, now: float) -> float:
        """Count a wrong PIN; returns the lockout that starts now (0 while attempts remain)."""
        self.failures += 1
        if self.failures < self.free_attempts:
            return 0.0
        lockout = min(self.max_lockout, self.first_lockout * 2 ** (self.failures - self.free_attempts))
        self.locked_until = now + lockout
        return lockout

    def record_success(self) -> None:
        self.failures = 0
        self.locked_until = 0.0


class PinLimitFile:
    """The rate limit kept on disk, so that restarting the kiosk (a config swap, the
    supervisor after a crash or memory limit a visitor might provoke) does not hand out
    fresh attempts. Monotonic time does not survive a reboot, so the lockout's end is
    stored on the wall clock and capped at ``max_lockout`` when read back (a clock set
    back cannot lock the panel for longer than that)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, now: float, wall: float) -> PinLimiter:
        limiter = PinLimiter()
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            failures = int(record["failures"])
            locked_until = float(record["locked_until"])
        except FileNotFoundError:
            return limiter
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring the unreadable PIN attempt record %s: %s", self.path, exc)
            return limiter
        limiter.failures = max(0, failures)
        remaining = min(limiter.max_lockout, max(0.0, locked_until - wall))
        limiter.locked_until = now + remaining if remaining else 0.0
        return limiter

    def save(self, limiter: PinLimiter, now: float, wall: float) -> None:
        record = {"failures": limiter.failures, "locked_until": wall + limiter.seconds_locked(now)}
        try:
            write_json_atomic(self.path, record)
        except OSError as exc:
            log.error("cannot keep the PIN attempt record %s: %s", self.path, exc.strerror or exc)
