"""The wipe: one visitor writes real data, the next finds none of it (issue: visitor session).

Each test plays two visitors on the same window against a local site; server-side checks
prove that no Cookie, If-None-Match or Authorization header arrives after the wipe.
"""

from __future__ import annotations

import gc

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from kiosk.core.session import State
from kiosk.ui.window.choices import Choices
from tests.support.server import Response, SiteServer
from tests.support.web import ALLOWED, SECURE, click_element, run_js, top_level_windows, wait_for_url, wait_loaded

pytestmark = pytest.mark.web


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def visit(qtbot, window, sites: SiteServer, html: str | None = None, path: str = "/", host: str = ALLOWED):
    """Open ``path`` (serving ``html`` there if given) and wait until it is loaded."""
    if html is not None:
        sites.route(host, path, html)
    assert window.open(sites.url(host, path))
    page = window.current_page()
    wait_for_url(qtbot, page, f"{host}:{sites.port}{path.split('?')[0]}")
    wait_loaded(qtbot, page)
    return page


def headers_after(sites: SiteServer, mark: int, name: str) -> list[str]:
    return [r.headers[name] for r in sites.requests[mark:] if name in r.headers]


# --- storage of every kind ---------------------------------------------------------------

STORE_EVERYTHING = """<script>
  localStorage.setItem('pesel', '90010112345');
  sessionStorage.setItem('draft', 'wniosek');
  document.cookie = 'js=1; max-age=3600';
  const open = indexedDB.open('kiosk', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('s');
  open.onsuccess = () => { const tx = open.result.transaction('s', 'readwrite');
    tx.objectStore('s').put('secret', 'k'); tx.oncomplete = () => { window.idb = 1; }; };
  caches.open('c').then(c => c.put('/cached-entry', new Response('secret'))).then(() => { window.cache = 1; });
  navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(() => { window.sw = 1; });
</script>"""

READ_EVERYTHING = """(async () => {
  const idb = await new Promise(resolve => { const r = indexedDB.open('kiosk');
    r.onupgradeneeded = () => { r.transaction.abort(); resolve('none'); };
    r.onsuccess = () => resolve(r.result.objectStoreNames.length ? 'exists' : 'none');
    r.onerror = () => resolve('none'); });
  window.found = { local: localStorage.getItem('pesel'), session: sessionStorage.getItem('draft'),
    cookie: document.cookie, idb: idb, caches: (await caches.keys()).length,
    sw: (await navigator.serviceWorker.getRegistrations()).length };
})(); 1"""


def test_web_storage_of_every_kind_is_gone(qtbot, window, sites) -> None:
    sites.route(SECURE, "/sw.js", Response("self.addEventListener('fetch', () => {});", content_type="text/javascript"))
    page = visit(qtbot, window, sites, STORE_EVERYTHING, host=SECURE)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "[window.idb, window.cache, window.sw]") == [1, 1, 1], timeout=10000)
    run_js(qtbot, page, READ_EVERYTHING)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.found") is not None)
    before = run_js(qtbot, page, "window.found")
    assert before["local"] == "90010112345" and before["idb"] == "exists" and before["sw"] == 1  # really written

    window.end_session("visitor")
    page = visit(qtbot, window, sites, "<p>next visitor</p>", path="/other", host=SECURE)
    run_js(qtbot, page, READ_EVERYTHING)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.found") is not None)
    assert run_js(qtbot, page, "window.found") == {
        "local": None,
        "session": None,
        "cookie": "",
        "idb": "none",
        "caches": 0,
        "sw": 0,
    }


def test_server_sees_no_cookie_etag_or_credentials_after_wipe(qtbot, window, sites) -> None:
    sites.route(
        ALLOWED, "/login", Response("<p>zalogowano</p>", headers={"Set-Cookie": "sid=secret; Max-Age=3600; Path=/"})
    )
    sites.route(ALLOWED, "/doc", Response("<p>dokument</p>", headers={"ETag": '"v1"', "Cache-Control": "no-cache"}))
    sites.route(
        ALLOWED,
        "/private/",
        lambda seen: (
            Response("<p>ok</p>")
            if "authorization" in seen.headers
            else Response("<p>401</p>", status=401, headers={"WWW-Authenticate": 'Basic realm="urzad"'})
        ),
    )
    visit(qtbot, window, sites, path="/login")
    visit(qtbot, window, sites, path="/doc")
    visit(qtbot, window, sites, path="/doc")  # revalidation with If-None-Match
    window.open(f"http://jan:tajne@{ALLOWED}:{sites.port}/private/")
    qtbot.waitUntil(lambda: any("authorization" in r.headers for r in sites.hits(ALLOWED)), timeout=8000)
    assert headers_after(sites, 0, "cookie") and headers_after(sites, 0, "if-none-match")  # the data existed

    window.end_session("visitor")
    qtbot.wait(500)  # requests the old page sent before the wipe may still be reaching the server
    mark = len(sites.requests)
    for path in ("/doc", "/private/"):  # not /login: it would hand out a fresh cookie
        window.open(sites.url(ALLOWED, path))
        qtbot.waitUntil(lambda p=path: any(r.path == p for r in sites.requests[mark:]), timeout=8000)
    qtbot.wait(500)
    assert headers_after(sites, mark, "cookie") == []
    assert headers_after(sites, mark, "if-none-match") == []
    assert headers_after(sites, mark, "authorization") in ([], ["Basic Og=="])  # Qt's empty answer, never jan:tajne


def test_no_request_of_the_next_visitor_carries_a_cookie(qtbot, make_window, sites) -> None:
    """Issue 14 (5): after the idle wipe, visitor 2 taps the same tile; every request the
    server gets — page, favicon, sub-resources — carries none of visitor 1's cookies."""
    clock = FakeClock()
    window = make_window(monotonic=clock)
    page_v1 = Response(
        "<link rel=icon href='/icon.png'><img src='/logo.png'>"
        "<script>document.cookie = 'js=visitor1; max-age=3600'</script>",
        headers={"Set-Cookie": "sid=visitor1; Max-Age=3600; Path=/; HttpOnly"},
    )
    served = {"/": 0}

    def home(_seen):  # only visitor 1 is handed cookies: whatever comes later is a leftover
        served["/"] += 1
        return page_v1 if served["/"] == 1 else Response("<link rel=icon href='/icon.png'><img src='/logo.png'>")

    sites.route(ALLOWED, "/", home)
    sites.route(ALLOWED, "/icon.png", Response(b"\x89PNG", content_type="image/png"))
    sites.route(ALLOWED, "/logo.png", Response(b"\x89PNG", content_type="image/png"))

    def cookies_on(path: str, since: int = 0) -> list[str | None]:
        return [r.headers.get("cookie") for r in sites.requests[since:] if r.path == path]

    def idle_wipe() -> None:
        clock.now += window.config.session.idle_seconds
        window.session.tick()  # idle: the warning
        clock.now += window.config.session.warning_seconds
        window.session.tick()  # the countdown ends: the wipe
        assert window.is_home()
        window.wiped.hide()

    window.home.tiles[0].click()  # visitor 1 taps the tile
    qtbot.waitUntil(lambda: cookies_on("/icon.png") != [] and cookies_on("/logo.png") != [])
    mark = len(sites.requests)
    window.current_page().triggerAction(window.current_page().WebAction.Reload)
    qtbot.waitUntil(lambda: cookies_on("/icon.png", mark) != [] and cookies_on("/logo.png", mark) != [])
    # Positive control: with cookies in the jar, the favicon and the image carry them.
    assert "sid=visitor1" in cookies_on("/logo.png", mark)[0] and "js=visitor1" in cookies_on("/logo.png", mark)[0]
    assert "sid=visitor1" in cookies_on("/icon.png", mark)[0]
    for _visitor in (2, 3):
        idle_wipe()
        mark = len(sites.requests)
        window.home.tiles[0].click()
        qtbot.waitUntil(lambda m=mark: cookies_on("/icon.png", m) != [] and cookies_on("/logo.png", m) != [])
        qtbot.wait(500)  # the reported leak came 0.1–0.2 s after the page: give stragglers time
        assert [r.headers.get("cookie") for r in sites.requests[mark:]] == [None] * (len(sites.requests) - mark)


def test_hsts_and_certificate_decisions_do_not_carry_over(qtbot, make_window, sites, tmp_path) -> None:
    from tests.conftest import TRUSTED_LEAF

    if TRUSTED_LEAF is None:
        pytest.skip("needs openssl and certutil (Debian libnss3-tools) for a trusted test certificate")
    secure = SiteServer(cert=TRUSTED_LEAF)
    untrusted = SiteServer(tls_dir=tmp_path)
    try:
        secure.route(
            "hsts.example", "/", Response("<p>bezpiecznie</p>", headers={"Strict-Transport-Security": "max-age=3600"})
        )
        window = make_window(
            extra='[[services]]\nid="hsts"\ntitle="H"\nurl="https://hsts.example/"\nallow=["hsts.example"]'
        )
        plain = f"http://hsts.example:{sites.port}/plain"
        sites.route("hsts.example", "/plain", "<p>http</p>")
        assert window.open(f"https://hsts.example:{secure.port}/")
        wait_for_url(qtbot, window.current_page(), "https://hsts.example")
        qtbot.waitUntil(lambda: len(secure.requests) >= 1, timeout=8000)
        window.open(plain)  # within the session HSTS upgrades it: the plain server sees nothing
        qtbot.wait(1500)
        assert sites.hits("hsts.example") == []
        window.open(f"https://hsts.example:{untrusted.port}/")  # a certificate error is refused …
        qtbot.wait(1000)

        window.end_session("visitor")
        assert window.open(plain)  # … and after the wipe HSTS is forgotten: plain http arrives
        qtbot.waitUntil(lambda: len(sites.hits("hsts.example")) == 1, timeout=8000)
        window.open(f"https://hsts.example:{untrusted.port}/")  # … and still refused, nothing accepted
        qtbot.wait(1500)
        assert untrusted.requests == []  # no request ever passed the failed handshake
    finally:
        secure.close()
        untrusted.close()


# --- browser state ----------------------------------------------------------------------


def test_history_visited_links_zoom_and_form_data_are_gone(qtbot, window, sites) -> None:
    form = "<form><input id=pesel name=pesel style='width:300px;height:60px'></form><a href='/second'>dalej</a>"
    page = visit(qtbot, window, sites, form, path="/form")
    click_element(qtbot, window, "#pesel")
    qtbot.waitUntil(lambda: run_js(qtbot, page, "document.activeElement.id") == "pesel")
    for key in (Qt.Key.Key_9, Qt.Key.Key_0, Qt.Key.Key_0, Qt.Key.Key_1):
        QTest.keyClick(window.windowHandle(), key)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "document.getElementById('pesel').value") == "9001")
    visit(qtbot, window, sites, path="/second")
    page.setZoomFactor(2.0)
    profile = window.web.profile
    assert page.history().count() >= 2 and page.zoomFactor() == 2.0  # the state really existed
    # A sentinel, not a wipe check: QtWebEngine records no visited links for off-the-record
    # profiles at all (measured, Qt 6.11: not even within the session). If a Qt release starts
    # recording them, this fails, and the wipe must then be shown to drop them too.
    assert not profile.visitedLinksContainsUrl(QUrl(sites.url(ALLOWED, "/second")))

    window.end_session("visitor")
    assert not shiboken6.isValid(profile)  # the profile itself is gone, not only emptied
    page = visit(qtbot, window, sites, path="/form")
    assert run_js(qtbot, page, "document.getElementById('pesel').value") == ""
    assert page.history().count() == 1 and not page.history().canGoBack()
    assert page.zoomFactor() == 1.0


def test_clipboard_is_cleared(qtbot, window, sites) -> None:
    visit(qtbot, window, sites, "<p>kopiuj</p>")
    QGuiApplication.clipboard().setText("90010112345")
    window.end_session("visitor")
    assert QGuiApplication.clipboard().text() == ""


def test_background_timers_and_websockets_stop(qtbot, window, sites) -> None:
    html = f"""<script>
      setInterval(() => fetch('/tick').catch(() => {{}}), 50);
      window.ws = new WebSocket('ws://{ALLOWED}:{sites.port}/ws');
    </script>"""
    visit(qtbot, window, sites, html)
    qtbot.waitUntil(lambda: sites.websockets_opened == 1 and len([r for r in sites.requests if r.path == "/tick"]) > 3)
    window.end_session("visitor")
    qtbot.waitUntil(lambda: sites.websockets_closed == 1, timeout=5000)
    qtbot.wait(300)
    ticks = len([r for r in sites.requests if r.path == "/tick"])
    qtbot.wait(1000)
    assert len([r for r in sites.requests if r.path == "/tick"]) == ticks


def test_permission_grants_do_not_carry_over(qtbot, window, sites) -> None:
    """The kiosk denies every prompt, so a grant can only come from Qt's permission API; one
    made there (as a future feature or a Qt default might) must die with the visitor."""
    from PySide6.QtWebEngineCore import QWebEnginePermission

    query = "navigator.permissions.query({name: 'geolocation'}).then(r => { window.state = r.state; }); 1"
    page = visit(qtbot, window, sites, "<p>mapa</p>", host=SECURE)
    origin = QUrl(sites.url(SECURE, "/"))
    geolocation = QWebEnginePermission.PermissionType.Geolocation
    window.web.profile.queryPermission(origin, geolocation).grant()
    run_js(qtbot, page, query)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.state") == "granted")  # the grant is real
    window.end_session("visitor")
    page = visit(qtbot, window, sites, "<p>mapa</p>", path="/again", host=SECURE)
    assert window.web.profile.queryPermission(origin, geolocation).state() == QWebEnginePermission.State.Ask
    run_js(qtbot, page, query)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.state") == "prompt")


# --- the wipe always works ----------------------------------------------------------------


def test_wipe_while_an_alert_and_notices_are_shown(qtbot, window, sites) -> None:
    before = top_level_windows()
    page = visit(qtbot, window, sites, "<p>x</p>")
    page.runJavaScript("alert('Twoja sesja wygaśnie')")
    qtbot.waitUntil(lambda: window.dialogs.isVisible())
    window.toast.show_message("x")
    window.end_session("visitor")
    assert window.is_home() and not window.dialogs.isVisible() and not window.toast.isVisible()
    assert top_level_windows() == before


def test_wipe_while_a_confirm_waits_in_a_nested_loop(qtbot, window, sites) -> None:
    page = visit(qtbot, window, sites, "<p>x</p>")
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    # The confirm's nested event loop runs under this test's stack: the wipe comes from a timer,
    # exactly like the idle timer would.
    QTimer.singleShot(300, lambda: window.end_session("idle"))
    page.runJavaScript("window.answer = confirm('Wysłać wniosek?')")
    qtbot.waitUntil(lambda: ended == ["idle"], timeout=5000)
    assert not window.dialogs.waiting and window.is_home()
    new_page = visit(qtbot, window, sites, "<p>next</p>", path="/next")
    assert new_page is not page
    assert run_js(qtbot, new_page, "window.answer === undefined") is True


def test_wipe_while_the_page_is_hung(qtbot, window, sites) -> None:
    page = visit(qtbot, window, sites, "<p>x</p>")
    page.runJavaScript("while (true) {}")
    qtbot.wait(300)
    window.end_session("idle")
    assert window.is_home()
    visit(qtbot, window, sites, "<p>alive</p>", path="/alive")


def test_wipe_while_http_auth_is_pending_and_a_download_was_refused(qtbot, window, sites) -> None:
    from kiosk.web.events import Notice

    sites.route(ALLOWED, "/auth", Response("no", status=401, headers={"WWW-Authenticate": 'Basic realm="x"'}))
    sites.route(
        ALLOWED,
        "/f.zip",
        Response(b"PK", content_type="application/zip", headers={"Content-Disposition": "attachment"}),
    )
    notices: list[str] = []
    window.events.notice.connect(notices.append)
    window.open(sites.url(ALLOWED, "/f.zip"))
    qtbot.waitUntil(lambda: Notice.DOWNLOAD in notices)  # the download was refused
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    window.open(sites.url(ALLOWED, "/auth"))
    page = window.current_page()
    # The wipe comes while Qt waits for an answer to the authentication request, like the
    # idle timer would (from the event loop, not from inside the page's signal).
    page.authenticationRequired.connect(lambda *_: QTimer.singleShot(0, lambda: window.end_session("visitor")))
    qtbot.waitUntil(lambda: ended == ["visitor"], timeout=8000)
    assert Notice.HTTP_AUTH in notices and any(r.path == "/auth" for r in sites.hits(ALLOWED))
    assert window.is_home()
    visit(qtbot, window, sites, "<p>ok</p>", path="/ok")


# --- idle, warning, end-session button ----------------------------------------------------


@pytest.fixture
def clocked(make_window):
    """A window whose session clock the test moves by hand."""
    clock = FakeClock()
    return clock, lambda **kwargs: make_window(monotonic=clock, **kwargs)


def test_idle_warning_then_wipe(qtbot, clocked, sites) -> None:
    clock, build = clocked
    window = build(idle=120)
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    visit(qtbot, window, sites, "<p>usługa</p>")
    clock.now += 119
    window.session.tick()
    assert not window.warning.isVisible()
    clock.now += 1
    window.session.tick()
    assert window.warning.isVisible()
    assert window.warning.title.text() == "Czy nadal korzystasz z infomatu?"
    assert window.warning.countdown.text() == "20"
    assert window.childAt(window.rect().center()) is not None
    clock.now += 20
    window.session.tick()
    assert ended == ["idle"] and window.is_home() and not window.warning.isVisible()
    assert window.wiped.isVisible() and window.wiped.title.text() == "Twoje dane zostały usunięte"
    assert window.stats.reasons() == {"idle": 1}


def warning_up(qtbot, clocked, sites):
    """A window with a service open, idle long enough for the warning to be showing."""
    clock, build = clocked
    window = build()
    visit(qtbot, window, sites, "<p>usługa</p>")
    clock.now += 121
    window.session.tick()
    assert window.warning.isVisible()
    return clock, window


def test_a_key_press_during_the_warning_continues(qtbot, clocked, sites) -> None:
    _clock, window = warning_up(qtbot, clocked, sites)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
    assert not window.warning.isVisible()
    assert window.session.state is State.ACTIVE


def test_opening_a_service_during_the_warning_ends_it(qtbot, clocked, sites) -> None:
    # An action that reaches the kiosk without a touch on the window (the automation API,
    # a page's own navigation to a service) used to leave the warning running: wiped 20 s later.
    clock, window = warning_up(qtbot, clocked, sites)
    assert window.open("epuap")
    assert not window.warning.isVisible()
    clock.now += 25
    window.session.tick()
    assert not window.is_home() and window.session.state is State.ACTIVE


def test_warning_is_above_page_dialogs(qtbot, clocked, sites) -> None:
    clock, build = clocked
    window = build()
    page = visit(qtbot, window, sites, "<p>x</p>")
    page.runJavaScript("alert('dialog')")
    qtbot.waitUntil(lambda: window.dialogs.isVisible())
    clock.now += 121
    window.session.tick()
    widget = window.childAt(window.rect().center())
    assert widget is window.warning or window.warning.isAncestorOf(widget)
    page.runJavaScript("alert('another one')")  # a page cannot push its dialog over the warning
    qtbot.wait(300)
    widget = window.childAt(window.rect().center())
    assert widget is window.warning or window.warning.isAncestorOf(widget)


def test_a_page_cannot_postpone_the_wipe(qtbot, clocked, sites) -> None:
    clock, build = clocked
    window = build()
    busy = """<video autoplay muted loop src="/none.webm"></video><input id=i>
    <script>
      setInterval(() => {
        for (const type of ['mousedown', 'keydown', 'touchstart', 'wheel', 'pointerdown'])
          document.dispatchEvent(new Event(type));
        document.getElementById('i').focus(); window.scrollBy(0, 1); fetch('/keepalive').catch(() => {});
      }, 20);
      setTimeout(function again() { location.hash = Math.random(); setTimeout(again, 50); }, 50);
    </script>"""
    visit(qtbot, window, sites, busy)
    activity: list[int] = []
    window.input.activity.connect(lambda: activity.append(1))
    qtbot.wait(1500)  # the page works hard at looking busy
    assert activity == []  # none of it counts as input
    clock.now += 120
    window.session.tick()
    assert window.warning.isVisible()
    clock.now += 20
    window.session.tick()
    assert window.is_home() and window.sessions_wiped == 1


def test_end_session_button_is_always_there(qtbot, window, sites) -> None:
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    visit(qtbot, window, sites, "<p>usługa</p>")
    assert window.browser.end_button.isVisible()
    assert window.browser.end_button.text() == "Zakończ sesję"
    window.go_home()
    assert window.home.end_button.isVisible()  # the session lives on until ended
    QTest.mouseClick(window.home.end_button, Qt.MouseButton.LeftButton)
    assert ended == ["visitor"]
    assert window.wiped.isVisible()
    assert not window.home.end_button.isVisible()


def test_visitor_choices_reset_on_wipe(qtbot, window) -> None:
    window.choose(window.choices.with_language("uk"))
    window.choose(window.choices.with_text_scale(2.0))
    window.choose(window.choices.with_high_contrast(True))
    window.home.scroll.verticalScrollBar().setValue(200)
    window.end_session("visitor")
    assert window.choices == Choices("pl", 1.0, False)
    assert window.home.scroll.verticalScrollBar().value() == 0


def test_a_visitor_who_only_changed_the_display_is_reset_when_they_leave(qtbot, clocked) -> None:
    # No page was opened, so there is nothing to wipe; the next visitor still gets the defaults.
    clock, make = clocked
    window = make()
    window.choose(window.choices.with_language("uk").with_text_scale(2.0))
    window.home.scroll.verticalScrollBar().setValue(200)
    clock.now += window.config.session.idle_seconds
    window.session.tick()
    assert window.choices == Choices("pl", 1.0, False)
    assert window.home.header.date.text().endswith("2026") and "Imieniny" in window.home.header.namedays.text()
    assert window.home.scroll.verticalScrollBar().value() == 0
    assert not window.warning.isVisible() and not window.wiped.isVisible()  # nothing to say "deleted" about


# --- the Python side returns to where it was ----------------------------------------------


def test_wrappers_of_living_objects_survive_visitors(qtbot, window, sites) -> None:
    """The wipe deletes the visitor's view; nothing else may go with it. Walking the focus
    chain with nextInFocusChain() once made the window a Shiboken "child" of the view, so
    each wipe invalidated the window's QWindow wrapper (and the keyboard's root, scroll
    viewports) and the next use made new ones: four leaked per visitor."""
    handle = window.windowHandle()
    viewport = window.home.scroll.viewport()
    for visitor in range(3):
        visit(qtbot, window, sites, f"<p>visitor {visitor}</p>", path=f"/v{visitor}")
        window.end_session("visitor")
        assert window.wiped.isVisible()  # positive control: the cover that takes the focus was shown
        window.wiped.setFocus()
        window.wiped.hide()  # Qt moves the focus on: the cover's own Tab order is asked
        qtbot.waitUntil(lambda: window.web.page is not None)
    gc.collect()
    for living in (handle, viewport):
        assert shiboken6.isValid(living), living.__class__
    assert window.windowHandle() is handle and window.home.scroll.viewport() is viewport
