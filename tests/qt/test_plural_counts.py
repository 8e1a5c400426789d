"""Counts a visitor reads agree with their noun in every language (issue 29, point 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.stats.store import StatsStore
from kiosk.ui.home.panels import StatsCard


@pytest.mark.parametrize(
    ("sessions", "language", "expected"),
    [
        (2, "pl", "Ostatnie 30 dni: 2 sesje"),
        (1, "pl", "Ostatnie 30 dni: 1 sesja"),
        (12, "pl", "Ostatnie 30 dni: 12 sesji"),
        (22, "uk", "Останні 30 днів: 22 сеанси"),
        (1, "en", "Last 30 days: 1 session"),
    ],
)
def test_the_chart_title_agrees_with_the_number_of_sessions(qtbot, tmp_path, sessions, language, expected) -> None:
    store = StatsStore(tmp_path / "stats.sqlite3", kiosk_id="k")
    for _ in range(sessions):
        store.record_session("visitor", 60, now=dt.datetime(2026, 11, 30, 10, 0))
    card = StatsCard("#1d4e89")
    qtbot.addWidget(card)
    card.show_counts(store, dt.datetime(2026, 11, 30, 12, 0), language)
    assert card.chart_title.text() == expected
    assert card.chart.accessibleName() == expected  # what a screen reader says, too
