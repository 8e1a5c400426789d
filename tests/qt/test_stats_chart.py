"""The home screen's 30-day chart is painted from the store's figures."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor

from kiosk.stats.store import StatsStore
from kiosk.ui.home.panels import StatsCard


def test_the_chart_paints_a_bar_for_a_busy_day_and_none_for_a_quiet_one(qtbot, tmp_path) -> None:
    store = StatsStore(tmp_path / "stats.sqlite3", kiosk_id="k")
    for _ in range(5):
        store.record_session("visitor", 60, now=dt.datetime(2026, 11, 30, 10, 0))  # the last day only
    card = StatsCard("#1d4e89")
    qtbot.addWidget(card)
    card.show_counts(store, dt.datetime(2026, 11, 30, 12, 0), "pl")
    card.resize(360, 420)
    card.show()
    qtbot.waitExposed(card)
    image = card.chart.grab().toImage()
    x_last, y_mid = image.width() - 4, image.height() // 2
    last, first = image.pixelColor(x_last, y_mid), image.pixelColor(4, y_mid)  # the last and the first day
    assert last == QColor("#1d4e89")  # 5 sessions: a full-height bar
    assert first != QColor("#1d4e89")  # no sessions: only a stub at the bottom
    assert card.chart_title.text() == "Ostatnie 30 dni: 5 sesji"


def opaque_colours(pixmap) -> set[str]:
    """The colours of an icon's fully drawn pixels (antialiased edges left out)."""
    image = pixmap.toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


def test_card_icons_and_the_chart_follow_high_contrast(qtbot, window) -> None:
    """Blue county icons stayed on the black high-contrast cards (and the chart's bars)."""
    from kiosk.ui.widgets.theme import contrast, high_contrast_palette

    def darkest_opaque_ratio(pixmap) -> float:
        colours = opaque_colours(pixmap)
        assert colours  # something is drawn
        return min(contrast(colour, "#000000") for colour in colours)

    window.choose(window.choices.with_high_contrast(True))
    yellow = high_contrast_palette().heading
    for card in window.panels.cards:
        assert darkest_opaque_ratio(card.icon.pixmap()) >= 3.0, card.title.text()  # WCAG 1.4.11, graphics
    assert window.panels.counters.chart.colour.name() == yellow
    window.choose(window.choices.with_high_contrast(False))
    assert window.panels.counters.chart.colour.name() != yellow


def test_the_end_session_icon_is_visible_on_its_button_in_high_contrast(qtbot, window) -> None:
    """Yellow on the yellow button: the icon took the header's text colour, not the accent's."""
    from kiosk.ui.widgets.theme import contrast, high_contrast_palette

    window.choose(window.choices.with_high_contrast(True))
    palette = high_contrast_palette()
    colours = opaque_colours(window.home.end_button.icon().pixmap(28, 28))
    assert colours and min(contrast(colour, palette.accent) for colour in colours) >= 3.0
