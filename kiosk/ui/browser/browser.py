"""The e-service screen: a chrome bar (back, home, service name, end session) over the web
view, and native message panels (blocked, offline, certificate, crash) instead of any
white or Chromium error page. There is no address bar: visitors cannot type a URL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, tr
from kiosk.ui.browser.media_bar import MediaIndicator
from kiosk.ui.screens.overlays import plain_label
from kiosk.ui.widgets.control_rows import ControlRows
from kiosk.ui.widgets.focus import KEY_FOCUS
from kiosk.ui.widgets.help_button import help_button, name_help_button
from kiosk.ui.widgets.icons import icon
from kiosk.web.events import LoadProblem

if TYPE_CHECKING:
    from PySide6.QtWebEngineWidgets import QWebEngineView


@dataclass(frozen=True)
class Message:
    """What a problem screen says and which ways out it offers (home is always there)."""

    icon: str
    title: str
    body: str  # {service} is the open service's name
    back: bool = False  # to the page before (it is still loaded behind the panel)
    retry: bool = False


MESSAGES: dict[str, Message] = {
    LoadProblem.BLOCKED: Message(
        "blocked",
        N_("Ta strona nie jest dostępna w infomacie"),
        N_("Infomat otwiera tylko strony usługi „{service}” i strony urzędów. Wróć do poprzedniej strony."),
        back=True,
    ),
    LoadProblem.BANK_LOGIN: Message(
        "shield",
        N_("Logowanie przez bank nie jest dostępne w infomacie"),
        N_(
            "Zaloguj się Profilem Zaufanym (login i hasło), e-dowodem albo aplikacją mObywatel. "
            "Danych do swojego banku nie wpisuj na urządzeniu publicznym."
        ),
        back=True,
    ),
    LoadProblem.APP_HANDOFF: Message(
        "qr",
        N_("Aplikacji w telefonie nie otworzysz w infomacie"),
        N_(
            "Strona chce otworzyć aplikację, np. mObywatel. Jeśli pokazuje kod QR, zeskanuj go swoim "
            "telefonem i dokończ w nim. Możesz też wrócić i wybrać inny sposób."
        ),
        back=True,
    ),
    LoadProblem.CERTIFICATE: Message(
        "certificate",
        N_("Połączenie nie jest bezpieczne"),
        N_("Strona nie potwierdziła swojej tożsamości, więc infomat jej nie otworzy."),
        back=True,
    ),
    LoadProblem.OFFLINE: Message(
        "offline",
        N_("Brak połączenia z internetem"),
        N_("Nie udało się połączyć ze stroną. Spróbujemy ponownie za chwilę."),
        retry=True,
    ),
    LoadProblem.FAILED: Message(
        "error",
        N_("Nie udało się wczytać strony"),
        N_("Spróbuj ponownie albo wróć do strony głównej."),
        retry=True,
    ),
}


def _button(name: str, object_name: str, icon_name: str, colour: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(object_name)
    button.setIcon(icon(icon_name, colour))
    button.setIconSize(QSize(30, 30))
    button.setProperty("msgid", name)
    button.setProperty("icon_name", icon_name)
    button.setFocusPolicy(KEY_FOCUS)
    return button


class ChromeBar(QWidget):
    """The e-service bar: its groups in rows that fit (kiosk.ui.widgets.control_rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("ChromeBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.rows = ControlRows(layout)

    def fit(self) -> None:
        margins = self.layout().contentsMargins()
        self.rows.arrange(self.width() - margins.left() - margins.right())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button shown or hidden, a language, a text size
            self.fit()
        return super().event(event)


class MessagePanel(QWidget):
    """A friendly full-size explanation with big ways out."""

    back_clicked = Signal()
    home_clicked = Signal()
    retry_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("MessagePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(28)
        layout.addStretch(1)
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = plain_label("", "MessageTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = plain_label("", "MessageBody")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_button = _button(N_("Wróć"), "PrimaryButton", "back", "#ffffff")
        self.retry_button = _button(N_("Spróbuj ponownie"), "PrimaryButton", "retry", "#ffffff")
        self.home_button = _button(N_("Strona główna"), "", "home", "#1d4e89")
        for button in (self.back_button, self.retry_button, self.home_button):
            button.setMinimumSize(180, 80)  # fits three in a row on an 800 px wide screen
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.home_button)
        buttons.addStretch(1)
        for widget in (self.icon, self.title, self.body):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.back_button.clicked.connect(self.back_clicked)
        self.home_button.clicked.connect(self.home_clicked)
        self.retry_button.clicked.connect(self.retry_clicked)
        self.problem: str | None = None
        self.target = ""
        self.alert_colour = "#b0182a"

    def present(self, problem: str, service: str, language: str, target: str = "") -> None:
        message = MESSAGES[problem]
        self.problem = problem
        self.target = target
        self.icon.setPixmap(icon(message.icon, self.alert_colour).pixmap(96, 96))
        self.title.setText(tr(message.title, language))
        self.body.setText(tr(message.body, language).replace("{service}", service))
        self.back_button.setVisible(message.back)
        self.retry_button.setVisible(message.retry)
        for button in (self.back_button, self.retry_button, self.home_button):
            button.setText(tr(button.property("msgid"), language))


class BrowserScreen(QWidget):
    """Chrome bar + web view + message panel."""

    back_requested = Signal()
    home_requested = Signal()
    end_session_requested = Signal()
    retry_requested = Signal()
    read_page_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("BrowserScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar = ChromeBar()
        self.back_button = _button(N_("Wstecz"), "ChromeButton", "back", "#ffffff")
        self.home_button = _button(N_("Strona główna"), "ChromeButton", "home", "#ffffff")
        self.title = plain_label("", "ChromeTitle")
        self.title.setWordWrap(False)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.end_button = _button(N_("Zakończ sesję"), "EndSessionButton", "end", "#ffffff")
        self.read_button = _button(N_("Czytaj stronę"), "ChromeButton", "read", "#ffffff")
        self.read_button.hide()  # while speech is on
        self.help_button = help_button("ChromeButton", 30)  # "Pomoc": shown by the window's help part

        self.content = QStackedWidget()
        self.view: QWebEngineView | None = None
        self.message = MessagePanel()
        self.content.addWidget(self.message)

        self.bar = bar
        self.media = MediaIndicator()  # "Kamera włączona" + "Zakończ połączenie", while a device is on
        # One row where it fits; on a narrow screen, at large text or during a call the groups
        # flow onto more rows (squeezed in one row, every label was cut: "ończ po", "trona g").
        ways_out = [self.read_button, self.help_button, self.end_button]
        bar.rows.set_groups([[self.back_button, self.home_button], [self.title], [self.media], ways_out])
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.content, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.home_button.clicked.connect(self.home_requested)
        self.end_button.clicked.connect(self.end_session_requested)
        self.read_button.clicked.connect(self.read_page_requested)
        self.message.back_clicked.connect(self.show_page)
        self.message.home_clicked.connect(self.home_requested)
        self.message.retry_clicked.connect(self.retry_requested)
        self._service_name = ""
        self._language = "pl"
        self._covered = False  # an overlay covers the window: the view takes no input
        self._focus_back: QWebEngineView | None = None  # the view that had the keys before

    def show_speech(self, on: bool) -> None:
        self.read_button.setVisible(on)

    def set_low_reach(self, on: bool, _band_top: int = 0) -> None:
        """Low reach: Back, Home and End session at the foot of the screen, within reach (the
        page itself keeps its own layout)."""
        self._layout.removeWidget(self.bar)
        self._layout.insertWidget(self._layout.count() if on else 0, self.bar)

    def ensure_view(self) -> QWebEngineView:
        if self.view is None:
            # Imported here: QtWebEngine comes up after the home screen's first paint.
            from PySide6.QtWebEngineWidgets import QWebEngineView

            self.view = QWebEngineView()
            self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no Save page / View source
            self.view.setAcceptDrops(False)
            self.view.setEnabled(not self._covered)
            self.content.insertWidget(0, self.view)
        return self.view

    def cover_page(self, covered: bool) -> None:
        """An overlay covers the window (or the last one went): while covered, the view is
        disabled, so no key, input-method text or tap reaches the page whoever had the
        focus (Qt delivers no input to a disabled widget, nor lets it hold the focus).

        Uncovering is deferred to the event loop: the key that hid an overlay (any key ends
        the idle warning) is still being delivered, and must not land in the page."""
        self._covered = covered
        view = self.view
        if covered:
            if view is not None and view.isEnabled():
                focus = QApplication.focusWidget()
                has_keys = focus is not None and (focus is view or view.isAncestorOf(focus))
                self._focus_back = view if has_keys else None
                view.setEnabled(False)
        else:
            QTimer.singleShot(0, self._uncover)

    def _uncover(self) -> None:
        view = self.view
        if self._covered or view is None or view.isEnabled():
            return
        view.setEnabled(True)
        # The keys go back only to the same visitor's view, and only if it had them.
        if self._focus_back is view and self.content.currentWidget() is view and view.isVisible():
            view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_back = None

    def take_view(self) -> QWebEngineView | None:
        """Detach the view (for the wipe); the next :meth:`ensure_view` builds a new one."""
        view, self.view = self.view, None
        self._focus_back = None
        if view is not None:
            self.content.removeWidget(view)
            view.hide()
        self.content.setCurrentWidget(self.message)
        return view

    def set_service_name(self, name: str) -> None:
        self._service_name = name
        self.title.setText(name)

    def show_page(self) -> None:
        if self.view is not None:
            self.content.setCurrentWidget(self.view)
            self.view.setFocus()  # keys (USB or on-screen keyboard) go to the page

    def show_problem(self, problem: str, target: str = "") -> None:
        self.message.present(problem, self._service_name, self._language, target)
        self.content.setCurrentWidget(self.message)

    def showing_problem(self) -> str | None:
        return self.message.problem if self.content.currentWidget() is self.message else None

    def set_icon_colours(self, on_primary: str, on_accent: str, heading: str, accent: str) -> None:
        """Icons follow the theme (high contrast included), like the buttons' text."""
        for button, colour in (
            (self.back_button, on_primary),
            (self.home_button, on_primary),
            (self.read_button, on_primary),
            (self.help_button, on_primary),
            (self.end_button, on_accent),
            (self.message.back_button, on_primary),
            (self.message.retry_button, on_primary),
            (self.message.home_button, heading),
        ):
            button.setIcon(icon(button.property("icon_name"), colour))
        self.message.alert_colour = accent
        if self.message.problem is not None:
            self.message.present(self.message.problem, self._service_name, self._language, self.message.target)

    def retranslate(self, language: str) -> None:
        self._language = language
        self.media.retranslate(language)
        for button in (self.back_button, self.home_button, self.read_button, self.end_button):
            button.setText(tr(button.property("msgid"), language))
        name_help_button(self.help_button, language)
        if self.message.problem is not None:
            self.message.present(self.message.problem, self._service_name, language, self.message.target)
