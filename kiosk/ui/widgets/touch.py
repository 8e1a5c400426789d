"""A tappable card whose height follows its (wrapped) text, unlike a QPushButton."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy

from kiosk.ui.screens.overlays import plain_label


class TouchCard(QFrame):
    """Emits ``clicked`` when a press is released inside it; shows a pressed state."""

    clicked = Signal()

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setProperty("pressed", False)
        self.setMinimumHeight(64)

    def _set_pressed(self, pressed: bool) -> None:
        self.setProperty("pressed", pressed)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._set_pressed(True)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        was_pressed = bool(self.property("pressed"))
        self._set_pressed(False)
        if (
            was_pressed
            and event.button() == Qt.MouseButton.LeftButton
            and self.rect().contains(event.position().toPoint())
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def click(self) -> None:
        """Programmatic tap (tests, keyboard activation)."""
        self.clicked.emit()


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
