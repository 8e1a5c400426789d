"""How a visitor's choices look: the theme (county colours or high contrast, text size)
and the language of every screen, applied in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ui.widgets.theme import county_palette, high_contrast_palette, stylesheet

if TYPE_CHECKING:
    from kiosk.ui.window.choices import Choices
    from kiosk.ui.window.host import WindowHost


class Appearance:
    """Applies :class:`~kiosk.ui.window.choices.Choices` to a window; skips an unchanged style."""

    def __init__(self, window: WindowHost) -> None:
        self._window = window
        self._style_key: tuple[bool, float] | None = None
        self._language: str | None = None

    def restyle(self) -> None:
        """Apply the style again even if unchanged (new widgets were built), and the
        language to the new screens only: rebuilding the home screen's panels here blanked
        them on screen for ~0.2 s a second after every start."""
        self._style_key = None
        self.apply(self._window.choices)
        self._translate_later_screens(self._window.choices.language)

    def apply(self, choices: Choices) -> None:
        window = self._window
        key = (choices.high_contrast, choices.text_scale)
        if key != self._style_key:  # re-polishing every widget is the slowest part of a wipe
            self._style_key = key
            theme = window.config.theme
            palette = high_contrast_palette() if choices.high_contrast else county_palette(theme.primary, theme.accent)
            window.setStyleSheet(stylesheet(palette, choices.text_scale))
            window.home.set_icon_colours(
                tile=palette.heading, header=palette.on_primary, end=palette.on_accent, checked=palette.primary
            )
            window.panels.set_icon_colours(palette.heading)
            if window.screens_built:
                window.browser.set_icon_colours(palette.on_primary, palette.on_accent, palette.heading, palette.accent)
        window.home.show_text_scale(choices.text_scale)
        window.home.show_contrast(choices.high_contrast)
        window.home.show_speech(choices.speech)
        window.home.set_low_reach(choices.low_reach)
        if window.screens_built:
            window.access.apply(choices)
        if window.screens_built:
            window.web.set_zoom(choices.text_scale)  # the e-service page grows with the kiosk's text
        language = choices.language
        if language == self._language:
            return
        self._language = language
        window.home.retranslate(language)
        window.panels.refresh(language)
        window.keyboard.set_language(language)
        self._translate_later_screens(language)

    def _translate_later_screens(self, language: str) -> None:
        window = self._window
        if window.screens_built:
            window.browser.retranslate(language)
            service = window.navigator.service
            if service is not None:
                window.browser.set_service_name(service.title.get(language))
