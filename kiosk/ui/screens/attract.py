"""When the attract screen shows: after ``after_seconds`` without input on the home screen.

The screen itself (kiosk/ui/screens/attract_screen.py) is imported when it is first shown: nobody
sees it in the first minutes, and its module is not on the start-up path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.content.service import ContentService
    from kiosk.ui.screens.attract_screen import AttractContent, AttractScreen


class AttractPart(QObject):
    """When to show the poster: ``after_seconds`` without input, on the home screen,
    with no visitor session and nothing on the screen that the visitor is reading."""

    def __init__(
        self,
        window: QWidget,
        config: KioskConfig,
        content: ContentService,
        clock: Callable[[], dt.datetime],
        language: Callable[[], str],
        may_start: Callable[[], bool],
        blocked: Callable[[], bool],
        minute_passed: SignalInstance | None = None,
    ) -> None:
        """``minute_passed``: the home header's once-a-minute signal; the poster's clock
        and date follow it (no second timer)."""
        super().__init__(window)
        self._window, self.config, self._content, self._clock = window, config, content, clock
        self._language, self._may_start, self._blocked = language, may_start, blocked
        self.screen: AttractScreen | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.setInterval(config.attract.after_seconds * 1000)
        self._timer.timeout.connect(self.start)
        if minute_passed is not None:
            minute_passed.connect(self._refresh)

    def build(self) -> AttractScreen:
        if self.screen is None:
            from kiosk.ui.screens.attract_screen import ATTRACT_CREST_PX, AttractScreen

            crest = None
            if self.config.theme.logo:
                from kiosk.ui.home.crest import crest_pixmap

                crest = crest_pixmap(self.config.resolve(self.config.theme.logo), ATTRACT_CREST_PX, self._ratio())
            self.screen = AttractScreen(self._window, self.config.attract.slide_seconds, crest)
            self.screen.dismissed.connect(self.restart)
        return self.screen

    def _ratio(self) -> float:
        screen = self._window.screen()
        return screen.devicePixelRatio() if screen is not None else 1.0

    def restart(self) -> None:
        """Input, a wipe, a dismissed poster: count the quiet time from now."""
        self._timer.start()

    def stop(self) -> None:
        if self.screen is not None:
            self.screen.stop()

    def _content_now(self) -> AttractContent:
        from kiosk.ui.screens.attract_screen import attract_content

        language = self._language()
        return attract_content(
            self.config,
            self._clock(),
            self._content.upcoming_events(language),
            self._content.news_items(),
            language,
        )

    def _refresh(self) -> None:
        if self.screen is not None and self.screen.isVisible():
            self.screen.show_content(self._content_now(), self._language())

    def start(self) -> None:
        """Show the poster if nobody is using the kiosk."""
        if not self.config.attract.enabled or not self._may_start():
            return
        if self._blocked():
            self._timer.start()
            return
        self.build().start(self._content_now(), self._language())

    def fit(self) -> None:
        if self.screen is not None and self.screen.isVisible():
            self.screen.setGeometry(self._window.rect())
