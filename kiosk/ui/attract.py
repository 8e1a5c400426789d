"""Attract screen: a calm slideshow of county content when nobody uses the kiosk.

No animation and one timer tick per slide, so the CPU stays idle. Any touch hides it
and shows the home screen as it was; the touch itself does not reach the tile under it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.content.events import CalendarEvent
from kiosk.content.news import NewsItem
from kiosk.dates import WEEKDAY_DAY_MONTH, format_day
from kiosk.i18n import N_, tr
from kiosk.ui.overlays import plain_label

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.content.service import ContentService

TOUCH_TO_START = N_("Dotknij ekranu, aby rozpocząć")
ATTRACT_CREST_PX = 180
MAX_ITEMS = 4


@dataclass(frozen=True)
class Slide:
    kicker: str  # small line above the title ("Kalendarium", "Aktualności")
    title: str
    body: str = ""
    image: Path | None = None


def build_slides(
    name: str,
    county: str,
    today_line: str,
    events: list[CalendarEvent],
    news: list[NewsItem],
    images: list[Path],
    language: str,
) -> list[Slide]:
    """The slideshow, from what the home screen already has (pure)."""
    slides = [Slide(county or name, name, today_line)]
    for event in events[:MAX_ITEMS]:
        day = format_day(dt.date.fromisoformat(event.date), WEEKDAY_DAY_MONTH, language)
        when = f"{day}, {event.time}" if event.time else day
        slides.append(Slide(tr("Kalendarium", language), event.title, f"{when}\n{event.place}".strip()))
    for item in news[:MAX_ITEMS]:
        slides.append(Slide(tr("Aktualności", language), item.title, item.summary[:280]))
    slides += [Slide("", "", "", image) for image in images if image.is_file()]
    return slides


class AttractScreen(QWidget):
    """Full-window slideshow; emits ``dismissed`` on the first touch."""

    dismissed = Signal()

    def __init__(self, parent: QWidget, slide_seconds: int, crest: QPixmap | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Attract")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 100, 120, 100)
        layout.setSpacing(32)
        self.crest = QLabel()
        self.crest.setObjectName("Crest")
        self.crest.setVisible(crest is not None)
        if crest is not None:
            self.crest.setPixmap(crest)
        layout.addWidget(self.crest)
        self.kicker = plain_label("", "AttractKicker")
        self.title = plain_label("", "AttractTitle")
        self.body = plain_label("", "AttractBody")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = plain_label("", "AttractHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        for widget in (self.kicker, self.title, self.body, self.image):
            layout.addWidget(widget)
        layout.addStretch(2)
        layout.addWidget(self.hint)
        self.slides: list[Slide] = []
        self.index = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.setInterval(slide_seconds * 1000)
        self._timer.timeout.connect(self.next_slide)
        self.hide()

    def start(self, slides: list[Slide], language: str) -> None:
        self.slides = slides or [Slide("", "", "")]
        self.index = -1
        self.hint.setText(tr(TOUCH_TO_START, language))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.next_slide()
        self.show()
        self.raise_()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.hide()

    def next_slide(self) -> None:
        self.index = (self.index + 1) % len(self.slides)
        slide = self.slides[self.index]
        self.kicker.setText(slide.kicker)
        self.title.setText(slide.title)
        self.body.setText(slide.body)
        for label in (self.kicker, self.title, self.body):
            label.setVisible(bool(label.text()))
        if slide.image is not None:
            pixmap = QPixmap(str(slide.image))
            self.image.setPixmap(
                pixmap.scaled(
                    self.width() - 240,
                    self.height() - 360,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.image.show()
        else:
            self.image.clear()
            self.image.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the touch wakes the kiosk; it must not also press a tile

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # Hide on release, so the whole press/release pair ends here (measured Qt 6.11: hiding on
        # press let the release activate the tile underneath).
        event.accept()
        self.stop()
        self.dismissed.emit()


class AttractPart(QObject):
    """When to show the slideshow: ``after_seconds`` without input, on the home screen,
    with no visitor session and nothing on the screen that the visitor is reading."""

    def __init__(
        self,
        window: QWidget,
        config: KioskConfig,
        content: ContentService,
        clock: Callable[[], dt.datetime],
        language: Callable[[], str],
        may_start: Callable[[], bool],
        blocked: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self._window, self.config, self._content, self._clock = window, config, content, clock
        self._language, self._may_start, self._blocked = language, may_start, blocked
        self.screen: AttractScreen | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.setInterval(config.attract.after_seconds * 1000)
        self._timer.timeout.connect(self.start)

    def build(self) -> AttractScreen:
        if self.screen is None:
            crest = None
            if self.config.theme.logo:
                from kiosk.ui.crest import crest_pixmap

                crest = crest_pixmap(self.config.resolve(self.config.theme.logo), ATTRACT_CREST_PX, self._ratio())
            self.screen = AttractScreen(self._window, self.config.attract.slide_seconds, crest)
            self.screen.dismissed.connect(self.restart)
        return self.screen

    def _ratio(self) -> float:
        screen = self._window.screen()
        return screen.devicePixelRatio() if screen is not None else 1.0

    def restart(self) -> None:
        """Input, a wipe, a dismissed slideshow: count the quiet time from now."""
        self._timer.start()

    def stop(self) -> None:
        if self.screen is not None:
            self.screen.stop()

    def start(self) -> None:
        """Show the slideshow if nobody is using the kiosk."""
        if not self.config.attract.enabled or not self._may_start():
            return
        if self._blocked():
            self._timer.start()
            return
        from kiosk.content.today import today

        language = self._language()
        info = today(self._clock(), language)
        slides = build_slides(
            self.config.kiosk.name,
            self.config.kiosk.county,
            f"{info.date}\n{info.namedays}",
            self._content.upcoming_events(language),
            self._content.news_items(),
            [self.config.resolve(p) for p in self.config.attract.images],
            language,
        )
        self.build().start(slides, language)

    def fit(self) -> None:
        if self.screen is not None and self.screen.isVisible():
            self.screen.setGeometry(self._window.rect())
