"""The hidden admin gesture: five taps in the top-left corner within three seconds."""

from __future__ import annotations

from kiosk.ui.admin.gesture import CornerTaps


def test_five_quick_corner_taps_open() -> None:
    taps = CornerTaps()
    assert [taps.press(10, 10, t * 0.4) for t in range(5)] == [False] * 4 + [True]
    assert not taps.press(10, 10, 3.0)  # starts over afterwards


def test_slow_taps_elsewhere_and_double_events_do_not_count() -> None:
    taps = CornerTaps()
    for t in range(5):
        assert not taps.press(10, 10, t * 1.0)  # 4 s for five taps: too slow
    taps = CornerTaps()
    for t in range(4):
        taps.press(5, 5, 10 + t * 0.3)
    assert not taps.press(500, 5, 11.3)  # a tap elsewhere breaks the sequence
    assert not taps.press(5, 5, 11.5)
    taps = CornerTaps()
    for t in range(4):
        taps.press(5, 5, 20 + t * 0.3)
    assert not taps.press(5, 5, 20.92)  # same touch seen twice (touch + synthesized mouse)
    assert taps.press(5, 5, 21.3)
