"""The titled card the home screen's county information is shown in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.dates import DAY_MONTH_YEAR_TIME, format_moment
from kiosk.core.i18n import tr
from kiosk.ui.screens.overlays import plain_label
from kiosk.ui.widgets.icons import icon


def clear_rows(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()  # deleted when control returns to the event loop: unseen until then
            item.widget().deleteLater()


def add_row(layout: QVBoxLayout, widget: QWidget) -> None:
    """A row shown at once, in the frame that no longer shows the rows it replaces: added
    to a card on screen, Qt shows it only from the event loop (QLayout queues it), and a
    frame painted in between showed the card empty (the offices, a second after each start)."""
    layout.addWidget(widget)
    widget.show()


class Card(QFrame):
    """A titled white card; subclasses fill ``rows``."""

    def __init__(self, icon_name: str, title_msgid: str, icon_colour: str) -> None:
        super().__init__()
        self.setObjectName("Card")
        self.title_msgid = title_msgid
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        head = QHBoxLayout()
        self.icon_name = icon_name
        self.icon = QLabel()
        self.icon.setPixmap(icon(icon_name, icon_colour).pixmap(36, 36))
        self.title = plain_label("", "CardTitle")
        head.addWidget(self.icon)
        head.addWidget(self.title, 1)
        layout.addLayout(head)
        self.stale = plain_label("", "Stale")
        self.stale.hide()
        layout.addWidget(self.stale)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(14)
        layout.addLayout(self.rows)
        layout.addStretch(1)

    def set_icon_colour(self, colour: str) -> None:
        """Icons follow the theme (yellow in high contrast, not the county blue on black)."""
        self.icon.setPixmap(icon(self.icon_name, colour).pixmap(36, 36))

    def set_compact(self, compact: bool) -> None:
        """Tighter margins on a lower landscape screen (the first row must fit above the fold)."""
        side, top = (20, 12) if compact else (24, 20)
        self.layout().setContentsMargins(side, top, side, top)
        self.rows.setSpacing(10 if compact else 14)

    def set_title(self, text: str) -> None:
        self.title.setText(text)

    def show_stale(self, fetched_at: dt.datetime | None, stale: bool, language: str) -> None:
        """Old content says how old it is; with nothing shown there is nothing to date."""
        if stale and fetched_at is not None:
            when = format_moment(fetched_at, DAY_MONTH_YEAR_TIME, language)
            self.stale.setText(tr("Ostatnia aktualizacja: {when}", language).replace("{when}", when))
            self.stale.show()
        else:
            self.stale.hide()
