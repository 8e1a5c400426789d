"""The hidden technician gesture: five taps in the top-left corner within three seconds.

Pure logic (no Qt): positions in window pixels, time in monotonic seconds. A corner
an ordinary visitor rarely hits five times fast; the PIN behind it is the real lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CORNER_PX = 80
TAPS = 5
WITHIN_SECONDS = 3.0
MIN_GAP_SECONDS = 0.06  # one touch can arrive as both a touch and a synthesized mouse press


@dataclass
class CornerTaps:
    corner_px: int = CORNER_PX
    taps: int = TAPS
    within: float = WITHIN_SECONDS
    _times: list[float] = field(default_factory=list)

    def press(self, x: float, y: float, now: float) -> bool:
        """Feed one press; True when it completes the gesture (then it starts over)."""
        if x > self.corner_px or y > self.corner_px or x < 0 or y < 0:
            self._times.clear()  # a press elsewhere breaks the sequence
            return False
        if self._times and now - self._times[-1] < MIN_GAP_SECONDS:
            return False
        self._times = [t for t in self._times if now - t <= self.within] + [now]
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False
