"""The admin PIN's stored form: a slow salted hash (the config schema validates it).

Format (what ``kiosk hash-pin`` prints and ``admin.pin_hash`` holds):
``pbkdf2_sha256$<iterations>$<salt, base64>$<hash, base64>``. PBKDF2 from the standard
library: no native dependency, and 600 000 iterations (OWASP 2023 for SHA-256) make an
offline guess of a 6-digit PIN cost days of CPU rather than seconds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

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
