"""In-window overlays: JS dialogs, short notices. Never a native dialog or second window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.i18n import tr
from kiosk.ui.widgets.focus import move_focus_within

if TYPE_CHECKING:
    from kiosk.ui.screens.overlay_stack import OverlayStack


def plain_label(text: str = "", object_name: str = "") -> QLabel:
    """A QLabel that never interprets rich text (page-supplied text is untrusted)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    if object_name:
        label.setObjectName(object_name)
    return label


def repolish(*widgets: QWidget) -> None:
    """Apply the style sheet again after a property one of its selectors reads changed
    (``#Tile[compact="true"]``). A widget not polished yet is left alone: its first
    polish reads the new value, and polishing it now would do that work twice."""
    for widget in widgets:
        if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class Overlay(QWidget):
    """Covers its parent window, dims it, and shows a centred card.

    With a stack, the overlay takes its place in it (``layer``): the stack orders the
    shown overlays and says how much room to leave for the on-screen keyboard."""

    #: The overlay's layer in :data:`kiosk.ui.screens.overlay_stack.LAYERS`.
    layer = ""
    #: The card's width when the window has room for it (at most the window less 40 px).
    card_width = 640

    def __init__(self, parent: QWidget, stack: OverlayStack | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        self._release_watch = QTimer(self)  # see dismiss()
        self._release_watch.setInterval(20)
        self._release_watch.timeout.connect(self._hide_when_released)
        if stack is not None:
            stack.add(self.layer, self)
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # A cover takes the keyboard (OverlayStack.shown_or_hidden gives it the focus).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._outer = outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame(self)
        self.card.setObjectName("OverlayCard")
        self.card.setMaximumWidth(900)
        # As tall as its content: wrapped labels otherwise let the card fill the window.
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(40, 36, 40, 36)
        self.card_layout.setSpacing(24)
        outer.addWidget(self.card)
        self.hide()

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            rect = parent.rect()
            if self._stack is not None:
                rect.setHeight(rect.height() - self._stack.reserve_for(self.layer))
                # Low reach: the card in the reachable band (centred within it).
                self._outer.setContentsMargins(0, min(self._stack.reach_top, rect.height() // 2), 0, 0)
            # From the window's size now, not when the overlay was built: the same card
            # whatever the order of construction, and after a rotation too.
            self.card.setMinimumWidth(min(self.card_width, max(320, rect.width() - 40)))
            self.setGeometry(rect)

    def dismiss(self) -> None:
        """Hide, but not under a finger: while a press is held, only once it is released.

        The kiosk sees input at its QWindow before any widget does, so an overlay hidden
        on a press (any input ends the idle warning) would let that press, and its release,
        reach whatever lies beneath: a key of the on-screen keyboard typed a letter into a
        visitor's form (issue 16). Held, the press and the release both end on the overlay."""
        if QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self.hide()
            return
        if not self._release_watch.isActive():
            self._release_watch.start()

    def _hide_when_released(self) -> None:
        if QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self._release_watch.stop()
            self.hide()

    def mousePressEvent(self, event) -> None:
        event.accept()  # nothing beneath an overlay takes a tap on it

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.escape()
        event.accept()  # nor a key: an ignored key would travel up to the window

    def escape(self) -> None:
        """Escape pressed: overlays with a way back (cancel, close) take it."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return move_focus_within(self, next) or True  # never out from under the cover

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stack is not None:
            self._stack.shown_or_hidden()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self._stack is not None:
            self._stack.shown_or_hidden()

    def show_over(self) -> None:
        """Show above the window; the stack puts every shown overlay in its order."""
        self.cover()
        self.show()
        if self._stack is not None:
            self._stack.restack()
        else:
            self.raise_()


class DialogOverlay(Overlay):
    """Kiosk-styled alert / confirm / prompt for web pages (implements DialogPresenter).

    ``alert`` returns at once. ``confirm`` and ``prompt`` must return an answer to the
    page synchronously, so they run a nested event loop exactly like QMessageBox would;
    :meth:`dismiss_all` ends every such loop with "cancel" (used by the wipe).
    """

    shown = Signal()
    layer = "dialogs"

    def __init__(self, parent: QWidget, language: Callable[[], str], stack: OverlayStack | None = None) -> None:
        super().__init__(parent, stack)
        self._language = language
        self.text = plain_label("", "OverlayText")
        self.input = QLineEdit()
        self.input.setMaxLength(1000)
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("PrimaryButton")
        self.cancel_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        self.card_layout.addWidget(self.text)
        self.card_layout.addWidget(self.input)
        self.card_layout.addLayout(buttons)
        self.ok_button.clicked.connect(lambda: self._finish(True))
        self.cancel_button.clicked.connect(lambda: self._finish(False))
        self._loops: list[QEventLoop] = []
        self._answer: bool = False
        self.shown_count = 0

    @property
    def waiting(self) -> bool:
        """True while a page waits for an answer inside a nested event loop."""
        return bool(self._loops)

    def _present(self, text: str, with_cancel: bool, with_input: bool, default: str = "") -> None:
        lang = self._language()
        self.text.setText(text)
        self.ok_button.setText(tr("OK", lang))
        self.cancel_button.setText(tr("Anuluj", lang))
        self.cancel_button.setVisible(with_cancel)
        self.input.setVisible(with_input)
        self.input.setText(default)
        self.shown_count += 1
        self.show_over()
        self.shown.emit()
        (self.input if with_input else self.ok_button).setFocus()

    def _finish(self, accepted: bool) -> None:
        self._answer = accepted
        self.hide()
        if self._loops:
            self._loops[-1].quit()

    def escape(self) -> None:
        self._finish(False)  # as the page's own "cancel"

    def _wait(self) -> bool:
        loop = QEventLoop()
        self._loops.append(loop)
        try:
            loop.exec()
        finally:
            self._loops.remove(loop)
        return self._answer

    def alert(self, text: str) -> None:
        self._present(text, with_cancel=False, with_input=False)

    def confirm(self, text: str) -> bool:
        self._present(text, with_cancel=True, with_input=False)
        return self._wait()

    def prompt(self, text: str, default: str) -> str | None:
        self._present(text, with_cancel=True, with_input=True, default=default)
        accepted = self._wait()
        value = self.input.text()
        self.input.clear()
        return value if accepted else None

    def dismiss_all(self) -> None:
        """Answer every open dialog with "cancel" and hide (the wipe calls this first)."""
        self._answer = False
        self.input.clear()
        self.hide()
        for loop in list(self._loops):
            loop.quit()


class Toast(QLabel):
    """A short message at the bottom of the window that disappears by itself."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Toast")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, seconds: float = 6.0) -> None:
        parent = self.parentWidget()
        self.setText(text)
        width = min(900, parent.width() - 80) if parent else 600
        self.setFixedWidth(max(300, width))
        self.adjustSize()
        if parent is not None:
            self.move((parent.width() - self.width()) // 2, parent.height() - self.height() - 48)
        self.show()
        self.raise_()
        self._timer.start(int(seconds * 1000))

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()
