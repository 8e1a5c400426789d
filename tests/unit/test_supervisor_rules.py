"""The supervisor's one decision function and its crash-loop back-off."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.system.supervisor import EXIT_RESTART, Action, Backoff, Limits, Observation, decide

NOON = dt.datetime(2026, 11, 23, 12, 0)
LIMITS = Limits(heartbeat_seconds=15, memory_soft_mb=1500, memory_hard_mb=3000, nightly_restart=dt.time(3, 30))


def seen(**changes: object) -> Observation:
    base = dict(exit_code=None, uptime=600.0, heartbeat_age=1.0, in_session=False, memory_mb=400.0, now=NOON)
    base.update(changes)
    return Observation(**base)


@pytest.mark.parametrize(
    ("observation", "action", "crash", "words", "kind"),
    [
        (seen(), Action.KEEP, False, "", ""),
        (seen(exit_code=0), Action.STOP, False, "on purpose", ""),
        (seen(exit_code=EXIT_RESTART), Action.RESTART, False, "asked", "requested"),
        (seen(exit_code=3), Action.RESTART, True, "exit code 3", "crash_loop"),
        (seen(exit_code=1), Action.RESTART, True, "exit code 1", "crash"),
        (seen(exit_code=-9), Action.RESTART, True, "signal 9", "crash"),
        (seen(heartbeat_age=16.0), Action.RESTART, True, "no heartbeat for 16 s", "hang"),
        (seen(heartbeat_age=16.0, in_session=True), Action.RESTART, True, "hung", "hang"),
        (seen(heartbeat_age=None, uptime=10.0), Action.KEEP, False, "", ""),  # still starting
        (seen(heartbeat_age=None, uptime=31.0), Action.RESTART, True, "after start", "hang"),
        (seen(memory_mb=1600.0), Action.RESTART, False, "soft limit", "memory"),
        (seen(memory_mb=1600.0, in_session=True), Action.KEEP, False, "", ""),  # never mid-visitor
        (seen(memory_mb=3100.0, in_session=True), Action.RESTART, False, "hard limit", "memory"),
    ],
)
def test_decide(observation: Observation, action: Action, crash: bool, words: str, kind: str) -> None:
    decision = decide(observation, LIMITS)
    assert decision.action is action
    assert decision.crash is crash
    assert words in decision.reason
    assert decision.kind == kind  # infomat_restarts_total{reason}


def test_hang_is_killed_without_asking() -> None:
    assert decide(seen(heartbeat_age=99.0), LIMITS).hung
    assert not decide(seen(exit_code=1), LIMITS).hung


def test_nightly_restart_once_between_visitors() -> None:
    night = dt.datetime(2026, 11, 24, 3, 31)
    running_since_yesterday = seen(now=night, uptime=20 * 3600)
    assert "nightly" in decide(running_since_yesterday, LIMITS).reason
    assert decide(seen(now=night, uptime=20 * 3600, in_session=True), LIMITS).action is Action.KEEP
    # Done today already, or started after today's time: not again until tomorrow.
    assert decide(seen(now=night, uptime=20 * 3600, nightly_done_on=night.date()), LIMITS).action is Action.KEEP
    assert decide(seen(now=night, uptime=30), LIMITS).action is Action.KEEP
    assert decide(seen(now=dt.datetime(2026, 11, 24, 3, 29), uptime=20 * 3600), LIMITS).action is Action.KEEP
    # A visitor at 3:30 delays it; it happens as soon as they leave.
    later = dt.datetime(2026, 11, 24, 3, 50)
    assert "nightly" in decide(seen(now=later, uptime=20 * 3600), LIMITS).reason
    assert decide(seen(now=night, uptime=20 * 3600), Limits()).action is Action.KEEP  # not configured


def test_nightly_restart_like_a_scheduled_reboot() -> None:
    due = dt.datetime(2026, 11, 24, 3, 30)
    # This night's random delay (up to 2 min) moves it: not before, then yes.
    delayed = {"uptime": 20 * 3600, "nightly_delay": 90.0}
    assert decide(seen(now=due + dt.timedelta(seconds=60), **delayed), LIMITS).action is Action.KEEP
    assert decide(seen(now=due + dt.timedelta(seconds=95), **delayed), LIMITS).nightly
    # Started within the hour before: skipped tonight (and not at once after the hour either).
    assert decide(seen(now=due + dt.timedelta(minutes=1), uptime=50 * 60), LIMITS).action is Action.KEEP
    assert decide(seen(now=due + dt.timedelta(minutes=20), uptime=70 * 60), LIMITS).action is Action.KEEP
    assert decide(seen(now=due + dt.timedelta(minutes=1), uptime=62 * 60), LIMITS).nightly
    # No catch-up: a machine booted (or a visitor still there) after the window keeps running.
    assert decide(seen(now=dt.datetime(2026, 11, 24, 7, 45), uptime=20 * 3600), LIMITS).action is Action.KEEP
    assert decide(seen(now=dt.datetime(2026, 11, 24, 4, 31), uptime=20 * 3600), LIMITS).action is Action.KEEP


def test_each_night_gets_one_random_delay_within_two_minutes(tmp_path) -> None:
    from kiosk.system.supervisor import NIGHTLY_JITTER_SECONDS, Supervisor

    supervisor = Supervisor(["true"], LIMITS, heartbeat_file=tmp_path / "beat.json")
    nights = [dt.date(2026, 11, 24) + dt.timedelta(days=n) for n in range(30)]
    delays = [supervisor._nightly_delay_for(day) for day in nights]
    assert all(0 <= d <= NIGHTLY_JITTER_SECONDS for d in delays) and len(set(delays)) > 20
    assert supervisor._nightly_delay_for(nights[-1]) == delays[-1]  # the same all night


def test_backoff_free_restarts_then_doubling_then_cap_and_forgetting() -> None:
    backoff = Backoff()
    assert [backoff.delay_after_crash(t) for t in (0, 1, 2)] == [0, 0, 0]
    assert [backoff.delay_after_crash(t) for t in (3, 4, 5)] == [2, 4, 8]
    for t in range(6, 20):
        delay = backoff.delay_after_crash(t)
    assert delay == 60
    assert backoff.delay_after_crash(10_000) == 0  # an old crash loop is forgotten


def test_nightly_restart_is_marked_as_such() -> None:
    night = seen(now=dt.datetime(2026, 11, 24, 3, 31), uptime=20 * 3600)
    assert decide(night, LIMITS).nightly and decide(night, LIMITS).kind == "nightly"
    assert not decide(seen(exit_code=1), LIMITS).nightly


def test_heartbeat_age_ignores_wall_clock_jumps(tmp_path) -> None:
    """The kiosk's timestamps come from the wall clock; their age is not computed from it."""
    import sys
    import time

    from kiosk.system.heartbeat import Heartbeat, write_heartbeat
    from kiosk.system.supervisor import Supervisor

    beat_file = tmp_path / "beat.json"
    supervisor = Supervisor([sys.executable, "-c", "import time; time.sleep(60)"], LIMITS, heartbeat_file=beat_file)
    supervisor.start_child()
    try:
        pid = supervisor.child.pid
        assert supervisor.observe().heartbeat_age is None  # nothing written yet
        write_heartbeat(beat_file, Heartbeat(pid, time=0.0, in_session=False))  # clock still in 1970
        assert 0 <= supervisor.observe().heartbeat_age < 30  # fresh, not 56 years old
        time.sleep(0.3)
        assert 0.3 <= supervisor.observe().heartbeat_age < 30  # unchanged file: it ages
        write_heartbeat(beat_file, Heartbeat(pid, time=4e9, in_session=False))  # clock jumped far ahead
        assert 0 <= supervisor.observe().heartbeat_age < 30  # a new beat is a new beat, not a far future one
        write_heartbeat(beat_file, Heartbeat(pid + 1, time=5e9, in_session=False))  # someone else's
        time.sleep(0.3)
        assert supervisor.observe().heartbeat_age >= 0.3
    finally:
        supervisor.stop_child(graceful=False)
