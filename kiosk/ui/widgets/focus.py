"""Keyboard and switch focus: who may take it, where Tab goes, and the ring that shows it.

The ring is two rings, black outside and yellow inside: whatever the colour behind a
control (the county's header, a white card, the high-contrast black), one of them has
at least 3:1 against it and the two have 15:1 against each other (WCAG 2.2 2.4.13; the
GOV.UK focus style works the same way).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

#: Focus by Tab or a switch, never by a tap: a tap on a button must not take the focus
#: (and the keyboard) from a web field, nor leave a ring where a finger was.
KEY_FOCUS = Qt.FocusPolicy.TabFocus

RING_OUTER = "#000000"
RING_INNER = "#ffdd00"
RING_WIDTH = 3  # px each: 6 px in all


def tab_chain(container: QWidget) -> list[QWidget]:
    """The widgets inside ``container`` that Tab can reach now, in the order of the widget
    tree (Qt's focus-chain order for widgets built in layout order, as the covers are).

    Not a walk with ``nextInFocusChain()``: PySide6 6.11 records each widget such a call
    returns as a child of the widget asked (its return-value heuristic), so a walk round
    the window made the window the "child" of the visitor's web view, and deleting the view
    at the wipe invalidated the wrappers of living objects (the window's QWindow, the
    keyboard's root item, scroll viewports): four leaked per visitor, new ones made each time.
    """
    return [
        widget
        for widget in container.findChildren(QWidget)
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def move_focus_within(container: QWidget, forward: bool) -> bool:
    """Tab inside ``container`` only, wrapping at its ends: focus never leaves a cover for
    what lies behind it."""
    chain = tab_chain(container)
    if not chain:
        return False
    current = QApplication.focusWidget()
    index = chain.index(current) if current in chain else (-1 if forward else 0)
    chain[(index + (1 if forward else -1)) % len(chain)].setFocus(
        Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    )
    return True


def shows_ring(widget: QWidget | None) -> bool:
    """Controls the kiosk draws a ring on (a web page draws its own)."""
    return isinstance(widget, (QAbstractButton, QLineEdit)) and widget.window().isVisible()


class FocusRing(QWidget):
    """Drawn over the focused control, as its child: it scrolls and clips with it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("FocusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._target: QWidget | None = None
        self.hide()
        QApplication.instance().focusChanged.connect(self._focus_changed)

    @property
    def target(self) -> QWidget | None:
        return self._target

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._target is not None:
            self._target.removeEventFilter(self)
        if not shows_ring(new):
            self._target = None
            self.hide()
            self.setParent(None)
            return
        self._target = new
        self.setParent(new)
        new.installEventFilter(self)  # a filter on one widget: safe (not the QApplication)
        self.setGeometry(new.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._target.rect())
        return False

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for inset, colour in ((RING_WIDTH / 2, RING_OUTER), (RING_WIDTH * 1.5, RING_INNER)):
            painter.setPen(QPen(QColor(colour), RING_WIDTH))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 10, 10)
