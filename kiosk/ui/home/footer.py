"""The home screen's foot: the low-reach switch, "Pomoc" ([help]), "more below" as a real control, and —
while low reach is on — every control of the header, all within a seated visitor's reach.

Part of the layout, not laid over it: the old floating "▼ Przewiń w dół" looked like a
button, ignored taps and covered tile text at 150/200 % (issue 29)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, tr
from kiosk.ui.widgets.control_rows import ControlRows
from kiosk.ui.widgets.focus import KEY_FOCUS
from kiosk.ui.widgets.help_button import help_button, name_help_button
from kiosk.ui.widgets.icons import icon, toggle_icon
from kiosk.ui.widgets.shown import set_shown

LOW_REACH = N_("Obniż ekran")
MORE_BELOW = N_("Więcej informacji niżej")
MORE_BELOW_SHORT = N_("Więcej niżej")  # when the row is tight (portrait, 200 % text, with "Pomoc")


def _footer_button(msgid: str, icon_name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName("FooterButton")
    button.setProperty("msgid", msgid)
    button.setProperty("icon_name", icon_name)
    button.setIconSize(QSize(24, 24))
    button.setFocusPolicy(KEY_FOCUS)
    return button


class HomeFooter(QWidget):
    """Emits ``low_reach_toggled`` and ``more_requested``."""

    low_reach_toggled = Signal()
    more_requested = Signal()

    def __init__(self, low_reach_mode: str) -> None:
        super().__init__()
        self.setObjectName("HomeFooter")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 2, 32, 2)
        outer.setSpacing(8)
        self.controls = ControlRows(outer)  # the header's controls while low reach is on
        self.reach_button = _footer_button(LOW_REACH, "low_reach")
        self.reach_button.setCheckable(True)
        set_shown(self.reach_button, low_reach_mode == "button")
        self.reach_button.clicked.connect(self.low_reach_toggled)
        self.more_button = _footer_button(MORE_BELOW, "more")
        self.more_button.hide()
        self.more_button.clicked.connect(self.more_requested)
        self.help_button = help_button("FooterButton", 24)  # "Pomoc": shown by the window's help part
        self._row = row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.reach_button)
        row.addWidget(self.help_button)  # the same row: the foot bar never grows for it
        row.addStretch(1)
        row.addWidget(self.more_button)
        outer.addLayout(row)
        self._holds_controls = False
        self._language = "pl"
        self._update()

    def set_icon_colour(self, colour: str, on_fill: str) -> None:
        self.reach_button.setIcon(toggle_icon("low_reach", colour, on_fill))
        self.more_button.setIcon(icon("more", colour))
        self.help_button.setIcon(icon("help", colour))

    def retranslate(self, language: str) -> None:
        for button in (self.reach_button, self.more_button):
            button.setText(tr(button.property("msgid"), language))
            button.setAccessibleName(button.text())
        name_help_button(self.help_button, language)
        self._language = language
        self._fit_row()

    def _fit_row(self) -> None:
        """One row always: when "more below" does not fit beside the others (portrait at
        200 % text with "Pomoc"), it shows its short text; its name stays the full one."""
        more = self.more_button
        full, short = tr(MORE_BELOW, self._language), tr(MORE_BELOW_SHORT, self._language)
        metrics = more.fontMetrics()
        width = more.sizeHint().width() - metrics.horizontalAdvance(more.text()) + metrics.horizontalAdvance(full)
        others = [b for b in (self.reach_button, self.help_button) if not b.isHidden()]
        width += sum(b.sizeHint().width() + self._row.spacing() for b in others)
        margins = self._outer.contentsMargins()
        text = full if width <= self.width() - margins.left() - margins.right() else short
        if more.text() != text:
            more.setText(text)
        more.setAccessibleName(full)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a text size or a language changed the buttons' widths
            self._fit_row()
        return super().event(event)

    def show_help(self, shown: bool) -> None:
        self.help_button.setVisible(shown)
        self._update()

    def show_more(self, more: bool) -> None:
        if more != self.more_button.isVisibleTo(self):
            self.more_button.setVisible(more)
            self._update()

    def hold_controls(self, holds: bool) -> None:
        self._holds_controls = holds
        self.reach_button.setChecked(holds)
        self._update()
        self.fit_controls()

    def _update(self) -> None:
        buttons = (self.reach_button, self.more_button, self.help_button)
        wanted = self._holds_controls or any(not button.isHidden() for button in buttons)
        set_shown(self, wanted)

    def fit_controls(self) -> None:
        margins = self._outer.contentsMargins()
        self.controls.arrange(self.width() - margins.left() - margins.right())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_row()
        self.fit_controls()
