"""``kiosk self-test``: prove this installation works, offscreen, in well under a minute.

Builds the real home screen, brings up QtWebEngine, loads the on-screen keyboard, opens
a local page through the policy (and is refused a foreign one), performs one wipe and
exits 0 — or non-zero with the step that failed. The bundle smoke test (``make
bundle-test``) and ``kiosk doctor`` run it. Nothing is written to the real data dirs.
"""

from __future__ import annotations

import http.server
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.core.technician import tech
from kiosk.exit_codes import FAILED as EXIT_FAILED
from kiosk.exit_codes import OK as EXIT_OK

PAGE = b"<!doctype html><title>infomat-self-test</title><input id=field><p>ok</p>"
# A one-page PDF (e-government receipts are PDFs): proves Chromium's viewer is in the bundle.
PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 20 60 Td (Hello PDF) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body, kind = (PDF, "application/pdf") if self.path.endswith(".pdf") else (PAGE, "text/html; charset=utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:  # quiet
        pass


def _serve() -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _config(port: int):
    from kiosk.config import parse_config

    return parse_config(
        f"""
[kiosk]
name = "Infomat self-test"
lockdown = false
[[services]]
id = "selftest"
title = "Self-test"
url = "http://127.0.0.1:{port}/"
allow = ["127.0.0.1"]
[stats]
enabled = false
""",
        "<self-test>",
    )


def run_self_test(report: Callable[[str], None] = print) -> int:
    """Run every step; returns the exit code. Call before any QApplication exists."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk import env

    if hasattr(os, "geteuid") and os.geteuid() == 0 and not env.sandbox_disabled():
        report(
            tech("FAIL running as root: Chromium's sandbox refuses root (set QTWEBENGINE_DISABLE_SANDBOX=1 for a test)")
        )
        return EXIT_FAILED
    env.prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(env.qt_argv())
    server = _serve()
    started = time.monotonic()

    from kiosk.ui.window.window import KioskWindow

    with tempfile.TemporaryDirectory(prefix="infomat-self-test-") as cache:
        window = None
        try:
            window = KioskWindow(_config(server.server_address[1]), cache_dir=Path(cache))
            return _steps(window, server.server_address[1], wait_until, report, started)
        except Exception as exc:  # the self-test reports, never tracebacks
            report(tech("FAIL unexpected error: {error}", error=f"{type(exc).__name__}: {exc}"))
            return EXIT_FAILED
        finally:
            if window is not None:
                window.shutdown()
                window.deleteLater()
            server.shutdown()
            app.processEvents()


def _steps(window, port: int, wait_until, report, started: float) -> int:
    from kiosk.paths import app_root

    def step(ok: bool, name: str, detail: str = "") -> bool:
        """A PASS or FAIL line (the words stay: the doctor and the bundle test look for them)."""
        status = tech("PASS") if ok else tech("FAIL")
        if detail:
            report(tech("{status} {name}: {detail}", status=status, name=name, detail=detail))
        else:
            report(tech("{status} {name}", status=status, name=name))
        return ok

    if getattr(sys, "frozen", False):
        report(tech("INFO running from the bundle at {folder}", folder=app_root()))
    else:
        report(tech("INFO running from source at {folder}", folder=app_root()))
    window.resize(1280, 900)
    window.show()
    if not step(wait_until(lambda: window.browser.view is not None, 30), tech("home screen painted, web engine up")):
        return EXIT_FAILED
    if not step(window.home.isVisible() and len(window.config.services) == 1, tech("home screen built with its tile")):
        return EXIT_FAILED
    if window.first_paint.at is not None:
        from kiosk.system.health import process_started_at

        painted_ms = (window.first_paint.at - process_started_at()) * 1000
        # Its own config, validated before painting: a kiosk restarting with an unchanged
        # config paints from the start-up snapshot, faster (benchmarks/startup.py).
        report(tech("INFO home painted {ms} ms after the process started (config validated first)",
                    ms=f"{painted_ms:.0f}"))  # fmt: skip
    if not step(window.keyboard.quick is not None, tech("virtual keyboard plugin and QML loaded")):
        return EXIT_FAILED
    if not step(not window.open("http://example.invalid/"), tech("policy refuses a foreign address")):
        return EXIT_FAILED
    if not step(window.open("selftest"), tech("policy opens the local service")):
        return EXIT_FAILED
    page = window.current_page()
    loaded = wait_until(lambda: page.title() == "infomat-self-test", 30)
    if not step(loaded, tech("local page loaded"), tech("title {title}", title=repr(page.title()))):
        return EXIT_FAILED
    from kiosk.web.gate import current_gate

    gate = current_gate()
    if not step(gate is not None and gate.opened > 0, tech("the page came through the connection gate")):
        return EXIT_FAILED
    finished: list[bool] = []
    page.loadFinished.connect(finished.append)
    window.open(f"http://127.0.0.1:{port}/receipt.pdf")
    shown = wait_until(lambda: bool(finished), 30) and finished[-1] and window.browser.showing_problem() is None
    pdf_step = tech("PDF shown in the built-in viewer (not downloaded)")
    if not step(bool(shown) and not window.toast.isVisible(), pdf_step):
        return EXIT_FAILED
    ended: list[str] = []
    window.session_ended.connect(ended.append)
    window.end_session("visitor")
    wiped = window.is_home() and window.current_page() is None and ended == ["visitor"]
    wipe_ms = tech("{ms} ms", ms=f"{window.last_wipe_ms:.0f}")
    if not step(wiped and window.last_wipe_ms > 0, tech("session wiped"), wipe_ms):
        return EXIT_FAILED
    report(tech("OK self-test passed in {seconds} s", seconds=f"{time.monotonic() - started:.1f}"))
    return EXIT_OK


def wait_until(condition: Callable[[], bool], seconds: float = 20) -> bool:
    """Run the event loop until ``condition()`` or ``seconds`` pass (the frozen probe too)."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.monotonic() + seconds
    loop = QEventLoop()
    while time.monotonic() < end:
        if condition():
            return True
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return bool(condition())
