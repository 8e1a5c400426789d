"""Access for everyone on every screen: the focus ring, speech (explore by touch, focus,
covers, the countdown, pages) and low reach — built after the first paint, applied from
the visitor's :class:`~kiosk.ui.window.choices.Choices`."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWebEngineCore import QWebEngineScript
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.i18n import N_, tr
from kiosk.core.reach import reach_band
from kiosk.ui.speech.describe import (
    FIELD_SCRIPT,
    MAIN_TEXT_SCRIPT,
    control_at,
    cover_text,
    describe,
    describe_field,
)
from kiosk.ui.speech.explore import TapMemory
from kiosk.ui.speech.speaker import Speaker
from kiosk.ui.widgets.focus import FocusRing

if TYPE_CHECKING:
    from kiosk.ui.browser.browser import BrowserScreen
    from kiosk.ui.screens.session_ui import WarningOverlay
    from kiosk.ui.window.choices import Choices
    from kiosk.ui.window.host import WindowHost

HOME_SCREEN = N_("Ekran główny")
OPENING = N_("Otwieram: {service}")
SPEECH_ON = N_("Mowa włączona. Stuknij raz, aby usłyszeć, dwa razy, aby wybrać.")
COUNT_ALOUD = frozenset({30, 20, 10, 5, 4, 3, 2, 1})


class AccessPart(QObject):
    """Speaks, draws the focus ring, keeps controls within reach, for ``window``."""

    def __init__(
        self, window: WindowHost, browser: BrowserScreen, warning: WarningOverlay, speaker: Speaker | None = None
    ) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self._window = window
        self._browser = browser
        self.ring = FocusRing()
        self.speaker = speaker or Speaker(parent=self)
        self.taps = TapMemory()
        self.speaking = False
        self._swallow_release = False
        self._farewell = False
        self._monotonic = time.monotonic
        self._field_timer = QTimer(self)
        self._field_timer.setSingleShot(True)
        self._field_timer.setInterval(150)
        self._field_timer.timeout.connect(self._say_page_field)
        home = window.home
        choose = window.choose
        home.speech_toggled.connect(lambda: choose(window.choices.with_speech(not window.choices.speech)))
        home.low_reach_toggled.connect(lambda: choose(window.choices.with_low_reach(not window.choices.low_reach)))
        home.speech_command.connect(self.speaker.adjust_or_repeat)
        browser.read_page_requested.connect(self.read_page)
        window.overlays.on_top_changed(self._cover_changed)
        warning.ticked.connect(self._count)
        window.stack.currentChanged.connect(lambda _index: self._screen_changed())
        window.input.activity.connect(self._any_input)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        window.installEventFilter(self)  # a resize moves the band (one widget: not the QApplication)
        if window.config.accessibility.speech == "always":
            self.speaker.start()  # every visitor hears it: have the voice ready before the first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self._window.choices.low_reach:
            self.apply(self._window.choices)
        return False

    # --- choices ------------------------------------------------------------------------
    def apply(self, choices: Choices) -> None:
        window = self._window
        self._browser.show_speech(choices.speech)
        height = window.height()
        mounting = window.config.kiosk
        band = reach_band(height, mounting.screen_bottom_mm, mounting.screen_height_mm)
        for index in range(window.stack.count()):  # every screen but the home (the appearance does it)
            screen = window.stack.widget(index)
            if screen is not window.home and hasattr(screen, "set_low_reach"):
                screen.set_low_reach(choices.low_reach, band.top)
        window.overlays.reach_top = band.top if choices.low_reach else 0
        window.overlays.cover()
        if choices.speech != self.speaking:
            self.speaking = choices.speech
            window.input.hook = self._input if choices.speech else None
            if choices.speech:
                self.say(tr(SPEECH_ON, choices.language))
            else:
                self.speaker.stop()

    def forget(self) -> None:
        """The wipe: nothing said for this visitor is remembered; a visitor who listened
        still hears that their session ended (the next cover, the wipe's confirmation)."""
        self._farewell = self.speaking
        self.speaker.forget()
        self.taps = TapMemory()

    # --- speaking -----------------------------------------------------------------------
    def say(self, text: str) -> None:
        if self.speaking:
            self.speaker.say(text, self._window.language)

    def _any_input(self) -> None:
        if self.speaking:
            self.speaker.stop()  # any new action stops speech

    def _input(self, event: QEvent) -> bool:
        """Every press, release and key at the window while speech is on; True swallows it."""
        if isinstance(event, QMouseEvent):
            return self._tap(event)
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyRelease and self._in_page():
            self._field_timer.start()  # Tab moved the page's own focus: say the field
        return False

    def _tap(self, event: QMouseEvent) -> bool:
        """Explore by touch: a first tap on a control speaks it and is swallowed."""
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            swallow, self._swallow_release = self._swallow_release, False
            return swallow
        if event.type() != QEvent.Type.MouseButtonPress:
            return event.type() == QEvent.Type.MouseButtonDblClick and self._swallow_release
        target = control_at(QApplication.widgetAt(event.globalPosition().toPoint()))
        if target is None:
            if self._in_page(QApplication.widgetAt(event.globalPosition().toPoint())):
                self._field_timer.start()
            return False
        if self.taps.acts(id(target), self._monotonic()):
            return False
        self.speaker.say(describe(target, self._window.language), self._window.language)
        self._swallow_release = True
        return True

    def _in_page(self, widget: QWidget | None = None) -> bool:
        """``widget`` (default: the focus) is the visitor's web view or inside it."""
        widget = widget if widget is not None else QApplication.focusWidget()
        view = self._browser.view
        return view is not None and widget is not None and (widget is view or view.isAncestorOf(widget))

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not self.speaking or new is None:
            return
        if self._in_page(new):
            self._field_timer.start()  # into the page: say its focused field
            return
        if control_at(new) is new:
            self.say(describe(new, self._window.language))

    def _cover_changed(self, top: QWidget | None) -> None:
        farewell, self._farewell = self._farewell, False
        if top is not None and farewell and not self.speaking:
            self.speaker.say(cover_text(top), self._window.language)
        elif top is not None:
            self.say(cover_text(top))
        elif self._window.stack.currentWidget() is self._window.home:
            self.say(tr(HOME_SCREEN, self._window.language))

    def _count(self, seconds: int) -> None:
        if seconds in COUNT_ALOUD and seconds != self._window.config.session.warning_seconds:
            self.say(str(seconds))

    def _screen_changed(self) -> None:
        window = self._window
        if window.overlays.any_visible():
            return
        screen = window.stack.currentWidget()
        if screen is window.home:
            self.say(tr(HOME_SCREEN, window.language))
        elif screen is not self._browser:
            self.say(screen.accessibleName())  # a screen of the kiosk's own (the county forms) names itself
        else:
            service = window.navigator.service
            name = service.title.get(window.language) if service is not None else window.config.kiosk.name
            self.say(tr(OPENING, window.language).replace("{service}", name))

    def _say_page_field(self) -> None:
        page = self._window.current_page()
        if page is None or not self.speaking:
            return
        language = self._window.language
        page.runJavaScript(
            FIELD_SCRIPT,
            QWebEngineScript.ScriptWorldId.ApplicationWorld,
            lambda found: self.say(describe_field(found, language)),
        )

    def read_page(self) -> None:
        """ "Czytaj stronę": the page's main text, aloud."""
        page = self._window.current_page()
        if page is None:
            return
        page.runJavaScript(
            MAIN_TEXT_SCRIPT,
            QWebEngineScript.ScriptWorldId.ApplicationWorld,
            lambda text: self.say(text if isinstance(text, str) else ""),
        )
