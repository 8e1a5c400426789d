"""How ``kiosk supervise`` tells each kiosk it starts how often it restarted one, and why:
the kiosk process is new after every restart, the supervisor is not, so the count lives
there and reaches ``infomat_restarts_total`` through the environment. No prometheus_client
here: the supervisor imports this."""

from __future__ import annotations

RESTARTS_ENV = "INFOMAT_RESTARTS"
#: Why the supervisor restarted the kiosk (kiosk/system/supervisor.py ``Decision.kind``).
RESTART_REASONS = ("crash", "hang", "crash_loop", "memory", "requested", "nightly")


def format_restarts(counts: dict[str, int]) -> str:
    """``crash=2,hang=1``: what the supervisor puts in the kiosk's environment."""
    return ",".join(f"{reason}={count}" for reason, count in sorted(counts.items()) if count)


def parse_restarts(text: str | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in (text or "").split(","):
        reason, _, count = part.partition("=")
        if reason in RESTART_REASONS and count.isdigit():
            counts[reason] = int(count)
    return counts
