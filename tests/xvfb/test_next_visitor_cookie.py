"""Visitor 1's cookie never rides on visitor 2's request (issue 26, 3), driven the way a
red team reported it: real taps on the home tile, storage of every kind written (cookie,
localStorage, a service worker, a dedicated worker, timers), the idle path (warning,
countdown, wipe — not "Zakończ sesję"), a few seconds, the same tile again, the same
hostile page. Every request of visitor 2 — the document, the favicon, workers, fetches —
is checked for visitor 1's cookie value.

Each load of the page sets a cookie with a value of its own: a page that sets a fixed
value sets it again for visitor 2, and visitor 2's later requests (the favicon among
them) carry it — that looks like visitor 1's cookie and is not. The values tell them apart.
"""

from __future__ import annotations

import pytest

from tests.support.server import Response
from tests.support.web import SECURE, wait_for_url, wait_loaded
from tests.support.xinput import tap_widget

pytestmark = [pytest.mark.web, pytest.mark.xvfb]

HOSTILE = """<title>urząd</title><link rel=icon href=/icon.png><script>
  const id = 'id' + Math.random().toString(36).slice(2);
  document.cookie = 'visitor=' + id + '; max-age=3600; path=/';
  localStorage.setItem('pesel', '90010112345');
  new Worker('/worker.js');
  setInterval(() => fetch('/tick'), 500);
  navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)
    .then(() => fetch('/stored?' + id, {method: 'POST'}));
</script><p>wniosek</p>"""


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def secure_tile(window):
    return next(tile for tile in window.home.tiles if tile.service.id == "secure")


def stored_ids(sites) -> list[str]:
    return [r.path.split("?", 1)[1] for r in sites.hits(SECURE) if r.path.startswith("/stored?")]


def visit(qtbot, window, sites) -> str:
    """A real tap on the tile; the page stores everything; returns its cookie value."""
    before = len(stored_ids(sites))
    tap_widget(secure_tile(window))
    qtbot.waitUntil(lambda: window.current_page() is not None, timeout=5000)
    page = window.current_page()
    wait_for_url(qtbot, page, SECURE)
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: len(stored_ids(sites)) > before, timeout=10000)
    return stored_ids(sites)[-1]


def idle_wipe(qtbot, window, clock: Clock) -> None:
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    clock.now += window.config.session.idle_seconds
    window.session.tick()
    qtbot.waitUntil(window.warning.isVisible)
    clock.now += window.config.session.warning_seconds
    window.session.tick()
    qtbot.waitUntil(lambda: ended == ["idle"], timeout=5000)


def test_after_the_idle_wipe_the_same_tile_sends_no_cookie_of_the_last_visitor(qtbot, make_window, sites) -> None:
    clock = Clock()
    window = make_window(monotonic=clock)
    window.activateWindow()
    sites.route(SECURE, "/", HOSTILE)
    script = "text/javascript"
    sites.route(SECURE, "/sw.js", Response("self.addEventListener('fetch', () => {});", content_type=script))
    sites.route(SECURE, "/worker.js", Response("setInterval(() => fetch('/wtick'), 500);", content_type=script))
    first = visit(qtbot, window, sites)
    mark = len(sites.requests)
    qtbot.waitUntil(lambda: any(r.path == "/tick" for r in sites.requests[mark:]), timeout=5000)
    carried = [r.headers.get("cookie", "") for r in sites.requests[mark:] if r.path == "/tick"]
    assert f"visitor={first}" in carried[0]  # positive control: visitor 1's requests carry it

    idle_wipe(qtbot, window, clock)
    qtbot.wait(window.config.session.confirmation_seconds * 1000 + 1000)  # the confirmation is gone
    assert not window.wiped.isVisible()
    mark = len(sites.requests)

    second = visit(qtbot, window, sites)
    qtbot.waitUntil(lambda: any(r.path == "/icon.png" for r in sites.requests[mark:]), timeout=5000)
    qtbot.wait(1500)  # the worker's and the timer's requests
    visitor_two = [r for r in sites.requests[mark:] if r.host == SECURE]
    paths = {r.path.split("?")[0] for r in visitor_two}
    assert {"/", "/icon.png", "/tick", "/wtick"} <= paths  # positive control: visitor 2's page ran
    assert second != first
    leaked = [(r.path, r.headers["cookie"]) for r in visitor_two if first in r.headers.get("cookie", "")]
    assert leaked == [], f"visitor 2's requests carried visitor 1's cookie: {leaked}"
    assert {"/worker.js", "/sw.js"} <= paths  # nothing of visitor 1's workers was left to reuse
    document = next(r for r in visitor_two if r.path == "/")
    assert "cookie" not in document.headers  # the first request of visitor 2: an empty jar
    # Visitor 2's own cookie rides on its favicon: cookies work, they are just not visitor 1's.
    favicon = next(r for r in visitor_two if r.path == "/icon.png")
    assert favicon.headers.get("cookie", "") in ("", f"visitor={second}")
