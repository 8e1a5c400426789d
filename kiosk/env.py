"""The kiosk owns its process environment before Qt starts.

QtWebEngine honours ``QTWEBENGINE_CHROMIUM_FLAGS`` and ``QTWEBENGINE_REMOTE_DEBUGGING``
from the environment and Chromium switches from ``argv`` (e.g. ``--remote-debugging-port``,
``--disable-web-security``). Anyone who can set those owns the browser, so the kiosk
drops what came from outside and sets exactly the flags it needs.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("kiosk.env")

STRIPPED_VARIABLES = (
    "QTWEBENGINE_REMOTE_DEBUGGING",
    "QTWEBENGINE_CHROMIUM_FLAGS",
    "QTWEBENGINE_INSPECTOR_SERVER",
    "QTWEBENGINE_DICTIONARIES_PATH",
    "QT_WEBENGINE_DISABLE_NOUVEAU_WORKAROUND",
)

#: The one time zone of everything a visitor reads (kiosk/core/hours.py computes in it too).
COUNTY_TIME_ZONE = "Europe/Warsaw"
COUNTY_TIME_ZONE_RULE = "CET-1CEST,M3.5.0,M10.5.0/3"  # the same as a POSIX TZ rule

BROWSER_HOST_RULES = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"

KIOSK_CHROMIUM_FLAGS = (
    "--no-pings",  # <a ping> beacons: hyperlink auditing off
    "--deny-permission-prompts",  # belt and braces for the page-level permission policy
    "--disable-background-networking",  # no component updates or field trials from a kiosk
    # Sockets (docs/security.md): no UDP from the browser at all. QUIC (HTTP/3 and
    # WebTransport) off; WebRTC only over TCP through the proxy, i.e. through the gate.
    "--disable-quic",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    # Every TCP connection through the connection gate (kiosk/web/gate.py), loopback
    # addresses too (Chromium bypasses proxies for them unless told '<-loopback>').
    "--proxy-bypass-list=<-loopback>",
    # DNS as a channel (issue 26): Chromium resolves nothing itself. Every connection goes
    # to the gate by name (SOCKS5 sends the name), and the gate resolves it after the
    # policy allowed it; a name a page hands to an API that resolves on its own (a WebRTC
    # TURN server, measured Qt 6.11) finds nothing, and no DNS question leaves. WebRTC then
    # connects to a TCP/TLS TURN server by name through the proxy, so the gate decides on
    # calls too (docs/security.md, "Calls through the gate"). The gate's own address is the
    # one exception: the browser must reach it.
    f'--host-resolver-rules="{BROWSER_HOST_RULES}"',
    # A screen reader reads the page's own tree (issue 29): without this, a page loaded after
    # the window was shown never reaches AT-SPI (measured Qt 6.11), and the kiosk owns its
    # flags, so nobody else can add it.
    "--force-renderer-accessibility",
)


#: The only extra Chromium switches a caller may add (tests: Chromium's fake camera and
#: microphone). ``--use-fake-ui-for-media-stream`` is deliberately not here: it grants
#: every request itself and would hide the kiosk's own permission decision.
TEST_CHROMIUM_FLAGS = frozenset({"--use-fake-device-for-media-stream"})


def prepare_environment(
    host_rules: str | None = None, virtual_keyboard: bool = True, test_flags: Sequence[str] = ()
) -> None:
    """Strip inherited browser switches, start the connection gate and set the kiosk's
    flags; call before QApplication.

    ``host_rules`` (Chromium's ``--host-resolver-rules`` syntax, e.g. ``"MAP * 127.0.0.1"``)
    exists for tests and benchmarks: the gate resolves names by them instead of DNS (the
    browser resolves nothing in any case). It is not reachable from the command line or
    the config.

    ``test_flags`` (only from tests/conftest.py) adds switches from
    :data:`TEST_CHROMIUM_FLAGS` and nothing else; the production entry passes none.
    """
    from kiosk.web.gate import HostMap, start_gate, system_resolver

    for name in STRIPPED_VARIABLES:
        if name in os.environ:
            log.warning("ignoring %s from the environment (the kiosk sets its own browser flags)", name)
            del os.environ[name]
    unknown = [flag for flag in test_flags if flag not in TEST_CHROMIUM_FLAGS]
    if unknown:
        raise ValueError(f"not a test flag the kiosk accepts: {unknown}")
    gate = start_gate(HostMap(host_rules) if host_rules else system_resolver)
    flags = [*KIOSK_CHROMIUM_FLAGS, *test_flags, f"--proxy-server={gate.proxy_url}"]
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(flags)
    if virtual_keyboard:
        # The kiosk shows its own InputPanel inside the window (kiosk.ui.widgets.keyboard); the
        # desktop-mode panel would be a separate top-level window.
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
        os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
    compose_with_rhi()
    if sandbox_disabled():
        log.warning(
            "the Chromium sandbox is DISABLED (QTWEBENGINE_DISABLE_SANDBOX=1); acceptable for tests "
            "and demos only: a kiosk must run as an unprivileged user with the sandbox on"
        )


#: Qt platforms without a screen (tests, benchmarks): nothing to compose, often no GPU.
SCREENLESS_PLATFORMS = ("offscreen", "minimal")


def compose_with_rhi() -> None:
    """Widgets composed through the GPU (Qt's RHI) from the first frame, on a real screen.

    The on-screen keyboard (a QQuickWidget) and the web view need RHI. Added to a window
    first shown as raster, Qt 6.11 re-creates the native window: the screen went black for
    ~0.5 s a second after the home screen had appeared (measured under Xvfb, every start).
    Costs ~150 ms before the first paint with Mesa's llvmpipe (benchmarks/chromium_compare.py).
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform in SCREENLESS_PLATFORMS:
        os.environ.pop("QT_WIDGETS_RHI", None)  # inherited from a test run on a screen
    else:
        os.environ.setdefault("QT_WIDGETS_RHI", "1")


def use_county_time_zone() -> None:
    """Run this process, and every process it starts (the kiosk, Chromium's), on the
    county's clock: the header clock, the date and name day, the calendar, opening hours,
    alerts and the statistics' hours agree whatever zone the machine is set to (issue 27:
    on a PC set to UTC the clock read 14:25 at 15:25 Warsaw time, next to opening hours
    computed in Warsaw time). ``kiosk doctor`` reads the machine's own zone from the system."""
    zone_file = Path("/usr/share/zoneinfo") / COUNTY_TIME_ZONE
    # Without the tz database (Windows) the POSIX rule of Polish time says the same.
    os.environ["TZ"] = COUNTY_TIME_ZONE if zone_file.exists() else COUNTY_TIME_ZONE_RULE
    if hasattr(time, "tzset"):
        time.tzset()


def sandbox_disabled() -> bool:
    return os.environ.get("QTWEBENGINE_DISABLE_SANDBOX", "") not in ("", "0")


def qt_argv() -> list[str]:
    """argv for QApplication: the program name only, so no Chromium switch slips in."""
    return [sys.argv[0] if sys.argv else "kiosk"]
