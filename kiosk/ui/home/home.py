"""The native home screen: header (name, date, clock, name days, holiday), visitor
controls (language, text size, contrast, end session) and the e-service tiles.
County information panels are added by :mod:`kiosk.ui.home.panels`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import LANGUAGES, N_, tr
from kiosk.ui.home.header import Clock, Header
from kiosk.ui.screens.overlays import plain_label, repolish
from kiosk.ui.widgets.icons import icon
from kiosk.ui.widgets.language_button import language_button
from kiosk.ui.widgets.touch import TouchCard
from kiosk.ui.window.full_screen import window_size

if TYPE_CHECKING:
    from kiosk.config import KioskConfig, Service


MAX_TILE_COLUMNS = 4


@dataclass(frozen=True)
class HomeShape:
    """How the home screen lays itself out for a window size and text size."""

    columns: int  # e-service tile columns
    compact: bool  # a landscape screen under 1080 px: smaller header, title-only tiles, tighter cards


def home_shape(width: int, height: int, text_scale: float = 1.0) -> HomeShape:
    """Landscape spreads the tiles wide so news, events and offices start on the first
    screen; on the older, lower screens (1366×768, 1280×1024) the header and the tiles
    shrink for the same reason. Larger text gets wider tiles: a word cannot wrap, and
    Ukrainian has long ones ("транспортного"; tests/qt/test_layout.py measures every title
    in every language)."""
    if width <= height:
        columns = 2 if width < 1300 else 3
        return HomeShape(1 if text_scale >= 2 else columns, False)
    columns = 4 if width >= 1340 else 3
    if text_scale >= 1.5:
        columns = min(columns, 3 if text_scale < 2 else 2)
    return HomeShape(columns, height < 1080)


class Tile(TouchCard):
    """A large e-service button: icon, title, one-line description."""

    def __init__(self, service: Service, icon_colour: str, compact: bool = False) -> None:
        super().__init__("Tile")
        self.service = service
        self.compact = compact
        self.setProperty("compact", compact)
        self._icon_drawn: tuple[str, int] | None = None
        self.setMinimumSize(300, 72 if compact else 120)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*self._margins())
        layout.setSpacing(18)
        self.icon = plain_label()
        self.icon.setFixedSize(*self._icon_box())
        self.set_icon_colour(icon_colour)
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
        self._icon_colour = colour
        if self.isVisible():
            self._draw_icon()

    def _draw_icon(self) -> None:
        # Drawn when shown, at the size in force then: a start-up that turns the tiles
        # compact before the first show draws each icon once, not twice.
        size = self.icon.width() - 8
        if self._icon_drawn != (self._icon_colour, size):
            self._icon_drawn = (self._icon_colour, size)
            self.icon.setPixmap(icon(self.service.icon, self._icon_colour).pixmap(size, size))

    def showEvent(self, event) -> None:
        self._draw_icon()
        super().showEvent(event)

    def _margins(self) -> tuple[int, int, int, int]:
        return (20, 10, 20, 10) if self.compact else (20, 16, 20, 16)

    def _icon_box(self) -> tuple[int, int]:
        return (48, 48) if self.compact else (64, 64)

    def set_compact(self, compact: bool) -> None:
        """A low landscape screen: the title alone, a size smaller, so county information
        fits above the fold."""
        self.setMinimumSize(300, 72 if compact else 120)
        self.description.setVisible(not compact and bool(self.description.text()))
        if compact == self.compact:
            return
        self.compact = compact
        self.setProperty("compact", compact)
        self.layout().setContentsMargins(*self._margins())
        self.icon.setFixedSize(*self._icon_box())
        if self.isVisible():
            self._draw_icon()
        repolish(self.title)  # the style sheet's #Tile[compact="true"] rule

    def retranslate(self, language: str) -> None:
        self.title.setText(self.service.title.get(language))
        description = self.service.description.get(language) if self.service.description else ""
        self.description.setText(description)
        self.description.setVisible(not self.compact and bool(description))
        self.setAccessibleName(self.title.text())


TEXT_SIZE = N_("Tekst: {percent} %")


class HomeScreen(QWidget):
    """Everything a visitor sees first; emits ``service_chosen`` when a tile is tapped."""

    service_chosen = Signal(str)
    resized = Signal(int)
    language_chosen = Signal(str)
    text_size_toggled = Signal()
    contrast_toggled = Signal()
    end_session_requested = Signal()
    view_reset = Signal()  # back to a new visitor's view (expanded lists fold again)

    def __init__(self, config: KioskConfig, clock: Clock, icon_colour: str, lockdown: bool = False) -> None:
        super().__init__()
        self.setObjectName("HomeScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Built for the size the window will have: a shape changed after the style sheet
        # re-polishes the header and tiles (measured ~30 ms; and PySide6 6.11 builds
        # QStyle's Python enums on the first style() call, ~40 M instructions).
        expected = window_size(lockdown)
        first = home_shape(expected.width(), expected.height())
        self.header = Header(config, clock, compact=first.compact)

        self.text_size_button = self._header_button(TEXT_SIZE, "text_size")
        self.text_size_button.clicked.connect(self.text_size_toggled)
        self.contrast_button = self._header_button(N_("Kontrast"), "contrast")
        self.contrast_button.clicked.connect(self.contrast_toggled)
        self._text_scale = 1.0
        self.language_buttons: dict[str, QPushButton] = {}
        for code in LANGUAGES:
            button = language_button(code, "HeaderButton", self.language_chosen.emit)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.language_buttons[code] = button
        self.end_button = self._header_button(N_("Zakończ sesję"), "end")
        self.end_button.setObjectName("EndSessionButton")
        self.end_button.clicked.connect(self.end_session_requested)
        self.end_button.hide()
        # Text size and contrast leftmost, so nothing that grows with the text pushes them
        # sideways; the groups flow onto a second row rather than squeeze (ui/home/control_rows.py).
        self.header.controls.set_groups(
            [[self.text_size_button, self.contrast_button], list(self.language_buttons.values()), [self.end_button]]
        )

        self.services_title = plain_label("", "SectionTitle")
        self.tiles = [Tile(service, icon_colour, first.compact) for service in config.services]
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
        self.body.setProperty("compact", first.compact)
        self._lay_out_tiles(expected.width(), expected.height())
        self._language = config.kiosk.language
        self.retranslate(self._language)

    def enable_touch_scrolling(self) -> None:
        """Drag to scroll with a finger, with inertia (touch-first; no scrollbar hunting).

        Called after the first paint: the first ``viewport()`` call makes PySide6 (6.11)
        resolve the type of a C++-created widget, ~23 ms measured, and nobody scrolls
        a screen that has not painted yet."""
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def set_icon_colours(self, tile: str, header: str, end: str) -> None:
        """Icons follow the theme (high contrast included); "end session" is drawn on the
        accent colour, so its icon takes the colour of text on it (``end``)."""
        for tile_widget in self.tiles:
            tile_widget.set_icon_colour(tile)
        for button, colour in ((self.text_size_button, header), (self.contrast_button, header), (self.end_button, end)):
            button.setIcon(icon(button.property("icon_name"), colour))

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
        self.header.fit_controls()

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
        self.header.fit_controls()  # the buttons' text grew or shrank
        if self.window().isVisible():  # before the first show the window's size is not this one's yet
            self._lay_out_tiles()  # larger text: fewer, wider tiles
            self.resized.emit(self.width())  # and fewer, wider panels

    @property
    def text_scale(self) -> float:
        return self._text_scale

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
        self._lay_out_tiles()
        self.resized.emit(self.width())
        self._place_more_below()

    def _lay_out_tiles(self, width: int | None = None, height: int | None = None) -> None:
        width, height = width or self.width(), height or self.height()
        self.shape = shape = home_shape(width, height, self._text_scale)
        columns = shape.columns
        for tile in self.tiles:
            tile.set_compact(shape.compact)
        self.header.set_compact(shape.compact)
        self.tile_grid.setSpacing(12 if shape.compact else 20)
        self.body_layout.setContentsMargins(32, 12 if shape.compact else 24, 32, 32)
        self.body_layout.setSpacing(12 if shape.compact else 20)
        if shape.compact != bool(self.body.property("compact")):
            self.body.setProperty("compact", shape.compact)
            repolish(self.services_title)
        if columns != self._columns:
            self._columns = columns
            for index, tile in enumerate(self.tiles):
                self.tile_grid.addWidget(tile, index // columns, index % columns)
            for column in range(MAX_TILE_COLUMNS):
                self.tile_grid.setColumnStretch(column, 1 if column < columns else 0)
