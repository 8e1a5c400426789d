"""The admin PIN: stored only as a slow salted hash; wrong guesses are rate-limited.

Format (what ``kiosk hash-pin`` prints and ``admin.pin_hash`` holds):
``pbkdf2_sha256$<iterations>$<salt, base64>$<hash, base64>``. PBKDF2 from the standard
library: no native dependency, and 600 000 iterations (OWASP 2023 for SHA-256) make an
offline guess of a 6-digit PIN cost days of CPU rather than seconds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.files import write_json_atomic

log = logging.getLogger("kiosk.admin")

ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 600_000
MIN_ITERATIONS = 100_000
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12

_HASH_RE = re.compile(r"^pbkdf2_sha256\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")


def check_pin_format(pin: str) -> None:
    """Raise ValueError unless ``pin`` is 4–12 digits (the PIN pad has digits only)."""
    if not pin.isdigit() or not pin.isascii():
        raise ValueError("the PIN must consist of digits 0-9 only (the kiosk's PIN pad has no letters)")
    if not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        raise ValueError(f"the PIN must have {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits")


def hash_pin(pin: str, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """A new salted hash of ``pin`` for ``admin.pin_hash``."""
    check_pin_format(pin)
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def parse_pin_hash(stored: str) -> tuple[int, bytes, bytes]:
    """(iterations, salt, digest); ValueError naming what is wrong."""
    match = _HASH_RE.match(stored)
    if not match:
        raise ValueError("not a PIN hash printed by `kiosk hash-pin` (pbkdf2_sha256$ITERATIONS$SALT$HASH)")
    iterations = int(match.group(1))
    if iterations < MIN_ITERATIONS:
        raise ValueError(
            f"{iterations} PBKDF2 iterations is too fast to guess slowly (at least {MIN_ITERATIONS}); "
            "use `kiosk hash-pin`"
        )
    try:
        salt = base64.b64decode(match.group(2), validate=True)
        digest = base64.b64decode(match.group(3), validate=True)
    except ValueError as exc:
        raise ValueError("the salt or hash part is not valid base64") from exc
    if len(salt) < 8 or len(digest) != 32:
        raise ValueError("the salt or hash part has the wrong length; use `kiosk hash-pin`")
    return iterations, salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    """True if ``pin`` matches ``stored``; a malformed hash never matches."""
    try:
        iterations, salt, digest = parse_pin_hash(stored)
    except ValueError:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return hmac.compare_digest(candidate, digest)


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
