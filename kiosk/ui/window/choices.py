"""What one visitor chose for themselves: language, text size, contrast, speech, low reach.
One value, reset in one place (the wipe), so nothing of it reaches the next visitor."""

from __future__ import annotations

from dataclasses import dataclass, replace

TEXT_SCALES = (1.0, 1.5, 2.0)


@dataclass(frozen=True)
class Choices:
    """A visitor's display choices; :meth:`default` is what every visitor starts with."""

    language: str
    text_scale: float = TEXT_SCALES[0]
    high_contrast: bool = False
    speech: bool = False  # the kiosk speaks; a single tap speaks, a double tap acts
    low_reach: bool = False  # every control in the reachable band

    @classmethod
    def default(cls, language: str, speech: str = "button", low_reach: str = "button") -> Choices:
        """What a visitor starts with; ``speech`` / ``low_reach`` are the config's modes
        ("always" turns them on for everyone)."""
        return cls(language, speech=speech == "always", low_reach=low_reach == "always")

    @classmethod
    def for_config(cls, config) -> Choices:
        return cls.default(config.kiosk.language, config.accessibility.speech, config.accessibility.low_reach)

    def with_speech(self, enabled: bool) -> Choices:
        return replace(self, speech=enabled)

    def with_low_reach(self, enabled: bool) -> Choices:
        return replace(self, low_reach=enabled)

    def with_language(self, language: str) -> Choices:
        return replace(self, language=language)

    def with_next_text_scale(self) -> Choices:
        """The next size in :data:`TEXT_SCALES`, round to the first."""
        index = TEXT_SCALES.index(self.text_scale) if self.text_scale in TEXT_SCALES else 0
        return replace(self, text_scale=TEXT_SCALES[(index + 1) % len(TEXT_SCALES)])

    def with_text_scale(self, scale: float) -> Choices:
        return replace(self, text_scale=scale)

    def with_high_contrast(self, enabled: bool) -> Choices:
        return replace(self, high_contrast=enabled)
