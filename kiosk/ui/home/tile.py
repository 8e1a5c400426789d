"""An e-service tile: a large button with icon, title and one-line description."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.core.i18n import N_, tr
from kiosk.ui.screens.overlays import plain_label, repolish
from kiosk.ui.widgets.icons import icon
from kiosk.ui.widgets.touch import TouchCard

if TYPE_CHECKING:
    from kiosk.config import Service

#: The description line of a tile whose service prints while the printer is down (issue 32).
PRINTER_DOWN = N_("drukarka nieczynna")


class Tile(TouchCard):
    """A large e-service button: icon, title, one-line description."""

    def __init__(self, service: Service, icon_colour: str, compact: bool = False) -> None:
        super().__init__("Tile")
        self.service = service
        self.compact = compact
        self.printer_down = False  # a service that prints, while the kiosk's printer is down
        self._language = "pl"
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
        self.description.setVisible((not compact or self.printer_down) and bool(self.description.text()))
        if compact == self.compact:
            return
        self.compact = compact
        self.setProperty("compact", compact)
        self.layout().setContentsMargins(*self._margins())
        self.icon.setFixedSize(*self._icon_box())
        if self.isVisible():
            self._draw_icon()
        repolish(self.title)  # the style sheet's #Tile[compact="true"] rule

    def set_printer_down(self, down: bool) -> None:
        """The kiosk's printer is down (or back): the description line says so."""
        if down != self.printer_down:
            self.printer_down = down
            self.retranslate(self._language)

    def retranslate(self, language: str) -> None:
        self._language = language
        self.title.setText(self.service.title.get(language))
        description = self.service.description.get(language) if self.service.description else ""
        if self.printer_down:  # shown even on a compact, title-only tile
            description = " · ".join(filter(None, (description, tr(PRINTER_DOWN, language))))
        self.description.setText(description)
        self.description.setVisible((not self.compact or self.printer_down) and bool(description))
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(description)
