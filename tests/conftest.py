"""Test environment: offscreen Qt, a throwaway HOME, and host names mapped to localhost.

Runs before any Qt import. QtWebEngine reads its flags once per process, so the flags
every web test needs (host-resolver rules) are set here for the whole session.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

_home = tempfile.mkdtemp(prefix="infomat-test-home-")
os.environ["HOME"] = _home
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, ".config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_home, ".cache")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, ".local", "share")
os.environ["XDG_STATE_HOME"] = os.path.join(_home, ".local", "state")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The technician's language follows the locale (kiosk/core/technician.py): English for the
# suite on any machine; tests of Polish set it themselves (LANG=pl_PL.UTF-8 or --lang pl).
os.environ["LANG"] = "C.UTF-8"
for _variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_variable, None)
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"

from kiosk import env  # noqa: E402
from kiosk.core import technician  # noqa: E402
from kiosk.system.session_bus import own_session_bus  # noqa: E402

# Under Xvfb the test process gets a session bus that ends with it, as the kiosk does:
# no daemon autolaunched by dbus-launch outlives the run (issue 27, 7).
_bus = own_session_bus()
from tests.support.listeners import EVIL_ADDRESS, free_port  # noqa: E402
from tests.support.pki import trusted_leaf  # noqa: E402

try:
    TRUSTED_LEAF = trusted_leaf(_home)
except Exception:
    TRUSTED_LEAF = None

# The web tests' site server listens on one port for the whole run.
SITE_PORT = free_port()

# Every host name resolves to a loopback address — in the connection gate, which resolves
# every name the browser connects to (the browser resolves none) — so tests use real names (epuap.gov.pl,
# evil.example) against local servers; nothing can leave the machine. The non-allowed host
# has an address of its own, so a listener there sees any socket that reaches it. Pages that need a secure context
# (camera, service workers) use *.localhost names, which browsers treat as secure.
# (--unsafely-treat-insecure-origin-as-secure has no effect here: Chromium honours it only
# with a --user-data-dir, measured Qt 6.12.)
HOST_RULES = f"MAP evil.example {EVIL_ADDRESS}, MAP *.evil.example {EVIL_ADDRESS}, MAP * 127.0.0.1"
# Chromium's fake camera and microphone (a test pattern and a beep) for tests/qt/test_media.py;
# not its fake permission UI, which would grant every request and hide the kiosk's decision.
FAKE_MEDIA_FLAGS = ("--use-fake-device-for-media-stream",)
env.prepare_environment(HOST_RULES, test_flags=FAKE_MEDIA_FLAGS)

TEST_HOME = _home


@pytest.fixture(autouse=True)
def english_technician_afterwards() -> Iterator[None]:
    """Each test leaves the technician's language as the suite starts (English: LANG is
    C.UTF-8 here), so one that chose Polish cannot change what the next one reads."""
    yield
    technician.set_language("en")
