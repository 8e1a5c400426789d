"""The home screen's foot: the low-reach switch, "more below" as a real control, and —
while low reach is on — every control of the header, all within a seated visitor's reach.

Part of the layout, not laid over it: the old floating "▼ Przewiń w dół" looked like a
button, ignored taps and covered tile text at 150/200 % (issue 29)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, tr
from kiosk.ui.home.control_rows import ControlRows
from kiosk.ui.widgets.focus import KEY_FOCUS
from kiosk.ui.widgets.icons import icon, toggle_icon

LOW_REACH = N_("Obniż ekran")
MORE_BELOW = N_("Więcej informacji niżej")


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
        self.reach_button.setVisible(low_reach_mode == "button")
        self.reach_button.clicked.connect(self.low_reach_toggled)
        self.more_button = _footer_button(MORE_BELOW, "more")
        self.more_button.hide()
        self.more_button.clicked.connect(self.more_requested)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.reach_button)
        row.addStretch(1)
        row.addWidget(self.more_button)
        outer.addLayout(row)
        self._holds_controls = False
        self._update()

    def set_icon_colour(self, colour: str, on_fill: str) -> None:
        self.reach_button.setIcon(toggle_icon("low_reach", colour, on_fill))
        self.more_button.setIcon(icon("more", colour))

    def retranslate(self, language: str) -> None:
        for button in (self.reach_button, self.more_button):
            button.setText(tr(button.property("msgid"), language))
            button.setAccessibleName(button.text())

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
        wanted = self._holds_controls or not self.reach_button.isHidden() or not self.more_button.isHidden()
        self.setVisible(wanted)

    def fit_controls(self) -> None:
        margins = self._outer.contentsMargins()
        self.controls.arrange(self.width() - margins.left() - margins.right())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_controls()
