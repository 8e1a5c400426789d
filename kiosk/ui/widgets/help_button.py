"""The "Pomoc" control ([help] enabled): one kind of button on every screen a visitor
meets — the home screen's foot, the e-service bar, the closed screen, an alert. Each
screen builds it hidden; the window's help part (kiosk/ui/window/help.py) shows it when
the config enables it and answers its press."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPushButton

from kiosk.core.i18n import N_, tr
from kiosk.ui.widgets.focus import KEY_FOCUS

HELP = N_("Pomoc")
HELP_SENT = N_("Pracownik został powiadomiony")
MIN_SIDE = 44  # px: a touch target (WCAG 2.5.5)


def help_button(object_name: str, icon_px: int) -> QPushButton:
    """Hidden until the help part shows it; named in Polish until :func:`name_help_button`."""
    button = QPushButton(tr(HELP, "pl"))
    button.setObjectName(object_name)
    button.setProperty("msgid", HELP)
    button.setProperty("icon_name", "help")
    button.setProperty("help_control", True)
    button.setIconSize(QSize(icon_px, icon_px))
    button.setMinimumSize(MIN_SIDE, MIN_SIDE)
    button.setFocusPolicy(KEY_FOCUS)
    button.setAccessibleName(button.text())
    button.hide()
    return button


def name_help_button(button: QPushButton, language: str) -> None:
    button.setText(tr(HELP, language))
    button.setAccessibleName(button.text())
