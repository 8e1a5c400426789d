"""Explore by touch (VoiceOver, TalkBack, a talking ATM): with speech on, a tap on a
control says what it is and does nothing; a second tap on it soon after acts."""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_TAP_SECONDS = 0.6


@dataclass
class TapMemory:
    """The control tapped last and when; decides whether a tap speaks or acts (pure)."""

    target: int | None = None
    at: float = 0.0

    def acts(self, target: int, now: float) -> bool:
        """True: the second tap of a double tap on ``target`` — let it act. False: speak it."""
        if self.target == target and now - self.at <= DOUBLE_TAP_SECONDS:
            self.target = None
            return True
        self.target, self.at = target, now
        return False
