"""County information cards on the home screen: news, calendar, offices, usage counters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.events import CalendarEvent
from kiosk.content.news import NewsItem
from kiosk.content.service import ContentService
from kiosk.core.dates import DAY_MONTH_YEAR, WEEKDAY_DAY_MONTH, format_day
from kiosk.core.i18n import N_, ntr, tr
from kiosk.stats.store import StatsStore
from kiosk.ui.home.card import Card, add_row, clear_rows
from kiosk.ui.home.offices_card import OfficesCard
from kiosk.ui.screens.overlays import Overlay, plain_label
from kiosk.ui.widgets.icons import icon
from kiosk.ui.widgets.touch import TouchCard

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.ui.screens.overlay_stack import OverlayStack

MAX_EVENTS = 4  # the next few; the whole Kalendarium would push the offices below the fold
WAITING_NEWS = N_("Aktualności pojawią się tu, gdy infomat połączy się z internetem.")
WAITING_EVENTS = N_("Kalendarium pojawi się tu, gdy infomat połączy się z internetem.")
# The offices a landscape screen shows before scrolling; the rest of the card is built
# right after the first paint (a county's 17 offices were ~70 widgets, measured ~+45 ms
# to the first paint for rows nobody sees yet).
FIRST_PAINT_OFFICES = 4


class NewsCard(Card):
    item_chosen = Signal(object)  # NewsItem

    def __init__(self, icon_colour: str) -> None:
        super().__init__("news", N_("Aktualności"), icon_colour)

    def show_items(self, items: list[NewsItem], language: str, waiting: bool = False) -> None:
        """``waiting``: the feed has not been fetched yet (or what was is too old)."""
        clear_rows(self.rows)
        if not items:
            text = WAITING_NEWS if waiting else N_("Brak wiadomości")
            add_row(self.rows, plain_label(tr(text, language), "Muted"))
        for item in items:
            card = TouchCard("NewsItem")
            box = QVBoxLayout(card)
            box.setContentsMargins(14, 10, 14, 10)
            box.setSpacing(4)
            box.addWidget(plain_label(item.title, "NewsTitle"))
            if item.published:
                box.addWidget(
                    plain_label(format_day(dt.date.fromisoformat(item.published), DAY_MONTH_YEAR, language), "Muted")
                )
            card.setAccessibleName(item.title)
            card.tapped.connect(lambda i=item: self.item_chosen.emit(i))
            add_row(self.rows, card)


class CalendarCard(Card):
    def __init__(self, icon_colour: str) -> None:
        super().__init__("calendar", N_("Kalendarium"), icon_colour)

    def show_events(self, events: list[CalendarEvent], language: str, waiting: bool = False) -> None:
        clear_rows(self.rows)
        if not events:
            text = WAITING_EVENTS if waiting else N_("Brak wydarzeń w najbliższych dniach")
            add_row(self.rows, plain_label(tr(text, language), "Muted"))
        for event in events[:MAX_EVENTS]:
            day = format_day(dt.date.fromisoformat(event.date), WEEKDAY_DAY_MONTH, language)
            when = f"{day}, {event.time}" if event.time else day
            row = QVBoxLayout()
            row.setSpacing(2)
            row.addWidget(plain_label(when, "Muted"))
            row.addWidget(plain_label(event.title))
            if event.place:
                row.addWidget(plain_label(event.place, "Muted"))
            holder = QWidget()
            holder.setLayout(row)
            add_row(self.rows, holder)


def panel_columns(width: int, height: int, text_scale: float = 1.0) -> int:
    """Columns of county information cards. Landscape keeps three while the text leaves
    each card room for its widest line (a button's text does not wrap: "Wszystkie urzędy
    (17) ▾" at 150 % overflowed three columns at 1366 px)."""
    if width > height and width >= 1200:
        return 3 if width / text_scale >= 950 else 2
    return 3 if width >= 1500 else 2 if width >= 900 else 1


class DayBars(QWidget):
    """Sessions of the last 30 days as bars: painted, no chart library (cheap to paint)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("DayBars")
        self.setMinimumHeight(72)
        self.values: list[int] = []
        self.colour = QColor("#1d4e89")

    def set_values(self, values: list[int], colour: str) -> None:
        self.values, self.colour = values, QColor(colour)
        self.update()

    def paintEvent(self, _event) -> None:
        if not self.values:
            return
        painter = QPainter(self)
        top = max(self.values) or 1
        width = self.width() / len(self.values)
        for index, value in enumerate(self.values):
            height = max(2.0, (self.height() - 4) * value / top) if value else 2.0
            bar = QRectF(index * width + 1, self.height() - height, max(1.0, width - 2), height)
            painter.fillRect(bar, self.colour if value else self.colour.lighter(170))
        painter.end()


class StatsCard(Card):
    def __init__(self, icon_colour: str) -> None:
        super().__init__("stats", N_("Statystyki"), icon_colour)
        self.today = plain_label("", "")
        self.month = plain_label("", "")
        self.total = plain_label("", "")
        for label in (self.today, self.month, self.total):
            self.rows.addWidget(label)
        self.chart_title = plain_label("", "Muted")
        self.chart = DayBars()
        self.rows.addWidget(self.chart_title)
        self.rows.addWidget(self.chart)
        self.icon_colour = icon_colour

    def set_icon_colour(self, colour: str) -> None:
        super().set_icon_colour(colour)
        self.icon_colour = colour
        self.chart.set_values(self.chart.values, colour)

    def show_counts(self, stats: StatsStore, now: dt.datetime, language: str) -> None:
        """The same store as the admin panel and `kiosk stats show`: ended sessions."""
        counters = stats.counters(now.date())
        for label, text, count in (
            (self.today, N_("Sesje dzisiaj: {n}"), counters.sessions_today),
            (self.month, N_("Sesje w tym miesiącu: {n}"), counters.sessions_month),
            (self.total, N_("Sesje łącznie: {n}"), counters.sessions_total),
        ):
            label.setText(tr(text, language).replace("{n}", str(count)))
        days = stats.sessions_by_day(now.date(), 30)
        self.chart_title.setText(
            ntr(
                "Ostatnie 30 dni: {n} sesja",
                "Ostatnie 30 dni: {n} sesje",
                sum(days),
                language,
                many="Ostatnie 30 dni: {n} sesji",
            )
        )
        self.chart.set_values(days, self.icon_colour)
        self.chart.setAccessibleName(self.chart_title.text())


class NewsOverlay(Overlay):
    """A news item read natively, with a way to its page when the policy allows it."""

    open_link = Signal(str)
    layer = "news"

    def __init__(self, parent: QWidget, link_allowed: Callable[[str], bool], stack: OverlayStack | None = None) -> None:
        super().__init__(parent, stack)
        self._link_allowed = link_allowed
        self.card.setMaximumWidth(1100)
        self.heading = plain_label("", "OverlayTitle")
        self.date = plain_label("", "Muted")
        self.text = plain_label("", "OverlayText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setObjectName("OverlayScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.text)
        scroll.setMinimumHeight(120)
        scroll.setMaximumHeight(520)
        scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.open_button = QPushButton()
        self.open_button.setObjectName("PrimaryButton")
        self.close_button = QPushButton()
        self.close_button.setIcon(icon("back", "#1d4e89"))
        self.close_button.setIconSize(QSize(28, 28))
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        for widget in (self.heading, self.date, scroll):
            self.card_layout.addWidget(widget)
        self.card_layout.addLayout(buttons)
        self.close_button.clicked.connect(self.hide)
        self.open_button.clicked.connect(self._open)
        self._link = ""

    def escape(self) -> None:
        self.hide()

    def present(self, item: NewsItem, language: str) -> None:
        self.heading.setText(item.title)
        self.date.setText(
            format_day(dt.date.fromisoformat(item.published), DAY_MONTH_YEAR, language) if item.published else ""
        )
        self.text.setText(item.summary or item.title)
        self._link = item.link
        self.open_button.setText(tr("Otwórz stronę", language))
        self.close_button.setText(tr("Zamknij", language))
        self.open_button.setVisible(bool(item.link) and self._link_allowed(item.link))
        self.show_over()

    def _open(self) -> None:
        self.hide()
        self.open_link.emit(self._link)


class ContentPanels:
    """Builds the cards into the home screen and refreshes them."""

    def __init__(
        self,
        home: QWidget,
        config: KioskConfig,
        content: ContentService,
        stats: StatsStore,
        clock: Callable[[], dt.datetime],
        icon_colour: str,
    ) -> None:
        self.home = home
        self.config = config
        self.content = content
        self.stats = stats
        self.clock = clock
        self.news = NewsCard(icon_colour)
        self.calendar = CalendarCard(icon_colour)
        self.offices = OfficesCard(icon_colour)
        self.counters = StatsCard(icon_colour)
        self.cards: list[Card] = [self.news, self.calendar, self.counters, self.offices]
        self.language = config.kiosk.language
        self._columns = 0
        self.complete = False  # False until the first paint: only the visible offices
        home.view_reset.connect(self.offices.collapse)

    def finish(self) -> None:
        """After the first paint: the offices that were left for later."""
        self.complete = True
        self.offices.show_offices(self.config, self.clock(), self.language)

    def arrange(self, width: int) -> None:
        columns = panel_columns(width, self.home.height(), self.home.text_scale)
        for card in self.cards:
            card.set_compact(self.home.shape.compact)
        if columns == self._columns:
            return
        self._columns = columns
        grid = self.home.panels_layout
        for card in self.cards:
            grid.removeWidget(card)
        if columns == 3:
            places = {
                self.news: (0, 0, 2, 1),
                self.calendar: (0, 1, 1, 1),
                self.counters: (1, 1, 1, 1),
                self.offices: (0, 2, 2, 1),
            }
        elif columns == 2:
            # The offices right under the calendar, beside the news (often the taller card):
            # the first office stays on a portrait screen's first page.
            places = {
                self.news: (0, 0, 2, 1),
                self.calendar: (0, 1, 1, 1),
                self.offices: (1, 1, 1, 1),
                self.counters: (2, 0, 1, 1),
            }
        else:
            places = {card: (index, 0, 1, 1) for index, card in enumerate(self.cards)}
        for card, (row, column, rows, columns_spanned) in places.items():
            grid.addWidget(card, row, column, rows, columns_spanned, Qt.AlignmentFlag.AlignTop)
        for column in range(3):
            grid.setColumnStretch(column, 1 if column < columns else 0)

    def set_icon_colours(self, colour: str) -> None:
        for card in self.cards:
            card.set_icon_colour(colour)

    def refresh(self, language: str | None = None) -> None:
        if language is not None:
            self.language = language
        lang = self.language
        now = self.clock()
        for card in self.cards:
            card.set_title(tr(card.title_msgid, lang))
        self.news.set_title(self.config.content.news.title.get(lang))  # the county may name it
        news, events = self.content.news_items(), self.content.upcoming_events(lang)
        from_web = bool(self.config.content.news.url), bool(self.config.content.calendar.url)
        self.news.show_items(news, lang, waiting=from_web[0] and not news)
        news_stale = bool(news) and self.content.news.stale(now) and from_web[0]
        self.news.show_stale(self.content.news.fetched_at, news_stale, lang)
        self.calendar.show_events(events, lang, waiting=from_web[1] and not self.content.calendar.items)
        self.calendar.show_stale(
            self.content.calendar.fetched_at,
            bool(self.content.calendar.items) and self.content.calendar.stale(now) and from_web[1],
            lang,
        )
        self.offices.show_offices(self.config, now, lang, None if self.complete else FIRST_PAINT_OFFICES)
        self.counters.show_counts(self.stats, now, lang)
        self.home.order_focus()  # new rows: Tab reaches them in reading order
