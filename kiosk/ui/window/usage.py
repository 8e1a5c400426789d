"""What of a visitor's session is counted (kiosk/stats/figures.py): that it started and
ended and why, how long, which services, which languages and accessibility modes. Nothing
else: no page, no time finer than the hour reaches the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.metrics.registry import KioskMetrics
    from kiosk.stats.store import StatsStore
    from kiosk.ui.window.choices import Choices


class UsageRecorder:
    """Collects one session's counted facts and writes them when it ends: to the usage
    store, and to the Prometheus metrics once :meth:`attach` gave them."""

    def __init__(self, stats: StatsStore, default_language: str) -> None:
        self.stats = stats
        self.metrics: KioskMetrics | None = None
        self._default_language = default_language
        self._clear()

    def _clear(self) -> None:
        self.languages: set[str] = set()
        self.text_sizes: set[int] = set()
        self.high_contrast = False

    def attach(self, metrics: KioskMetrics) -> None:
        self.metrics = metrics

    def started(self) -> None:
        self.stats.record_session_start()
        if self.metrics is not None:
            self.metrics.session_started()
        self.languages.add(self._default_language)

    def chose(self, choices: Choices) -> None:
        self.languages.add(choices.language)
        if choices.text_scale > 1:
            self.text_sizes.add(round(choices.text_scale * 100))
        self.high_contrast = self.high_contrast or choices.high_contrast

    def service_opened(self, service_id: str) -> None:
        self.stats.record_service_open(service_id)
        if self.metrics is not None:
            self.metrics.service_opened(service_id)

    def blocked(self) -> None:
        self.stats.record_blocked_navigation()
        if self.metrics is not None:
            self.metrics.navigation_blocked()

    def ended(self, reason: str, seconds: float) -> None:
        self.stats.record_session(
            reason,
            seconds,
            languages=self.languages or {self._default_language},
            text_sizes=self.text_sizes,
            high_contrast=self.high_contrast,
        )
        if self.metrics is not None:
            self.metrics.session_ended(reason, seconds)
        self._clear()
