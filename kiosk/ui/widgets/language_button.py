"""One way of naming a language on every screen: the short label a visitor reads (PL, EN,
UA — kiosk.core.i18n says why not "UK"), the language's own name for screen readers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton

from kiosk.core.i18n import LANGUAGE_LABELS, LANGUAGE_NAMES


def language_button(code: str, object_name: str, chosen: Callable[[str], None]) -> QPushButton:
    """A checkable button that chooses language ``code``."""
    button = QPushButton(LANGUAGE_LABELS[code])
    button.setAccessibleName(LANGUAGE_NAMES[code])
    button.setObjectName(object_name)
    button.setCheckable(True)
    button.clicked.connect(lambda _checked=False: chosen(code))
    return button
