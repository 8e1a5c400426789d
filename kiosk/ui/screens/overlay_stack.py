"""One stack for every overlay of the kiosk window: their order, which of them keep the
attract screen away, which leave room for the on-screen keyboard, and who owns the keyboard.

Each overlay names its layer and registers itself when it is built (most are built after
the first paint); showing one restacks them all. Nothing else in the window lists overlays.

While any overlay is shown it covers the visitor's page, and a cover owns the keyboard:
the topmost overlay takes the focus and the listeners (the browser screen) take every
input from the web view until the last overlay is gone (issue 26: a PIN typed on a USB
keyboard over a service page went to the page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True)
class Layer:
    name: str
    blocks_attract: bool  # while shown, the slideshow does not start
    above_keyboard: bool  # takes typing: covers the window above the keyboard only


#: Bottom to top. The idle warning is above everything a page or a technician can open;
#: a blanked display above that, and an emergency alert above everything.
LAYERS: tuple[Layer, ...] = (
    Layer("closed", blocks_attract=True, above_keyboard=False),  # outside opening hours, between visitors
    Layer("dialogs", blocks_attract=True, above_keyboard=True),  # a page's alert/confirm/prompt
    Layer("news", blocks_attract=True, above_keyboard=True),
    Layer("pin_pad", blocks_attract=True, above_keyboard=False),
    Layer("admin", blocks_attract=True, above_keyboard=False),
    Layer("wiped", blocks_attract=False, above_keyboard=False),
    Layer("warning", blocks_attract=True, above_keyboard=False),
    Layer("blank", blocks_attract=True, above_keyboard=False),  # the display off, drawn black
    Layer("alert", blocks_attract=True, above_keyboard=False),  # extreme/severe emergency alert
)
_ORDER = {layer.name: index for index, layer in enumerate(LAYERS)}
_BY_NAME = {layer.name: layer for layer in LAYERS}


class OverlayStack:
    """The overlays of one window, by layer."""

    def __init__(self, keyboard_height: Callable[[], int]) -> None:
        self._widgets: dict[str, QWidget] = {}
        self._keyboard_height = keyboard_height
        self._cover_listeners: list[Callable[[bool], None]] = []
        self._top_listeners: list[Callable[[QWidget | None], None]] = []
        self._top: QWidget | None = None
        #: Low reach: the first row of the reachable band; cards are placed below it.
        self.reach_top = 0

    def on_cover(self, listener: Callable[[bool], None]) -> None:
        """Call ``listener(covered)`` now and whenever an overlay is shown or hidden."""
        self._cover_listeners.append(listener)
        listener(self.any_visible())

    def on_top_changed(self, listener: Callable[[QWidget | None], None]) -> None:
        """Call ``listener(top)`` whenever another overlay becomes the topmost (or none is)."""
        self._top_listeners.append(listener)

    def shown_or_hidden(self) -> None:
        """An overlay was shown or hidden (its show and hide events call this)."""
        covered = self.any_visible()
        for listener in self._cover_listeners:
            listener(covered)
        top = self.top()
        if top is not self._top:
            self._top = top
            for top_listener in self._top_listeners:
                top_listener(top)
        if top is not None:
            focus = QApplication.focusWidget()
            if focus is None or not (focus is top or top.isAncestorOf(focus)):
                top.setFocus(Qt.FocusReason.OtherFocusReason)

    def top(self) -> QWidget | None:
        """The shown overlay above all others."""
        shown = [widget for _layer, widget in self.visible()]
        return shown[-1] if shown else None

    def add(self, name: str, widget: QWidget) -> None:
        if name not in _BY_NAME:
            raise KeyError(f"no overlay layer {name!r}; the layers are {', '.join(_ORDER)}")
        self._widgets[name] = widget

    def get(self, name: str) -> QWidget | None:
        return self._widgets.get(name)

    def visible(self) -> Iterator[tuple[Layer, QWidget]]:
        """Shown overlays, bottom to top."""
        for layer in LAYERS:
            widget = self._widgets.get(layer.name)
            if widget is not None and widget.isVisible():
                yield layer, widget

    def any_visible(self) -> bool:
        return next(self.visible(), None) is not None

    def blocks_attract(self) -> bool:
        return any(layer.blocks_attract for layer, _ in self.visible())

    def restack(self) -> None:
        """Raise the shown overlays in layer order (call after showing one)."""
        for _layer, widget in self.visible():
            widget.raise_()

    def cover(self, only_above_keyboard: bool = False) -> None:
        """Fit the shown overlays to the window (after a resize, or the keyboard moved)."""
        for layer, widget in self.visible():
            if not only_above_keyboard or layer.above_keyboard:
                widget.cover()  # type: ignore[attr-defined]
        self.restack()

    def reserve_for(self, name: str) -> int:
        """Pixels at the bottom an overlay leaves free (the keyboard, if it takes typing)."""
        return self._keyboard_height() if _BY_NAME[name].above_keyboard else 0
