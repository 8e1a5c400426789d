"""The screens of the schedule and of emergency alerts: the calm "closed" screen, the
full-screen alert, the black cover of a display that could not be switched off, and the
banner of a moderate or minor alert. Each speaks the visitor's language and has a way on:
the closed screen shows the county's information, the alert is read, not dismissed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QScrollArea, QScroller, QVBoxLayout, QWidget

from kiosk.core.i18n import LANGUAGES, N_, tr
from kiosk.ui.screens.overlays import Overlay, plain_label
from kiosk.ui.widgets.help_button import help_button, name_help_button
from kiosk.ui.widgets.icons import icon
from kiosk.ui.widgets.language_button import language_button

if TYPE_CHECKING:
    from kiosk.ui.screens.overlay_stack import OverlayStack

SEVERITY_TEXT = {
    "extreme": N_("ALARM — zagrożenie życia"),
    "severe": N_("OSTRZEŻENIE"),
    "moderate": N_("Komunikat"),
    "minor": N_("Informacja"),
}
#: The home header's texts for the same controls (kiosk/ui/home/home.py): one name for one action.
TEXT_SIZE = N_("Tekst: {percent} %")
CONTRAST = N_("Kontrast")


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
    """Outside opening hours, between visitors: when the urząd opens next.

    A visitor who cannot read it as it is gets the home header's controls here too: text
    size, contrast and language. They ask the window (``text_size_toggled``,
    ``contrast_toggled``, ``language_chosen``, as the home screen does); the window's
    choice comes back through :meth:`present`, so the screen changes at once."""

    layer = "closed"
    card_width = 1200
    browse_requested = Signal()  # "show the county's information"
    language_chosen = Signal(str)
    text_size_toggled = Signal()
    contrast_toggled = Signal()

    def __init__(self, parent: QWidget, stack: OverlayStack) -> None:
        super().__init__(parent, stack)
        self.setObjectName("ClosedScreen")
        self.place = plain_label("", "Muted")
        self.title = plain_label("", "ClosedTitle")
        self.opening = plain_label("", "OverlayText")
        self.browse = QPushButton()
        self.browse.setObjectName("PrimaryButton")
        self.browse.clicked.connect(self.browse_requested)
        self.text_size_button = self._choice_button("text_size")
        self.text_size_button.clicked.connect(self.text_size_toggled)
        self.contrast_button = self._choice_button("contrast")
        self.contrast_button.setCheckable(True)  # a toggle: a screen reader says whether it is on
        self.contrast_button.clicked.connect(self.contrast_toggled)
        languages, self.language_buttons = language_row(self.language_chosen.emit)
        for button in self.language_buttons.values():
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.help_button = help_button("ClosedChoice", 28)  # "Pomoc": shown by the window's help part
        appearance = QHBoxLayout()
        appearance.addWidget(self.text_size_button)
        appearance.addWidget(self.contrast_button)
        appearance.addWidget(self.help_button)
        # Two groups side by side, or one above the other when they do not fit (see cover()).
        self.controls = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.controls.setSpacing(24)
        self.controls.addLayout(appearance)
        self.controls.addLayout(languages)
        for widget in (self.place, self.title, self.opening):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.card_layout.addWidget(widget)
        self.card_layout.addWidget(self.browse)
        self.card_layout.addLayout(self.controls)
        self._icon_colour = ""

    def _choice_button(self, icon_name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName("ClosedChoice")
        button.setProperty("icon_name", icon_name)
        button.setIconSize(QSize(28, 28))
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def set_icon_colour(self, colour: str) -> None:
        """The buttons' icons in the theme's text colour (high contrast included)."""
        if colour == self._icon_colour:
            return
        self._icon_colour = colour
        for button in (self.text_size_button, self.contrast_button, self.help_button):
            button.setIcon(icon(button.property("icon_name"), colour))

    def present(
        self, opening: str | None, language: str, place: str = "", text_scale: float = 1.0, high_contrast: bool = False
    ) -> None:
        self.place.setText(place)
        self.place.setVisible(bool(place))
        self.title.setText(tr("Urząd jest teraz nieczynny", language))
        when = tr("Zapraszamy: {when}", language).replace("{when}", opening) if opening else ""
        self.opening.setText(when)
        self.opening.setVisible(bool(when))
        self.browse.setText(tr("Informacje powiatu", language))
        size = tr(TEXT_SIZE, language).replace("{percent}", str(round(text_scale * 100)))
        self.text_size_button.setText(size)
        self.text_size_button.setAccessibleName(size)
        self.contrast_button.setText(tr(CONTRAST, language))
        self.contrast_button.setAccessibleName(tr(CONTRAST, language))
        self.contrast_button.setChecked(high_contrast)
        name_help_button(self.help_button, language)
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
        # At 200 % text on a portrait screen the five buttons are wider than the card: the
        # language group goes below the text size and contrast rather than squeeze them.
        buttons = [self.text_size_button, self.contrast_button, *self.language_buttons.values()]
        buttons += [self.help_button] if not self.help_button.isHidden() else []
        row = self.controls.itemAt(0).layout()
        needed = sum(b.sizeHint().width() for b in buttons) + row.spacing() * (len(buttons) - 2)
        needed += self.controls.spacing()
        fits = needed <= width
        self.controls.setDirection(QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom)


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
        self.help_button = help_button("LanguageChoice", 28)  # "Pomoc": shown by the window's help part
        row.addSpacing(24)
        row.addWidget(self.help_button)
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
        name_help_button(self.help_button, language)
        self.help_button.setIcon(icon("help", self.palette().buttonText().color().name()))
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
