"""The session state machine, with a clock the test owns."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.session import Action, SessionMachine, State


def machine() -> SessionMachine:
    return SessionMachine(idle_seconds=120, warning_seconds=20)


def test_nothing_happens_while_nobody_uses_the_kiosk() -> None:
    m = machine()
    assert m.next_deadline() is None
    assert m.on_tick(10_000) == []
    assert m.on_input(5) == []  # touching the home screen is not a session
    assert m.state is State.IDLE


def test_idle_private_session_warns_then_wipes() -> None:
    m = machine()
    m.on_activity(100, private=True)
    assert m.next_deadline() == 220
    assert m.on_tick(219) == []
    assert m.on_tick(220) == [Action.SHOW_WARNING]
    assert m.state is State.WARNING
    assert m.seconds_left(225) == 15
    assert m.on_tick(239) == []
    assert m.on_tick(240) == [Action.HIDE_WARNING, Action.WIPE]
    assert m.state is State.WIPING
    assert m.duration(240) == 140  # still known while the wipe records it
    assert m.next_deadline() is None
    m.on_wiped()
    assert m.state is State.IDLE


def test_any_input_during_warning_continues() -> None:
    m = machine()
    m.on_activity(0, private=True)
    m.on_tick(120)
    assert m.on_input(130) == [Action.HIDE_WARNING]
    assert m.state is State.ACTIVE
    assert m.next_deadline() == 250


def test_input_postpones_the_warning() -> None:
    m = machine()
    m.on_activity(0, private=True)
    m.on_input(100)
    assert m.on_tick(120) == []
    assert m.next_deadline() == 220


def test_display_choices_only_reset_home_without_warning() -> None:
    m = machine()
    m.on_activity(0, private=False)  # e.g. switched to Ukrainian, opened nothing
    assert m.on_tick(120) == [Action.RESET_HOME]
    assert m.state is State.IDLE


def test_activity_during_the_warning_ends_it() -> None:
    # Found by the property test below: a page opened (or a display choice made) while the
    # warning ran did not end it, so the session was wiped 20 s after the visitor acted.
    m = machine()
    m.on_activity(0, private=True)
    assert m.on_tick(120) == [Action.SHOW_WARNING]
    assert m.on_activity(125, private=True) == [Action.HIDE_WARNING]
    assert m.state is State.ACTIVE
    assert m.on_tick(140) == []
    assert m.on_tick(245) == [Action.SHOW_WARNING]


def test_wipe_for_any_reason_resets() -> None:
    m = machine()
    m.on_activity(0, private=True)
    m.on_tick(120)
    m.on_wiped()
    assert m.state is State.IDLE and not m.private and m.started_at is None
    assert m.duration(500) == 0


def test_duration_counts_from_first_activity() -> None:
    m = machine()
    m.on_activity(10, private=False)
    m.on_activity(50, private=True)
    assert m.duration(70) == 60


@given(st.lists(st.tuples(st.sampled_from(["input", "tick", "activity"]), st.floats(0, 50)), max_size=60))
def test_wipe_always_comes_after_idle_plus_warning(events: list[tuple[str, float]]) -> None:
    m = machine()
    now = 0.0
    last_input = None
    for kind, step in events:
        now += step
        if kind == "input":
            m.on_input(now)
            last_input = now
        elif kind == "activity":
            m.on_activity(now, private=True)
            last_input = now
        else:
            actions = m.on_tick(now)
            if Action.WIPE in actions:
                assert last_input is not None and now - last_input >= 140
                m.on_wiped()
                last_input = None
