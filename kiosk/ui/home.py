"""The native home screen: header (name, date, clock, name days, holiday), visitor
controls (language, text size, contrast, end session) and the e-service tiles.
County information panels are added by :mod:`kiosk.ui.panels`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.today import today
from kiosk.i18n import LANGUAGE_LABELS, LANGUAGE_NAMES, LANGUAGES, N_, tr
from kiosk.ui.icons import icon
from kiosk.ui.overlays import plain_label
from kiosk.ui.touch import TouchCard

if TYPE_CHECKING:
    from kiosk.config import KioskConfig, Service

Clock = Callable[[], dt.datetime]


MAX_TILE_COLUMNS = 4


def tile_grid_shape(width: int, height: int, text_scale: float = 1.0) -> tuple[int, bool]:
    """Tile columns and whether tiles are compact, for the home screen's size and text
    size. Landscape spreads the tiles wide so news, events and offices start on the first
    screen; larger text gets wider tiles: a word cannot wrap, and Ukrainian has long ones
    ("транспортного"; tests/qt/test_layout.py measures every title in every language)."""
    if width <= height:
        columns = 2 if width < 1300 else 3
        return (1 if text_scale >= 2 else columns), False
    columns = 4 if width >= 1340 else 3
    if text_scale >= 1.5:
        columns = min(columns, 3 if text_scale < 2 else 2)
    return columns, height < 900


class Tile(TouchCard):
    """A large e-service button: icon, title, one-line description."""

    def __init__(self, service: Service, icon_colour: str) -> None:
        super().__init__("Tile")
        self.service = service
        self.setMinimumSize(300, 120)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(18)
        self.icon = plain_label()
        self.set_icon_colour(icon_colour)
        self.icon.setFixedSize(64, 64)
        self.icon.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        texts = QVBoxLayout()
        texts.setSpacing(6)
        self.title = plain_label("", "TileTitle")
        self.description = plain_label("", "TileDescription")
        for label in (self.title, self.description):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            texts.addWidget(label)
        texts.addStretch(1)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)

    def set_icon_colour(self, colour: str) -> None:
        self.icon.setPixmap(icon(self.service.icon, colour).pixmap(56, 56))

    def set_compact(self, compact: bool) -> None:
        """A low landscape screen: the title alone, so county information fits above the fold."""
        self.setMinimumSize(300, 80 if compact else 120)
        self.description.setVisible(not compact and bool(self.description.text()))

    def retranslate(self, language: str) -> None:
        self.title.setText(self.service.title.get(language))
        description = self.service.description.get(language) if self.service.description else ""
        self.description.setText(description)
        self.setAccessibleName(self.title.text())


CREST_PX = 96  # the crest's height in the header (logical pixels)
TEXT_SIZE = N_("Tekst: {percent} %")
OFFLINE_TEXT = N_("Brak połączenia z internetem — e-usługi mogą się teraz nie otworzyć")


def _screen_ratio() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.devicePixelRatio() if screen is not None else 1.0


class Header(QWidget):
    """County name, date, clock, name days and holiday; refreshed once a minute."""

    minute_passed = Signal()

    def __init__(self, config: KioskConfig, clock: Clock) -> None:
        super().__init__()
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._clock = clock
        self._language = config.kiosk.language
        self.crest = QLabel()
        self.crest.setObjectName("Crest")
        self.crest.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.crest.hide()
        if config.theme.logo:
            from kiosk.ui.crest import crest_pixmap

            pixmap = crest_pixmap(config.resolve(config.theme.logo), CREST_PX, _screen_ratio())
            if pixmap is not None:
                self.crest.setPixmap(pixmap)
                self.crest.show()
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

        left = QVBoxLayout()
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
        self.controls = QHBoxLayout()
        self.controls.setSpacing(12)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(self.crest)
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        # The visitor's controls first: text growing below them never moves them away from
        # the finger that just tapped "text size" (issue 16).
        outer.addLayout(self.controls)
        outer.addSpacing(12)
        outer.addLayout(top)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self._minute)
        self.refresh()

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


class HomeScreen(QWidget):
    """Everything a visitor sees first; emits ``service_chosen`` when a tile is tapped."""

    service_chosen = Signal(str)
    resized = Signal(int)
    language_chosen = Signal(str)
    text_size_toggled = Signal()
    contrast_toggled = Signal()
    end_session_requested = Signal()
    view_reset = Signal()  # back to a new visitor's view (expanded lists fold again)

    def __init__(self, config: KioskConfig, clock: Clock, icon_colour: str) -> None:
        super().__init__()
        self.setObjectName("HomeScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.header = Header(config, clock)

        self.text_size_button = self._header_button(TEXT_SIZE, "text_size")
        self.text_size_button.clicked.connect(self.text_size_toggled)
        self.contrast_button = self._header_button(N_("Kontrast"), "contrast")
        self.contrast_button.clicked.connect(self.contrast_toggled)
        # Leftmost, so nothing that grows with the text pushes them sideways either.
        self.header.controls.addWidget(self.text_size_button)
        self.header.controls.addWidget(self.contrast_button)
        self.header.controls.addSpacing(12)
        self._text_scale = 1.0
        self.language_buttons: dict[str, QPushButton] = {}
        for code in LANGUAGES:
            button = QPushButton(LANGUAGE_LABELS[code])
            button.setAccessibleName(LANGUAGE_NAMES[code])
            button.setObjectName("HeaderButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=code: self.language_chosen.emit(c))
            self.language_buttons[code] = button
            self.header.controls.addWidget(button)
        self.header.controls.addStretch(1)
        self.end_button = self._header_button(N_("Zakończ sesję"), "end")
        self.end_button.setObjectName("EndSessionButton")
        self.end_button.clicked.connect(self.end_session_requested)
        self.end_button.hide()
        self.header.controls.addWidget(self.end_button)

        self.services_title = plain_label("", "SectionTitle")
        self.tiles = [Tile(service, icon_colour) for service in config.services]
        for tile in self.tiles:
            tile.clicked.connect(lambda sid=tile.service.id: self.service_chosen.emit(sid))
        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(20)

        self.body = QWidget()
        self.body.setObjectName("ScrollBody")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(32, 24, 32, 32)
        self.body_layout.setSpacing(20)
        self.body_layout.addWidget(self.services_title)
        self.body_layout.addLayout(self.tile_grid)
        self.panels_layout = QGridLayout()
        self.panels_layout.setSpacing(20)
        self.body_layout.addLayout(self.panels_layout)
        self.body_layout.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)
        # Says that the page goes on below the fold; taps go through it to what is beneath.
        self.more_below = plain_label("", "MoreBelow")
        self.more_below.setParent(self.scroll)
        self.more_below.setWordWrap(False)
        self.more_below.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.scroll.verticalScrollBar().valueChanged.connect(self._place_more_below)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._place_more_below)
        self._columns = 0
        self._language = config.kiosk.language
        self.retranslate(self._language)

    def enable_touch_scrolling(self) -> None:
        """Drag to scroll with a finger, with inertia (touch-first; no scrollbar hunting).

        Called after the first paint: the first ``viewport()`` call makes PySide6 (6.11)
        resolve the type of a C++-created widget, ~23 ms measured, and nobody scrolls
        a screen that has not painted yet."""
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def set_icon_colours(self, tile: str, header: str) -> None:
        """Icons follow the theme (high contrast included)."""
        for tile_widget in self.tiles:
            tile_widget.set_icon_colour(tile)
        for button in (self.text_size_button, self.contrast_button, self.end_button):
            button.setIcon(icon(button.property("icon_name"), header))

    def _header_button(self, msgid: str, icon_name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName("HeaderButton")
        button.setProperty("msgid", msgid)
        button.setProperty("icon_name", icon_name)
        button.setIcon(icon(icon_name, "#ffffff"))
        button.setIconSize(QSize(28, 28))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def set_session_active(self, active: bool) -> None:
        self.end_button.setVisible(active)

    def retranslate(self, language: str) -> None:
        self._language = language
        self.header.set_language(language)
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        for button in (self.contrast_button, self.end_button):
            button.setText(tr(button.property("msgid"), language))
        self._show_text_size()
        self.services_title.setText(tr("E-usługi", language))
        self.more_below.setText("▼ " + tr("Przewiń w dół: więcej informacji", language))
        self._place_more_below()
        for tile in self.tiles:
            tile.retranslate(language)

    def show_text_scale(self, scale: float) -> None:
        """The text-size button says the size in force ("Tekst: 150 %")."""
        self._text_scale = scale
        self._show_text_size()
        self._lay_out_tiles()  # larger text: fewer, wider tiles

    def _show_text_size(self) -> None:
        label = tr(TEXT_SIZE, self._language).replace("{percent}", str(round(self._text_scale * 100)))
        self.text_size_button.setText(label)

    def reset_view(self) -> None:
        """Back to the default state a new visitor expects: scrolled to the top."""
        self.scroll.verticalScrollBar().setValue(0)
        self.view_reset.emit()

    def _place_more_below(self, *_args) -> None:
        bar = self.scroll.verticalScrollBar()
        below = bar.maximum() - bar.value() > 40
        self.more_below.setVisible(below)
        if below:
            self.more_below.adjustSize()
            x = (self.scroll.width() - self.more_below.width()) // 2
            self.more_below.move(max(0, x), self.scroll.height() - self.more_below.height() - 12)
            self.more_below.raise_()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit(self.width())
        self._place_more_below()
        self._lay_out_tiles()

    def _lay_out_tiles(self) -> None:
        columns, compact = tile_grid_shape(self.width(), self.height(), self._text_scale)
        for tile in self.tiles:
            tile.set_compact(compact)
        if columns != self._columns:
            self._columns = columns
            for index, tile in enumerate(self.tiles):
                self.tile_grid.addWidget(tile, index // columns, index % columns)
            for column in range(MAX_TILE_COLUMNS):
                self.tile_grid.setColumnStretch(column, 1 if column < columns else 0)
