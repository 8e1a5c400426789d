"""A tappable card whose height follows its (wrapped) text, unlike a QPushButton.

It is a real button to everything but the eye: a QAbstractButton, so a screen reader
finds a push button with a name and a "press" action (Qt's QAccessibleButton), Tab
reaches it and Space presses it, where a QFrame was an anonymous panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QSizePolicy, QStyle, QStyleOption

from kiosk.ui.screens.overlays import plain_label
from kiosk.ui.widgets.focus import KEY_FOCUS


class TouchCard(QAbstractButton):
    """Emits ``tapped`` when pressed and released inside it (a tap, Space, Enter, or a
    screen reader's press action); shows a pressed state to the style sheet."""

    tapped = Signal()

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setFocusPolicy(KEY_FOCUS)
        self.setProperty("pressed", False)
        self.setMinimumHeight(64)
        self.pressed.connect(lambda: self._set_pressed(True))
        self.released.connect(lambda: self._set_pressed(False))
        # QAbstractButton.clicked carries "checked": a slot with a default argument would
        # receive it, so callers connect to a signal without one.
        self.clicked.connect(lambda _checked=False: self.tapped.emit())

    def _set_pressed(self, pressed: bool) -> None:
        self.setProperty("pressed", pressed)
        self.style().unpolish(self)
        self.style().polish(self)

    def paintEvent(self, _event) -> None:
        # The style sheet's background, border and radius (#Tile, #NewsItem), as QFrame drew them.
        option = QStyleOption()
        option.initFrom(self)
        painter = QPainter(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.animateClick()
            return
        super().keyPressEvent(event)


class WrappingButton(TouchCard):
    """A button whose text wraps onto more lines instead of being cut ("Wszystkie urzędy
    (17) ▾" at 200 % text in a narrow card): a QPushButton's text never wraps."""

    def __init__(self, object_name: str) -> None:
        super().__init__(object_name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        self.label = plain_label("")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.label)

    def setText(self, text: str) -> None:  # the QPushButton name callers know
        self.label.setText(text)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self.label.text()
