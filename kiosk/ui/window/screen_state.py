"""Which screen the kiosk shows, as one word for monitoring (``infomat_screen``): read
from the window's parts without building any of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.window.window import KioskWindow


def current_screen(window: KioskWindow) -> str:
    """home, service, attract, warning, admin, problem (a friendly error page), alert (an
    emergency alert over everything), closed (outside opening hours) or dark (display off)."""
    part = getattr(window, "schedule_part", None)
    if part is not None:
        if part.alert_screen.isVisible():
            return "alert"
        if part.display_on is False:
            return "dark"
    if window.admin_part.showing():
        return "admin"
    if window.screens_built and window.warning.isVisible():
        return "warning"
    attract = window.attract_part.screen
    if attract is not None and attract.isVisible():
        return "attract"
    if part is not None and part.closed_screen.isVisible():
        return "closed"
    if window.is_home() or not window.screens_built:
        return "home"
    return "problem" if window.browser.showing_problem() is not None else "service"
