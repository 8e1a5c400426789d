"""Buttons in as many rows as they need (the home header and foot, the e-service bar): a
button's text does not wrap, so at large text or on a narrow portrait screen the groups
flow onto a second row instead of being squeezed ("Tekst: 200 %" lost its end)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

BUTTON_GAP = 12
GROUP_GAP = 24


def flow(widths: list[int], available: int, gap: int = GROUP_GAP) -> list[list[int]]:
    """Indexes of groups per row, in order: a group goes to the next row when it does not
    fit beside the ones before it; an empty group (all hidden) stays where it is (pure)."""
    rows: list[list[int]] = []
    used = 0
    for index, width in enumerate(widths):
        if rows and (width == 0 or used + gap + width <= available):
            rows[-1].append(index)
            used += gap + width if width else 0
        else:
            rows.append([index])
            used = width
    return rows


def _hidden(widget: QWidget) -> bool:
    """Hidden on purpose ("end session" without a session); a button not placed in a row
    yet is not (it has no parent, so Qt calls it hidden too)."""
    return widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide) and widget.isHidden()


class ControlRows:
    """Groups of buttons (the visitor's choices, the languages, "end session"); the last
    group keeps to the right-hand edge of its row."""

    def __init__(self, parent: QVBoxLayout) -> None:
        self.layout = QVBoxLayout()
        self.layout.setSpacing(8)
        parent.addLayout(self.layout)
        self.groups: list[list[QWidget]] = []
        self._placed: tuple[list[list[int]], int] | None = None

    def set_groups(self, groups: list[list[QWidget]]) -> None:
        self.groups = groups
        self._placed = None

    def _width(self, group: list[QWidget]) -> int:
        shown = [widget for widget in group if not _hidden(widget)]
        return sum(widget.sizeHint().width() for widget in shown) + BUTTON_GAP * max(0, len(shown) - 1)

    def _units(self, available: int) -> list[list[QWidget]]:
        """The groups, a group wider than a whole row split into its buttons (the speech
        controls at 200 % on a portrait screen)."""
        units: list[list[QWidget]] = []
        for group in self.groups:
            if len(group) > 1 and self._width(group) > available:
                units.extend([widget] for widget in group)
            else:
                units.append(group)
        return units

    def arrange(self, available: int) -> None:
        """Place the groups for ``available`` pixels of width (again only if that changes rows)."""
        units = self._units(available)
        placed = flow([self._width(unit) for unit in units], available)
        if (placed, len(units)) == self._placed:
            return
        self._placed = (placed, len(units))
        while self.layout.count():
            old = self.layout.takeAt(0).layout()
            while old.count():
                old.takeAt(0)
            old.deleteLater()
        last = len(units) - 1
        for row_groups in placed:
            row = QHBoxLayout()
            row.setSpacing(BUTTON_GAP)
            for position, index in enumerate(row_groups):
                if index == last:
                    row.addStretch(1)
                elif position:
                    row.addSpacing(GROUP_GAP - BUTTON_GAP)
                for widget in units[index]:
                    row.addWidget(widget)  # a hidden one waits in its row, taking no room
            if last not in row_groups:
                row.addStretch(1)
            self.layout.addLayout(row)
