"""The home screen's header: crest, county name, date, clock, name days, holiday and the
offline notice; the visitor's controls are handed to its ``controls`` rows by the home screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpacerItem, QVBoxLayout, QWidget

from kiosk.content.today import today
from kiosk.core.i18n import N_, tr
from kiosk.ui.screens.overlays import plain_label, repolish
from kiosk.ui.widgets.control_rows import ControlRows

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

Clock = Callable[[], dt.datetime]

CREST_PX = 96  # the crest's height in the header (logical pixels)
COMPACT_CREST_PX = 64
OFFLINE_TEXT = N_("Brak połączenia z internetem — e-usługi mogą się teraz nie otworzyć")


def _screen_ratio() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.devicePixelRatio() if screen is not None else 1.0


class Header(QWidget):
    """County name, date, clock, name days and holiday; refreshed once a minute."""

    minute_passed = Signal()

    def __init__(self, config: KioskConfig, clock: Clock, compact: bool = False) -> None:
        super().__init__()
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._clock = clock
        self._language = config.kiosk.language
        self.crest = QLabel()
        self.crest.setObjectName("Crest")
        self.crest.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.crest.hide()
        self._logo = config.resolve(config.theme.logo) if config.theme.logo else None
        self.compact = compact
        self.setProperty("compact", compact)
        self._crest_drawn = 0
        self.title = plain_label(config.kiosk.name, "HeaderTitle")
        self.county = plain_label(config.kiosk.county, "HeaderCounty")
        self.date = plain_label("", "HeaderDate")
        self.clock = plain_label("", "HeaderClock")
        self.namedays = plain_label("", "HeaderNamedays")
        self.holiday = plain_label("", "HeaderHoliday")
        self.offline = plain_label("", "HeaderOffline")  # said before a visitor taps a tile
        self.offline.hide()
        for label in (self.date, self.clock, self.namedays, self.holiday):
            label.setAlignment(Qt.AlignmentFlag.AlignRight)

        self._left = left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.county)
        left.addWidget(self.namedays)
        left.addWidget(self.holiday)
        left.addStretch(1)
        self.holiday.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.namedays.setAlignment(Qt.AlignmentFlag.AlignLeft)
        right = QVBoxLayout()
        right.addWidget(self.clock)
        right.addWidget(self.date)
        right.addWidget(self.offline, 0, Qt.AlignmentFlag.AlignRight)
        right.addStretch(1)
        self._outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(self.crest)
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        # The visitor's controls first: text growing below them never moves them away from
        # the finger that just tapped "text size" (issue 16).
        self.controls = ControlRows(outer)
        self._gap = QSpacerItem(0, 12)
        outer.addItem(self._gap)
        outer.addLayout(top)

        self._space_out()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self._minute)
        self.refresh()

    def _space_out(self) -> None:
        compact = self.compact
        self._outer.setContentsMargins(32, 10 if compact else 20, 32, 12 if compact else 20)
        self._gap.changeSize(0, 4 if compact else 12)
        self._left.setSpacing(0 if compact else -1)  # -1: the style's spacing

    def _draw_crest(self) -> None:
        # Drawn when shown, at the size in force then (see Tile._draw_icon).
        height = COMPACT_CREST_PX if self.compact else CREST_PX
        if self._logo is None or self._crest_drawn == height:
            return
        from kiosk.ui.home.crest import crest_pixmap

        self._crest_drawn = height
        pixmap = crest_pixmap(self._logo, height, _screen_ratio())
        if pixmap is not None:
            self.crest.setPixmap(pixmap)
            self.crest.show()

    def showEvent(self, event) -> None:
        self._draw_crest()
        super().showEvent(event)

    def set_compact(self, compact: bool) -> None:
        """A lower landscape screen: smaller title, clock, crest and buttons (the style
        sheet's ``#Header[compact="true"]`` rules), so county information fits below."""
        if compact == self.compact:
            return
        self.compact = compact
        self.setProperty("compact", compact)
        self._space_out()
        if self.isVisible():
            self._draw_crest()
        repolish(*self.findChildren(QWidget))

    def fit_controls(self) -> None:
        """The buttons in rows that fit (after a resize, a text size, a session starting)."""
        margins = self._outer.contentsMargins()
        self.controls.arrange(self.width() - margins.left() - margins.right())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_controls()

    def set_language(self, language: str) -> None:
        self._language = language
        self.refresh()

    def show_offline(self, offline: bool) -> None:
        """The network check failed: say so calmly, before anyone taps an e-service."""
        self.offline.setText(tr(OFFLINE_TEXT, self._language))
        self.offline.setVisible(offline)

    def refresh(self) -> None:
        now = self._clock()
        info = today(now, self._language)
        self.date.setText(info.date)
        self.clock.setText(info.clock)
        self.namedays.setText(info.namedays)
        self.holiday.setText(info.holiday or "")
        self.holiday.setVisible(bool(info.holiday))
        self.offline.setText(tr(OFFLINE_TEXT, self._language))
        # Wake up once, just after the next minute starts: no busy timer on an idle kiosk.
        seconds_left = 60 - now.second - now.microsecond / 1_000_000
        self._timer.start(int(seconds_left * 1000) + 50)

    def _minute(self) -> None:
        self.refresh()
        self.minute_passed.emit()
