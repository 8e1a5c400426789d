"""Camera and microphone: only for the service that names them, only while it is open, on
its own allowed secure origins; ended by "Zakończ połączenie", by leaving and by the wipe.

Chromium's fake capture devices (tests/conftest.py passes ``--use-fake-device-for-media-stream``
and not the fake permission UI, so every grant here is the kiosk's own decision). Every
refusal has its positive control in the same test: the allowed request succeeds and its
track is "live", so a refusal cannot pass because capture is broken altogether.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.ui.browser.media_bar import MIN_TARGET_PX
from kiosk.ui.widgets.focus import KEY_FOCUS
from tests.support.web import SECURE, run_js, wait_for_url, wait_loaded

RADIO = "radio.localhost"  # another secure host, of a service that may only use the microphone
DENIALS = ("NotAllowedError", "AbortError")  # QtWebEngine 6.11 reports a denial as either

MEDIA_SERVICES = """
[[services]]
id = "tlumacz"
title = "Tłumacz PJM"
url = "http://{secure}:{port}/call"
allow = ["{secure}"]
media = ["camera", "microphone"]
[[services]]
id = "radio"
title = "Nagranie"
url = "http://{radio}:{port}/"
allow = ["{radio}"]
media = ["microphone"]
"""

CALL_PAGE = "<p>call</p>"


@pytest.fixture
def window(make_window, sites):
    sites.route(SECURE, "/call", CALL_PAGE)
    sites.route(SECURE, "/", "<p>another service on the same origin</p>")
    sites.route(RADIO, "/", "<p>radio</p>")
    return make_window(MEDIA_SERVICES.format(secure=SECURE, radio=RADIO, port=sites.port))


def open_service(qtbot, window, service: str, host: str):
    assert window.open(service)
    page = window.current_page()
    wait_for_url(qtbot, page, host)
    wait_loaded(qtbot, page)
    assert run_js(qtbot, page, "window.isSecureContext") is True
    return page


def capture(qtbot, page, constraints: str, name: str = "s", frame: str = "window") -> str:
    """getUserMedia in ``frame``; "live" for a stream whose every track is live, else the error's name."""
    page.runJavaScript(
        f"{frame}.navigator.mediaDevices.getUserMedia({constraints}).then("
        f"s => {{ window.{name} = s; window.{name}_r = s.getTracks().every(t => t.readyState === 'live') "
        f"&& s.getTracks().length ? 'live' : 'dead'; }}, e => {{ window.{name}_r = e.name; }})"
    )
    qtbot.waitUntil(lambda: run_js(qtbot, page, f"window.{name}_r") is not None, timeout=8000)
    return run_js(qtbot, page, f"window.{name}_r")


def squeezed(bar) -> list[str]:
    from PySide6.QtWidgets import QPushButton

    return [
        b.text() for b in bar.findChildren(QPushButton) if b.isVisibleTo(bar) and b.width() < b.sizeHint().width()
    ]


def track_states(qtbot, page, name: str = "s") -> list[str]:
    return run_js(qtbot, page, f"window.{name}.getTracks().map(t => t.kind + ':' + t.readyState)")


def video_capture_processes() -> list[int]:
    """Chromium's video capture service of this test process: it runs while a camera is open
    and exits about 5 s after the last capture ends (measured Qt 6.11: 5.2 s)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parent = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:")), 0)
        if b"video_capture.mojom.VideoCaptureService" in cmdline and parent in _our_processes():
            found.append(int(entry.name))
    return found


def _our_processes() -> set[int]:
    return {os.getpid(), *_children(os.getpid())}


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids = {int(p) for p in (task / "children").read_text().split()}
        except OSError:
            continue
        for kid in kids:
            found |= {kid, *_children(kid)}
    return found


def test_camera_and_microphone_for_the_service_that_names_them_and_the_call_ends(qtbot, window) -> None:
    page = open_service(qtbot, window, "tlumacz", SECURE)
    indicator = window.browser.media
    assert not indicator.isVisible()
    assert capture(qtbot, page, "{video: true, audio: true}") == "live"
    assert sorted(track_states(qtbot, page)) == ["audio:live", "video:live"]
    qtbot.waitUntil(indicator.isVisible)
    assert indicator.label.text() == "Kamera i mikrofon włączone"
    assert indicator.accessibleName() == "Kamera i mikrofon włączone"
    end = indicator.end_button
    assert end.text() == end.accessibleName() == "Zakończ połączenie"
    window.resize(1080, 1600)  # a portrait screen during a call: the bar flows, no label is cut
    qtbot.waitUntil(lambda: squeezed(window.browser.bar) == [])
    assert end.focusPolicy() == KEY_FOCUS
    assert end.width() >= MIN_TARGET_PX and end.height() >= MIN_TARGET_PX
    window.choose(replace(window.choices, language="en"))
    assert indicator.label.text() == "Camera and microphone on"
    assert end.text() == "End call"
    window.choose(replace(window.choices, language="pl"))

    end.click()
    qtbot.waitUntil(lambda: track_states(qtbot, page) == ["audio:ended", "video:ended"], timeout=5000)
    assert not indicator.isVisible()
    # The service is still open: a new request is decided again, and granted again.
    assert capture(qtbot, page, "{video: true}", name="again") == "live"
    qtbot.waitUntil(lambda: indicator.label.text() == "Kamera włączona")


def test_a_service_naming_only_the_microphone_gets_no_camera(qtbot, window) -> None:
    page = open_service(qtbot, window, "radio", RADIO)
    assert capture(qtbot, page, "{video: true}", name="cam") in DENIALS
    assert capture(qtbot, page, "{video: true, audio: true}", name="both") in DENIALS
    # Qt answers the rest of this document from its cached refusal; the next document of
    # the service asks the kiosk again (KioskPage withdraws refusals with the document).
    page.triggerAction(page.WebAction.Reload)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.cam_r") is None)
    wait_loaded(qtbot, page)
    assert capture(qtbot, page, "{audio: true}", name="mic") == "live"  # the control
    assert capture(qtbot, page, "{video: true}", name="cam") in DENIALS  # still no camera
    assert track_states(qtbot, page, "mic") == ["audio:live"]
    qtbot.waitUntil(lambda: window.browser.media.label.text() == "Mikrofon włączony")
    assert window.browser.media.isVisible()


def test_another_service_on_the_same_origin_gets_nothing(qtbot, window) -> None:
    page = open_service(qtbot, window, "tlumacz", SECURE)
    assert capture(qtbot, page, "{video: true, audio: true}") == "live"  # the control
    page = open_service(qtbot, window, "secure", SECURE)  # same origin, a service without media
    assert capture(qtbot, page, "{video: true}", name="cam") in DENIALS
    assert capture(qtbot, page, "{audio: true}", name="mic") in DENIALS
    assert not window.browser.media.isVisible()
    qtbot.waitUntil(lambda: window.toast.isVisible() and "kamery" in window.toast.text())


def test_leaving_for_home_ends_the_capture_and_another_service_is_refused(qtbot, window) -> None:
    page = open_service(qtbot, window, "tlumacz", SECURE)
    assert capture(qtbot, page, "{video: true, audio: true}") == "live"
    window.go_home()  # the page stays loaded behind the home screen: its capture must not
    qtbot.waitUntil(lambda: track_states(qtbot, page) == ["audio:ended", "video:ended"], timeout=5000)
    assert not window.browser.media.isVisible()
    page = open_service(qtbot, window, "radio", RADIO)
    assert capture(qtbot, page, "{video: true}", name="cam") in DENIALS
    assert capture(qtbot, page, "{audio: true}", name="mic") == "live"  # its own device, the control


def test_an_opaque_origin_inside_the_open_service_is_refused(qtbot, window, sites) -> None:
    """Decided: a frame inside the open service whose origin is not one the service allows
    gets nothing. A frame from a host the policy does not allow never loads at all (the
    interceptor), so the reachable case is an opaque origin: a sandboxed frame of the
    service's own page, even one the page lets use the camera (allow="camera; microphone")."""
    sites.route(
        SECURE,
        "/call",
        "<iframe id=f sandbox='allow-scripts' allow='camera; microphone' srcdoc=\"<script>"
        "navigator.mediaDevices.getUserMedia({video: true}).then(() => parent.postMessage('live', '*'),"
        " e => parent.postMessage(e.name, '*'))</script>\"></iframe>"
        "<script>window.addEventListener('message', e => { window.framed = e.data; })</script>",
    )
    page = open_service(qtbot, window, "tlumacz", SECURE)
    qtbot.waitUntil(lambda: run_js(qtbot, page, "window.framed") is not None, timeout=8000)
    assert run_js(qtbot, page, "window.framed") in (*DENIALS, "SecurityError")
    assert capture(qtbot, page, "{video: true}") == "live"  # the page itself, the control


def test_the_wipe_ends_every_capture_and_the_next_visitor_has_nothing(qtbot, window, caplog) -> None:
    import logging

    caplog.set_level(logging.INFO, logger="kiosk.web")
    page = open_service(qtbot, window, "tlumacz", SECURE)
    assert capture(qtbot, page, "{video: true, audio: true}") == "live"
    qtbot.waitUntil(lambda: len(video_capture_processes()) == 1, timeout=5000)  # the camera is open
    window.browser.end_button.click()  # "Zakończ sesję": the wipe
    assert any("ended the camera and microphone capture" in r.getMessage() for r in caplog.records)
    assert not window.browser.media.isVisible()
    # Released: Chromium's video capture service exits once no capture is left (≈5.2 s).
    qtbot.waitUntil(lambda: video_capture_processes() == [], timeout=12000)

    # The next visitor: the same origin under a service without media is refused, and the
    # media service's own request is decided again (nothing was kept), then granted.
    caplog.clear()
    page = open_service(qtbot, window, "secure", SECURE)
    assert capture(qtbot, page, "{video: true}", name="cam") in DENIALS
    page = open_service(qtbot, window, "tlumacz", SECURE)
    assert capture(qtbot, page, "{audio: true}", name="mic") == "live"
    assert any("granted the microphone" in r.getMessage() for r in caplog.records)


def test_after_the_wipe_no_service_is_open_and_nothing_is_granted(qtbot, window) -> None:
    page = open_service(qtbot, window, "tlumacz", SECURE)
    assert capture(qtbot, page, "{audio: true}") == "live"  # the control
    window.end_session("visitor")
    assert window.navigator.service is None
    assert window.web.page is not page
    qtbot.waitUntil(lambda: window.web.page is not None)
    assert window.web.page.media_devices() == frozenset()
