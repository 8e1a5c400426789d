"""The attract screen itself: a calm poster of county information when nobody uses the kiosk.

Date and name days, the crest, the next events, the latest news headline and the county's
images full-bleed behind a dark veil, with "touch to start" in every kiosk language. No
animation: the picture changes once per ``slide_seconds`` and the clock once a minute, so
the CPU stays idle (benchmarks/idle_cpu.py). Any touch hides it and shows the home screen
as it was; the touch itself does not reach the tile under it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QLinearGradient, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.events import CalendarEvent
from kiosk.content.news import NewsItem
from kiosk.core.dates import WEEKDAY_DAY_MONTH, format_day
from kiosk.core.i18n import LANGUAGES, N_, tr
from kiosk.ui.home.card import add_row, clear_rows
from kiosk.ui.screens.overlays import plain_label, repolish

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

TOUCH_TO_START = N_("Dotknij ekranu, aby rozpocząć")
NEXT_EVENTS = N_("Najbliższe wydarzenia")
ATTRACT_CREST_PX = 150
MAX_EVENTS = 3
COMPACT_EVENTS = 2
LOW_SCREEN = 900  # px: below this the poster tightens (see AttractScreen._fit)
# The veil over a picture: white text over the brightest pixel beneath it still has
# 4.5:1 (WCAG AA; tests/qt/test_attract.py checks both palettes' text colours).
VEIL_ALPHA = 0.62


@dataclass(frozen=True)
class AttractContent:
    """What the poster shows, decided from what the home screen already has (pure)."""

    county: str
    name: str
    date: str
    clock: str
    namedays: str
    holiday: str
    events: tuple[tuple[str, str], ...]  # (when, title)
    headline: str
    calls: tuple[str, ...]  # "touch to start", the kiosk's language first
    images: tuple[Path, ...]


def attract_content(
    config: KioskConfig,
    now: dt.datetime,
    events: list[CalendarEvent],
    news: list[NewsItem],
    language: str,
) -> AttractContent:
    from kiosk.content.today import today

    info = today(now, language)
    upcoming = []
    for event in events[:MAX_EVENTS]:
        day = format_day(dt.date.fromisoformat(event.date), WEEKDAY_DAY_MONTH, language)
        upcoming.append((f"{day}, {event.time}" if event.time else day, event.title))
    order = [language, *(code for code in LANGUAGES if code != language)]
    return AttractContent(
        county=config.kiosk.county,
        name=config.kiosk.name,
        date=info.date,
        clock=info.clock,
        namedays=info.namedays,
        holiday=info.holiday or "",
        events=tuple(upcoming),
        headline=news[0].title if news else "",
        calls=tuple(tr(TOUCH_TO_START, code) for code in order),
        images=tuple(path for path in (config.resolve(p) for p in config.attract.images) if path.is_file()),
    )


def cover(pixmap: QPixmap, width: int, height: int) -> QPixmap:
    """``pixmap`` scaled to fill width×height, the overflow cut evenly (full-bleed)."""
    scaled = pixmap.scaled(
        width, height, Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
    )
    return scaled.copy((scaled.width() - width) // 2, (scaled.height() - height) // 2, width, height)


class AttractScreen(QWidget):
    """Full-window poster; emits ``dismissed`` on the first touch."""

    dismissed = Signal()

    def __init__(self, parent: QWidget, slide_seconds: int, crest: QPixmap | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Attract")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.content: AttractContent | None = None
        self.index = 0
        self._picture: QPixmap | None = None  # the current image, already the screen's size
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.setInterval(slide_seconds * 1000)
        self._timer.timeout.connect(self.next_image)

        self.crest = QLabel()
        self.crest.setObjectName("Crest")
        self.crest.setVisible(crest is not None)
        if crest is not None:
            self.crest.setPixmap(crest)
        self.county = plain_label("", "AttractKicker")
        self.title = plain_label("", "AttractTitle")
        self.clock = plain_label("", "AttractClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.date = plain_label("", "AttractDate")
        self.namedays = plain_label("", "AttractNamedays")
        self.holiday = plain_label("", "AttractNamedays")
        self.events_title = plain_label("", "AttractKicker")
        self.event_rows = QVBoxLayout()
        self.event_rows.setSpacing(14)
        self.news_title = plain_label("", "AttractKicker")
        self.headline = plain_label("", "AttractHeadline")
        self.call = plain_label("", "AttractCall")
        self.other_calls = plain_label("", "AttractOtherCalls")
        for label in (self.call, self.other_calls):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        names = QVBoxLayout()
        names.setSpacing(6)
        names.addWidget(self.county)
        names.addWidget(self.title)
        top = QHBoxLayout()
        top.setSpacing(32)
        top.addWidget(self.crest, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(names, 3)
        top.addWidget(self.clock, 1)
        today = QVBoxLayout()
        today.setSpacing(10)
        for label in (self.date, self.namedays, self.holiday):
            today.addWidget(label)
        events = QVBoxLayout()
        events.addWidget(self.events_title)
        events.addLayout(self.event_rows)
        events.addStretch(1)
        latest = QVBoxLayout()
        latest.addWidget(self.news_title)
        latest.addWidget(self.headline)
        latest.addStretch(1)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # one above the other in portrait
        self.columns.setSpacing(48)
        self.columns.addLayout(events, 1)
        self.columns.addLayout(latest, 1)
        cta = QVBoxLayout()
        cta.setSpacing(8)
        cta.addWidget(self.call)
        cta.addWidget(self.other_calls)
        self._layout = layout = QVBoxLayout(self)
        self.compact = False
        self._language = "pl"
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addLayout(today)
        layout.addStretch(1)
        layout.addLayout(self.columns)
        layout.addStretch(1)
        layout.addLayout(cta)
        self._fit(False)
        self.hide()

    def _fit(self, compact: bool) -> None:
        """A lower screen (1366×768): tighter, smaller date and clock, two events — the
        poster's text overlapped itself there."""
        self.compact = compact
        self.setProperty("compact", compact)
        self._layout.setContentsMargins(*((64, 32, 64, 32) if compact else (96, 72, 96, 72)))
        self._layout.setSpacing(16 if compact else 36)
        repolish(*self.findChildren(QLabel))

    def start(self, content: AttractContent, language: str) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        if (self.height() < LOW_SCREEN) != self.compact:
            self._fit(self.height() < LOW_SCREEN)
        self.show_content(content, language)
        self.index = -1
        self.next_image()
        self.show()
        self.raise_()
        if len(content.images) > 1:
            self._timer.start()

    def show_content(self, content: AttractContent, language: str) -> None:
        self.content, self._language = content, language
        self.county.setText(content.county)
        self.title.setText(content.name)
        self.clock.setText(content.clock)
        self.date.setText(content.date)
        self.namedays.setText(content.namedays)
        self.holiday.setText(content.holiday)
        self.events_title.setText(tr(NEXT_EVENTS, language))
        clear_rows(self.event_rows)
        for when, title in content.events[: COMPACT_EVENTS if self.compact else MAX_EVENTS]:
            row = QWidget()
            lines = QVBoxLayout(row)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(2)
            lines.addWidget(plain_label(when, "AttractWhen"))
            lines.addWidget(plain_label(title, "AttractEvent"))
            add_row(self.event_rows, row)
        self.news_title.setText(tr("Aktualności", language))
        self.headline.setText(content.headline)
        self.call.setText(content.calls[0])
        self.other_calls.setText("   ·   ".join(content.calls[1:]))
        for label in (self.county, self.namedays, self.holiday, self.headline, self.news_title):
            label.setVisible(bool(label.text()))
        self.events_title.setVisible(bool(content.events))

    def stop(self) -> None:
        self._timer.stop()
        self._picture = None  # a screen-sized pixmap is ~8 MB: not kept while hidden
        self.hide()

    def next_image(self) -> None:
        images = self.content.images if self.content is not None else ()
        if not images:
            self._picture = None
            return
        self.index = (self.index + 1) % len(images)
        picture = QPixmap(str(images[self.index]))
        self._picture = None if picture.isNull() else cover(picture, max(1, self.width()), max(1, self.height()))
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        self.columns.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        if (self.height() < LOW_SCREEN) != self.compact:  # rotated, or a new screen
            self._fit(self.height() < LOW_SCREEN)
            if self.content is not None:
                self.show_content(self.content, self._language)
        if self._picture is not None and self._picture.size() != self.size():
            self.index -= 1
            self.next_image()  # the same picture, at the new size

    def paintEvent(self, event) -> None:
        super().paintEvent(event)  # the style sheet's background (county colour)
        if self._picture is None:
            return
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.fillRect(self.rect(), QColor(0, 0, 0, round(255 * VEIL_ALPHA)))
        # A little darker at the bottom, where the call to action is.
        fade = QLinearGradient(0, self.height() * 0.6, 0, self.height())
        fade.setColorAt(0, QColor(0, 0, 0, 0))
        fade.setColorAt(1, QColor(0, 0, 0, 90))
        painter.fillRect(QRect(0, int(self.height() * 0.6), self.width(), self.height()), fade)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the touch wakes the kiosk; it must not also press a tile

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # Hide on release, so the whole press/release pair ends here (measured Qt 6.11: hiding on
        # press let the release activate the tile underneath).
        event.accept()
        self.stop()
        self.dismissed.emit()
