"""The camera / microphone decision (kiosk/web/media.py) and the kiosk's ownership of
its Chromium flags: tests alone add the fake capture devices, never the fake prompt."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.policy import UrlPolicy
from kiosk.web.media import CAMERA, MICROPHONE, MediaRequest, decide_media, is_secure_origin

ROOT = Path(__file__).resolve().parents[2]
GLOBAL = UrlPolicy(["powiat.lublin.pl"])
SERVICE = GLOBAL.extended(["wideo.example.gov.pl", "tlumacz.localhost", "uslugi.gov.pl/tlumacz"])
BOTH = frozenset({CAMERA, MICROPHONE})


def ask(devices=BOTH, origin="https://wideo.example.gov.pl/", page="https://wideo.example.gov.pl/call", **kw):
    fields = {"service": "tlumacz", "service_media": (CAMERA, MICROPHONE), "policy": SERVICE} | kw
    return decide_media(MediaRequest(frozenset(devices), origin, page, **fields))


def test_granted_to_the_open_service_that_names_the_devices_on_its_secure_origins() -> None:
    assert ask().grant
    assert ask({CAMERA}).grant and ask({MICROPHONE}).grant
    assert ask(origin="http://tlumacz.localhost:8080/", page="http://tlumacz.localhost:8080/").grant
    # allowed only under a path: the page itself may ask, the bare origin of another page not
    assert ask(origin="https://uslugi.gov.pl/", page="https://uslugi.gov.pl/tlumacz/call").grant
    assert not ask(origin="https://uslugi.gov.pl/", page="https://uslugi.gov.pl/inne").grant


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"devices": frozenset()}, "not a camera"),  # geolocation, notifications, clipboard, screen …
        ({"service": None, "service_media": (), "policy": GLOBAL}, "no service"),  # left / wiped
        ({"policy": None}, "no service"),
        ({"service_media": (MICROPHONE,)}, "does not name camera"),  # a combined request needs both
        ({"service_media": ()}, "does not name"),  # another service, without media
        ({"origin": "http://wideo.example.gov.pl/"}, "not a secure context"),
        ({"origin": "https://evil.example/"}, "origin not allowed"),
        ({"origin": "null"}, "not an http(s) origin"),  # a sandboxed frame
        ({"origin": "file:///"}, "not an http(s) origin"),
        ({"origin": "https://powiat.lublin.pl/"}, None),  # allowed by the global rules: the service's own
    ],
)
def test_everything_else_is_denied(change: dict, why: str | None) -> None:
    fields = {"devices": BOTH, "origin": "https://wideo.example.gov.pl/", "page": "https://wideo.example.gov.pl/"}
    fields |= {k: v for k, v in change.items() if k in fields}
    rest = {k: v for k, v in change.items() if k not in fields}
    decision = ask(fields["devices"], fields["origin"], fields["page"], **rest)
    if why is None:  # the global rules are part of the open service's policy
        assert decision.grant
        return
    assert not decision.grant
    assert why in decision.reason


def test_secure_contexts() -> None:
    assert is_secure_origin("https://a.gov.pl/")
    assert is_secure_origin("http://localhost:8000/") and is_secure_origin("http://urzad.localhost/")
    assert not is_secure_origin("http://a.gov.pl/") and not is_secure_origin("http://localhost.evil.example/")
    assert not is_secure_origin("null")


def _flags_of(call: str) -> str:
    code = f"from kiosk import env; {call}; import os; print(os.environ['QTWEBENGINE_CHROMIUM_FLAGS'])"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QTWEBENGINE_CHROMIUM")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_production_call_has_no_fake_devices_and_tests_cannot_add_a_fake_prompt() -> None:
    production = _flags_of("env.prepare_environment()")
    assert "--proxy-server=" in production
    assert "fake" not in production
    assert "--use-fake-device-for-media-stream" in _flags_of(
        "env.prepare_environment(test_flags=['--use-fake-device-for-media-stream'])"
    )
    with pytest.raises(AssertionError, match="not a test flag"):
        _flags_of("env.prepare_environment(test_flags=['--use-fake-ui-for-media-stream'])")


def test_no_production_code_passes_test_flags() -> None:
    for path in (ROOT / "kiosk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "prepare_environment":
                assert not node.keywords or all(k.arg != "test_flags" for k in node.keywords), path
