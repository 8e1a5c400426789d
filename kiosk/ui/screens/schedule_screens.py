"""The screens of the schedule and of emergency alerts: the calm "closed" screen, the
full-screen alert, the black cover of a display that could not be switched off, and the
banner of a moderate or minor alert. Each speaks the visitor's language and has a way on:
the closed screen shows the county's information, the alert is read, not dismissed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QScroller, QVBoxLayout, QWidget

from kiosk.core.i18n import LANGUAGES, N_, tr
from kiosk.ui.screens.overlays import Overlay, plain_label
from kiosk.ui.widgets.language_button import language_button

if TYPE_CHECKING:
    from kiosk.ui.screens.overlay_stack import OverlayStack

SEVERITY_TEXT = {
    "extreme": N_("ALARM — zagrożenie życia"),
    "severe": N_("OSTRZEŻENIE"),
    "moderate": N_("Komunikat"),
    "minor": N_("Informacja"),
}


def alert_text(alert: Any, language: str) -> tuple[str, str, str]:
    """Headline, description and instruction of an alert in ``language`` (Polish when
    not translated)."""
    parts = (alert.headline, alert.description, alert.instruction)
    return tuple(part.get(language) if part is not None else "" for part in parts)  # type: ignore[return-value]


def language_row(chosen: Callable[[str], None]) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    row = QHBoxLayout()
    buttons = {}
    for code in LANGUAGES:
        buttons[code] = button = language_button(code, "LanguageChoice", chosen)
        row.addWidget(button)
    return row, buttons


class ClosedScreen(Overlay):
    """Outside opening hours, between visitors: when the urząd opens next."""

    layer = "closed"
    card_width = 1200
    browse_requested = Signal()  # "show the county's information"
    language_chosen = Signal(str)

    def __init__(self, parent: QWidget, stack: OverlayStack) -> None:
        super().__init__(parent, stack)
        self.setObjectName("ClosedScreen")
        self.place = plain_label("", "Muted")
        self.title = plain_label("", "ClosedTitle")
        self.opening = plain_label("", "OverlayText")
        self.browse = QPushButton()
        self.browse.setObjectName("PrimaryButton")
        self.browse.clicked.connect(self.browse_requested)
        row, self.language_buttons = language_row(self.language_chosen.emit)
        for widget in (self.place, self.title, self.opening):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.card_layout.addWidget(widget)
        self.card_layout.addWidget(self.browse)
        self.card_layout.addLayout(row)

    def present(self, opening: str | None, language: str, place: str = "") -> None:
        self.place.setText(place)
        self.place.setVisible(bool(place))
        self.title.setText(tr("Urząd jest teraz nieczynny", language))
        when = tr("Zapraszamy: {when}", language).replace("{when}", opening) if opening else ""
        self.opening.setText(when)
        self.opening.setVisible(bool(when))
        self.browse.setText(tr("Informacje powiatu", language))
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        if not self.isVisible():
            self.show_over()
        else:
            self.cover()  # new texts: new heights

    def cover(self) -> None:
        super().cover()
        # A card sized by its layout's hint gives wrapped labels the height of a narrower
        # card: at 200 % text the title was cut. Each takes the height its width needs.
        margins = self.card_layout.contentsMargins()
        width = self.card.minimumWidth() - margins.left() - margins.right()
        for label in (self.place, self.title, self.opening):
            label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)


class AlertScreen(Overlay):
    """An extreme or severe alert over everything; it stays until it expires or is removed.

    The texts scroll (drag with a finger) inside a card as wide as the screen allows: at
    200 % text a long RCB message must still be read whole."""

    layer = "alert"
    card_width = 1700
    language_chosen = Signal(str)

    def __init__(self, parent: QWidget, stack: OverlayStack) -> None:
        super().__init__(parent, stack)
        self.setObjectName("AlertScreen")
        self.card.setMaximumWidth(1800)
        self.severity = plain_label("", "AlertSeverity")
        self.headline = plain_label("", "AlertHeadline")
        self.description = plain_label("", "OverlayText")
        self.instruction = plain_label("", "AlertInstruction")
        self.notice = plain_label("", "Countdown")
        texts = QWidget()
        texts.setObjectName("AlertTexts")
        column = QVBoxLayout(texts)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        for widget in (self.severity, self.headline, self.description, self.instruction):
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("OverlayScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(texts)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        row, self.language_buttons = language_row(self.language_chosen.emit)
        self.card_layout.addWidget(self.scroll, 1)
        self.card_layout.addWidget(self.notice)
        self.card_layout.addLayout(row)
        self.alert_id = ""

    def cover(self) -> None:
        super().cover()
        # The card takes the screen's height less a margin; the texts scroll inside it.
        height = max(320, self.height() - 80)
        self.card.setMinimumHeight(min(height, 900))
        self.card.setMaximumHeight(height)

    def present(self, alert: Any, language: str, notice: str = "") -> None:
        headline, description, instruction = alert_text(alert, language)
        self.alert_id = alert.id
        self.severity.setText(tr(SEVERITY_TEXT[alert.severity], language))
        self.headline.setText(headline)
        self.description.setText(description)
        self.description.setVisible(bool(description))
        self.instruction.setText(instruction)
        self.instruction.setVisible(bool(instruction))
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        if not self.isVisible():
            self.show_over()
        else:
            self.cover()


class BlankScreen(Overlay):
    """Black over everything but an alert: the display could not be switched off (or the
    backend is ``none``). A touch asks to wake."""

    layer = "blank"
    touched = Signal()

    def __init__(self, parent: QWidget, stack: OverlayStack) -> None:
        super().__init__(parent, stack)
        self.setObjectName("BlankScreen")
        self.card.hide()

    def mousePressEvent(self, event) -> None:
        event.accept()
        self.touched.emit()


class AlertBanner(QWidget):
    """A moderate or minor alert: one line on the home screen and above a service page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AlertBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        self.label = plain_label("", "AlertBannerText")
        layout.addWidget(self.label, 1)
        self.hide()

    def present(self, alert: Any | None, language: str) -> None:
        if alert is None:
            self.hide()
            return
        headline, description, instruction = alert_text(alert, language)
        words = " — ".join(part for part in (headline, instruction or description) if part)
        self.label.setText(f"⚠ {tr(SEVERITY_TEXT[alert.severity], language)}: {words}")
        self.show()
