"""The county's forms ([[content.forms]], issue 32): a "Formularze" tile on the home screen
(only when forms are configured) opens a screen that lists them, shows the chosen one
natively (QtPdf's QPdfView: a local file never reaches the web engine or its URL policy)
and prints it to the kiosk's printer within the visitor's page budget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, tr
from kiosk.ui.home.tile import Tile
from kiosk.ui.screens.overlays import plain_label, repolish
from kiosk.ui.widgets.focus import KEY_FOCUS
from kiosk.ui.widgets.help_button import help_button, name_help_button
from kiosk.ui.widgets.icons import icon
from kiosk.ui.widgets.touch import WrappingButton

if TYPE_CHECKING:
    from kiosk.ui.window.host import WindowHost

log = logging.getLogger("kiosk.printing")

MIN_TARGET_PX = 56  # every control at least this tall (WCAG's 44 px, with room)
FORMS = N_("Formularze")
FORMS_TITLE = N_("Formularze do wydrukowania")
FORMS_DESCRIPTION = N_("Wnioski i druki urzędu: przeczytaj i wydrukuj")
PRINT = N_("Drukuj")
PRINT_NAMED = N_("Drukuj: {title}")
READ_NAMED = N_("Czytaj: {title}")
CLOSE = N_("Zamknij formularze")
UNREADABLE = N_("Nie udało się otworzyć formularza.")


class _Said:
    """A tile text that follows the visitor's language (what Tile.retranslate calls)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def get(self, language: str) -> str:
        return tr(self.text, language)


def forms_tile(icon_colour: str, compact: bool) -> Tile:
    """The home screen's "Formularze" tile: a push button named like the others."""
    service = SimpleNamespace(
        id="formularze", title=_Said(FORMS), description=_Said(FORMS_DESCRIPTION), icon="book", print=False
    )
    tile = Tile(service, icon_colour, compact)  # type: ignore[arg-type]
    tile.setObjectName("Tile")
    return tile


def _button(object_name: str = "") -> QPushButton:
    button = QPushButton()
    if object_name:
        button.setObjectName(object_name)
    button.setFocusPolicy(KEY_FOCUS)
    button.setMinimumHeight(MIN_TARGET_PX)
    return button


class FormsScreen(QWidget):
    """The list of forms, the chosen one shown, and "Drukuj"."""

    def __init__(
        self,
        forms: list[Any],
        resolve: Callable[[str], Path],
        print_pdf: Callable[[bytes], bool] | None,
        close: Callable[[], None],
        language: Callable[[], str],
    ) -> None:
        super().__init__()
        self.setObjectName("FormsScreen")
        self.forms, self._resolve, self._print_pdf, self._language = forms, resolve, print_pdf, language
        self.current: int | None = None
        self.heading = plain_label("", "SectionTitle")
        self.problem = plain_label("", "Muted")
        self.problem.hide()
        self.close_button = _button()
        self.close_button.clicked.connect(close)
        self.print_button = _button("PrimaryButton")
        self.print_button.clicked.connect(self.print_current)
        self.print_button.setVisible(print_pdf is not None)  # no printer: read only
        # A title wraps ("Wniosek o wydanie zaświadczenia" was cut in a narrow list).
        self.form_buttons = [WrappingButton("FormButton") for _ in forms]
        for index, button in enumerate(self.form_buttons):
            button.setCheckable(True)
            button.setMinimumHeight(MIN_TARGET_PX)
            button.tapped.connect(lambda i=index: self.show_form(i))
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.help_button = help_button("", 24)  # "Pomoc", when [help] is on (the window's help part)
        top = QHBoxLayout()
        top.addWidget(self.close_button)
        top.addWidget(self.heading, 1)
        top.addWidget(self.help_button)
        top.addWidget(self.print_button)
        listing = QVBoxLayout()
        for button in self.form_buttons:
            listing.addWidget(button)
        listing.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(listing, 1)
        body.addWidget(self.view, 3)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addLayout(body, 1)
        self.retranslate()

    def set_low_reach(self, on: bool, band_top: int) -> None:
        """Low reach: the whole screen (close, print, the list) lowered into the band."""
        self._layout.setContentsMargins(32, max(24, band_top) if on else 24, 32, 24)

    def retranslate(self) -> None:
        language = self._language()
        self.heading.setText(tr(FORMS_TITLE, language))
        self.setAccessibleName(self.heading.text())
        self.close_button.setText(tr(CLOSE, language))
        self.close_button.setAccessibleName(tr(CLOSE, language))
        for form, button in zip(self.forms, self.form_buttons, strict=True):
            title = form.title.get(language)
            button.setText(title)
            button.setAccessibleName(tr(READ_NAMED, language).format(title=title))
        name_help_button(self.help_button, language)
        self.print_button.setText(tr(PRINT, language))
        title = self.forms[self.current].title.get(language) if self.current is not None else ""
        self.print_button.setAccessibleName(tr(PRINT_NAMED, language).format(title=title) if title else "")
        self.print_button.setEnabled(self.current is not None)
        self.problem.setText(tr(UNREADABLE, language))

    def show_form(self, index: int) -> bool:
        """Show form ``index``; False (and said on the screen) when its file does not load."""
        self.current = index
        for i, button in enumerate(self.form_buttons):
            button.setChecked(i == index)
            button.setProperty("chosen", i == index)
            repolish(button, button.label)
        self.document.close()
        form = self.forms[index]
        path = self._resolve(form.file)
        self.document.load(str(path))
        ok = self.document.status() == QPdfDocument.Status.Ready
        if not ok:
            log.warning("form %s does not load (%s)", path.name, self.document.error())
        self.problem.setVisible(not ok)
        self.retranslate()
        self.print_button.setEnabled(ok)
        return ok

    def print_current(self) -> bool:
        if self.current is None or self._print_pdf is None:
            return False
        try:
            form = self.forms[self.current]
            data = self._resolve(form.file).read_bytes()
        except OSError as exc:
            log.warning("form does not read: %s", exc)
            return False
        return self._print_pdf(data)

    def reset(self) -> None:
        """The wipe: no form chosen, the document closed."""
        self.document.close()
        self.current = None
        for button in self.form_buttons:
            button.setChecked(False)
            button.setProperty("chosen", False)
            repolish(button, button.label)
        self.problem.hide()
        self.retranslate()


class FormsPart:
    """Builds the tile and the screen when ``[[content.forms]]`` lists any."""

    def __init__(self, window: WindowHost, print_pdf: Callable[[bytes], bool] | None) -> None:
        self.screen: FormsScreen | None = None
        self.tile: Tile | None = None
        forms = list(window.config.content.forms)
        if not forms:
            return
        language = lambda: window.language  # noqa: E731
        self.screen = FormsScreen(forms, window.config.resolve, print_pdf, window.go_home, language)
        window.stack.addWidget(self.screen)
        home = window.home
        self.screen.help_button.setIcon(icon("help", home.tile_icon_colour))
        self.tile = tile = forms_tile(home.tile_icon_colour, home.shape.compact)
        tile.tapped.connect(lambda: self.open(window))
        tile.retranslate(window.language)
        home.add_tile(tile)

    def open(self, window: WindowHost) -> None:
        if self.screen is not None:
            self.screen.retranslate()
            window.stack.setCurrentWidget(self.screen)

    def reset(self) -> None:
        if self.screen is not None:
            self.screen.reset()
