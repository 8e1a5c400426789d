"""The offices of the gminy on the home screen: a few, the visitor's own gmina first,
each open or closed and when it opens; the whole list one tap away."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.content.offices import office_status
from kiosk.core.dates import opening_text
from kiosk.core.hours import WARSAW
from kiosk.core.i18n import N_, tr
from kiosk.ui.home.card import Card, add_row, clear_rows
from kiosk.ui.screens.overlays import plain_label
from kiosk.ui.widgets.touch import WrappingButton

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

COMPACT_OFFICES = 3  # shown before "Wszystkie urzędy": the card stays as tall as its neighbours


def offices_in_order(config: KioskConfig) -> list:
    """The kiosk's own gmina first (``[kiosk] gmina`` in the office's name), then the rest
    as configured."""
    own = config.kiosk.gmina.strip().lower()
    offices = list(config.content.offices)
    if own:
        offices.sort(key=lambda office: own not in office.name.lower())  # stable: keeps the rest's order
    return offices


class OfficesCard(Card):
    """A few offices, the visitor's own gmina first; the whole list one tap away."""

    def __init__(self, icon_colour: str) -> None:
        super().__init__("building", N_("Urzędy gmin"), icon_colour)
        self.expanded = False
        self.toggle = WrappingButton("MoreButton")
        self.toggle.tapped.connect(self._toggle)
        self.layout().insertWidget(self.layout().count() - 1, self.toggle)
        self._last: tuple | None = None

    def _toggle(self) -> None:
        self.expanded = not self.expanded
        if self._last is not None:
            self.show_offices(*self._last)

    def collapse(self) -> None:
        if self.expanded:
            self._toggle()

    def show_offices(self, config: KioskConfig, now: dt.datetime, language: str, limit: int | None = None) -> None:
        """``limit``: at most this many rows even when expanded (the first paint)."""
        self._last = (config, now, language, limit)
        clear_rows(self.rows)
        offices = offices_in_order(config)
        if not offices:
            add_row(self.rows, plain_label(tr("Brak danych o urzędach", language), "Muted"))
        shown = offices if self.expanded else offices[:COMPACT_OFFICES]
        for office in shown[:limit]:
            add_row(self.rows, self._row(office, now, language))
        hidden = len(offices) - COMPACT_OFFICES
        self.toggle.setVisible(hidden > 0)
        if self.expanded:
            self.toggle.setText(tr("Zwiń listę urzędów", language))
        else:
            self.toggle.setText(tr("Wszystkie urzędy ({count}) ▾", language).replace("{count}", str(len(offices))))

    def _row(self, office, now: dt.datetime, language: str) -> QWidget:
        status = office_status(office, now, language)
        holder = QWidget()
        row = QVBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(plain_label(office.name, "CardTitle" if office.kind == "starostwo" else ""))
        # State in words and a symbol, never by colour alone.
        if status.open_now:
            state = "✔ " + tr("Otwarte teraz", language)
            if status.until is not None:  # "until 15:30": what a visitor wants to know now
                closes = status.until.astimezone(WARSAW)
                state += " · " + tr("do {time}", language).replace("{time}", f"{closes.hour}:{closes.minute:02d}")
            label = plain_label(state, "OpenNow")
        elif status.closed_for_holiday:
            label = plain_label("✖ " + tr("Zamknięte", language) + f" · {status.closed_for_holiday}", "Closed")
        else:
            hours = f" · {status.today_hours.replace('-', '–')}" if status.today_hours else ""
            label = plain_label("✖ " + tr("Zamknięte", language) + hours, "Closed")
        if not status.open_now and status.next_open is not None:
            when = opening_text(status.next_open, now, language)
            label.setText(label.text() + " · " + tr("otwarcie: {when}", language).replace("{when}", when))
        row.addWidget(label)
        example = tr("(dane przykładowe)", language) if office.example else ""
        details = " · ".join(part for part in (office.address, office.phone, example) if part)
        if details:
            row.addWidget(plain_label(details, "Muted"))
        return holder
