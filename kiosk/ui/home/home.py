"""The native home screen: header (name, date, clock, name days, holiday), visitor
controls (language, text size, contrast, end session) and the e-service tiles.
County information panels are added by :mod:`kiosk.ui.home.panels`."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import LANGUAGES, N_, tr
from kiosk.core.reach import reach_band
from kiosk.ui.home.footer import HomeFooter
from kiosk.ui.home.header import Clock, Header
from kiosk.ui.home.tile import Tile
from kiosk.ui.screens.overlays import plain_label, repolish
from kiosk.ui.widgets.focus import KEY_FOCUS
from kiosk.ui.widgets.icons import icon, toggle_icon
from kiosk.ui.widgets.language_button import language_button
from kiosk.ui.widgets.shown import set_shown
from kiosk.ui.window.full_screen import window_size

if TYPE_CHECKING:
    from kiosk.config import KioskConfig


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


TEXT_SIZE = N_("Tekst: {percent} %")
SPEECH_NAME = N_("Czytaj na głos")
#: Shown while speech is on: what an ATM's speech keys do (msgid, icon and command name).
SPEECH_CONTROLS = (
    (N_("Powtórz"), "repeat"),
    (N_("Wolniej"), "slower"),
    (N_("Szybciej"), "faster"),
    (N_("Ciszej"), "quieter"),
    (N_("Głośniej"), "louder"),
)


class HomeScreen(QWidget):
    """Everything a visitor sees first; emits ``service_chosen`` when a tile is tapped."""

    service_chosen = Signal(str)
    resized = Signal(int)
    language_chosen = Signal(str)
    text_size_toggled = Signal()
    contrast_toggled = Signal()
    speech_toggled = Signal()
    speech_command = Signal(str)  # "repeat", "slower", "faster", "louder", "quieter"
    end_session_requested = Signal()
    low_reach_toggled = Signal()
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
        self.contrast_button.setCheckable(True)  # "checked" tells a screen reader it is on
        self.contrast_button.clicked.connect(self.contrast_toggled)
        # "Czytaj" fits the header's first row in portrait; its accessible name says it all.
        self.speech_button = self._header_button(N_("Czytaj"), "speech")
        self.speech_button.setCheckable(True)
        self.speech_button.clicked.connect(self.speech_toggled)
        set_shown(self.speech_button, config.accessibility.speech == "button")
        self.speech_controls = [self._speech_control(*spec) for spec in SPEECH_CONTROLS]
        self._text_scale = 1.0
        self.language_buttons: dict[str, QPushButton] = {}
        for code in LANGUAGES:
            button = language_button(code, "HeaderButton", self.language_chosen.emit)
            button.setFocusPolicy(KEY_FOCUS)
            self.language_buttons[code] = button
        self.end_button = self._header_button(N_("Zakończ sesję"), "end")
        self.end_button.setObjectName("EndSessionButton")
        self.end_button.clicked.connect(self.end_session_requested)
        self.end_button.hide()
        # Text size and contrast leftmost, so nothing that grows with the text pushes them
        # sideways; the groups flow onto a second row rather than squeeze (ui/widgets/control_rows.py).
        self.header.controls.set_groups(
            [
                [self.text_size_button, self.contrast_button, self.speech_button],
                self.speech_controls,
                list(self.language_buttons.values()),
                [self.end_button],
            ]
        )

        self.services_title = plain_label("", "SectionTitle")
        self.tiles = [Tile(service, icon_colour, first.compact) for service in config.services]
        for tile in self.tiles:
            tile.tapped.connect(lambda sid=tile.service.id: self.service_chosen.emit(sid))
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
        # Low reach: lowers the tiles into the reachable band, and says where the controls went.
        self.reach_gap = plain_label("", "ReachNote")
        self.reach_gap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reach_gap.setFixedHeight(0)
        layout.insertWidget(1, self.reach_gap)
        self.footer = HomeFooter(config.accessibility.low_reach)
        layout.addWidget(self.footer)
        self.footer.more_requested.connect(self.scroll_down)
        self.footer.low_reach_toggled.connect(self.low_reach_toggled)
        self.low_reach = False
        self._focus_timer = QTimer(self)
        self._focus_timer.setSingleShot(True)
        self._focus_timer.setInterval(0)
        self._focus_timer.timeout.connect(self._order_focus)
        self._icon_colours: tuple[str, str, str, str] | None = None
        self._mounting = (config.kiosk.screen_bottom_mm, config.kiosk.screen_height_mm)
        self.scroll.verticalScrollBar().valueChanged.connect(self._place_more_below)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._place_more_below)
        self._columns = 0
        self.body.setProperty("compact", first.compact)
        self._lay_out_tiles(expected.width(), expected.height())
        self.order_focus()
        self._language = config.kiosk.language
        self.retranslate(self._language)

    def enable_touch_scrolling(self) -> None:
        """Drag to scroll with a finger, with inertia (touch-first; no scrollbar hunting).

        Called after the first paint: the first ``viewport()`` call makes PySide6 (6.11)
        resolve the type of a C++-created widget, ~23 ms measured, and nobody scrolls
        a screen that has not painted yet."""
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def set_icon_colours(self, tile: str, header: str, end: str, checked: str) -> None:
        """Icons follow the theme (high contrast included); "end session" is drawn on the
        accent colour, so its icon takes the colour of text on it (``end``)."""
        self._icon_colours = (tile, header, end, checked)
        for tile_widget in self.tiles:
            tile_widget.set_icon_colour(tile)
        buttons = [self.text_size_button, self.speech_button, *self.speech_controls]
        on_controls = tile if self.low_reach else header  # in the foot they stand on a card's colour
        for button, colour in [*((button, on_controls) for button in buttons), (self.end_button, end)]:
            button.setIcon(icon(button.property("icon_name"), colour))
        # A checked button is filled: in the header with the header's text colour (its icon takes
        # the header's colour, ``checked``), in the foot with the county's (its icon: ``header``).
        on_fill = header if self.low_reach else checked
        for button in (self.speech_button, self.contrast_button):
            button.setIcon(toggle_icon(button.property("icon_name"), on_controls, on_fill))
        self.footer.set_icon_colour(tile, header)

    def _header_button(self, msgid: str, icon_name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName("HeaderButton")
        button.setProperty("msgid", msgid)
        button.setProperty("icon_name", icon_name)
        button.setIcon(icon(icon_name, "#ffffff"))
        button.setIconSize(QSize(28, 28))
        button.setFocusPolicy(KEY_FOCUS)
        return button

    def _speech_control(self, msgid: str, icon_name: str) -> QPushButton:
        button = self._header_button(msgid, icon_name)
        button.clicked.connect(lambda _checked=False: self.speech_command.emit(icon_name))
        button.hide()
        return button

    def show_speech(self, on: bool) -> None:
        """Speech on: the toggle says so, and repeat / slower / faster / volume appear."""
        self.speech_button.setChecked(on)
        for button in self.speech_controls:
            button.setVisible(on)
        self.header.fit_controls()

    def show_contrast(self, high: bool) -> None:
        self.contrast_button.setChecked(high)

    def set_session_active(self, active: bool) -> None:
        self.end_button.setVisible(active)
        self.header.fit_controls()

    def retranslate(self, language: str) -> None:
        self._language = language
        self.header.set_language(language)
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        for button in (self.contrast_button, self.end_button, self.speech_button, *self.speech_controls):
            button.setText(tr(button.property("msgid"), language))
        self.speech_button.setAccessibleName(tr(SPEECH_NAME, language))
        self._show_text_size()
        self.services_title.setText(tr("E-usługi", language))
        self.footer.retranslate(language)
        self._reach_note = tr("Przyciski są niżej, w zasięgu ręki ▼", language)
        self._fit_reach()
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
        self.footer.show_more(bar.maximum() - bar.value() > 40)

    def add_tile(self, tile: Tile) -> None:
        """A tile the kiosk adds itself (the county forms), after the services' tiles."""
        tile.setParent(self.body)
        self.tiles.append(tile)
        self._columns = 0  # lay the tiles out again, this one included
        self._lay_out_tiles()
        self.order_focus()

    @property
    def tile_icon_colour(self) -> str:
        return self._icon_colours[0] if self._icon_colours else "#1d4e89"

    def order_focus(self) -> None:
        """Tab in reading order (soon: rows are rebuilt in bursts): the header's controls,
        the tiles, the cards' items, the foot — or, with low reach, the controls at the
        foot where they now are. Qt's own order is creation order, which put the foot first."""
        if not self._focus_timer.isActive():
            self._focus_timer.start()

    def _order_focus(self) -> None:
        rows = self.footer.controls if self.low_reach else self.header.controls
        controls = [widget for group in rows.groups for widget in group]
        body = self.body.findChildren(QAbstractButton)  # depth first: tiles, then each card's rows
        foot = [self.footer.reach_button, self.footer.help_button, self.footer.more_button]
        order = [*body, *controls, *foot] if self.low_reach else [*controls, *body, *foot]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def scroll_down(self) -> None:
        """ "More below": a page further, keeping a line of what was seen."""
        bar = self.scroll.verticalScrollBar()
        bar.setValue(bar.value() + max(100, self.scroll.viewport().height() - 120))

    def set_low_reach(self, on: bool) -> None:
        """Low reach: the header's controls move to the foot, the tiles into the band."""
        if on == self.low_reach:
            return
        self.low_reach = on
        source, target = (
            (self.header.controls, self.footer.controls) if on else (self.footer.controls, self.header.controls)
        )
        groups = source.groups
        source.set_groups([])
        source.arrange(0)
        target.set_groups(groups)
        self.footer.hold_controls(on)
        self.order_focus()
        self.header.fit_controls()
        if self._icon_colours is not None:
            self.set_icon_colours(*self._icon_colours)
        self._fit_reach()

    def _fit_reach(self) -> None:
        gap = 0
        if self.low_reach:
            band = reach_band(self.window().height(), *self._mounting)
            gap = max(0, band.top - self.mapTo(self.window(), QPoint(0, 0)).y() - self.header.sizeHint().height())
        self.reach_gap.setFixedHeight(gap)
        self.reach_gap.setVisible(gap > 0)
        self.reach_gap.setText(self._reach_note)
        if self.reach_gap.heightForWidth(max(1, self.width())) > gap:
            self.reach_gap.setText("")  # the note only where it fits whole

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._lay_out_tiles()
        self.resized.emit(self.width())
        self._fit_reach()

    def _lay_out_tiles(self, width: int | None = None, height: int | None = None) -> None:
        width, height = width or self.width(), height or self.height()
        self.shape = shape = home_shape(width, height, self._text_scale)
        columns = shape.columns
        for tile in self.tiles:
            tile.set_compact(shape.compact)
        self.header.set_compact(shape.compact)
        self.tile_grid.setSpacing(12 if shape.compact else 20)
        self.body_layout.setContentsMargins(32, 8 if shape.compact else 24, 32, 32)
        self.body_layout.setSpacing(8 if shape.compact else 20)
        if shape.compact != bool(self.body.property("compact")):
            self.body.setProperty("compact", shape.compact)
            repolish(self.services_title)
        if columns != self._columns:
            self._columns = columns
            for index, tile in enumerate(self.tiles):
                self.tile_grid.addWidget(tile, index // columns, index % columns)
            for column in range(MAX_TILE_COLUMNS):
                self.tile_grid.setColumnStretch(column, 1 if column < columns else 0)
