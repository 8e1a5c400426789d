"""The real kiosk window in a process of its own, driven line by line on stdin, for tests
that need something outside the test process to look at it: the AT-SPI tree (Orca's
view, which must not wait on a test process busy reading it) and the sound it makes.

    python -m tests.support.kiosk_child [--size WxH] [--extra TOML]

Commands (one per line), each answered with one JSON line on stdout:
``ready``, ``lang CODE``, ``size W H``, ``choose speech|low_reach|contrast on|off``,
``tap N`` / ``double N`` (tile N, through the window as a touch arrives), ``form`` (opens
a service page with a labelled field and focuses it), ``warn`` (the idle warning),
``end`` (the visitor ends the session), ``hide`` (the warning), ``state`` (screen, said),
``help`` (presses the "Pomoc" button of the screen shown), ``clear`` (a technician clears
the help request in the admin panel), ``open URL`` (through the policy; ``{port}``: the test site's), ``type TEXT``
(keys into the page's field), ``value`` (that field's value), ``logfile`` (where
``--file-log`` writes the kiosk log), ``quit``. With ``[metrics] listen`` in ``--extra``
the window's metrics are served there, as the runtime serves them.
"""

from __future__ import annotations

import argparse
import json
import queue
import sys
import threading

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import tests.conftest  # noqa: F401 - the tests' environment: HOME, host rules, the session bus
from kiosk.ui.window.window import KioskWindow
from tests.conftest import SITE_PORT
from tests.support.server import SiteServer
from tests.support.web import ALLOWED, demo_config

FORM = (
    "<!doctype html><title>Formularz</title><main><h1>Wniosek o dowód</h1>"
    "<p>Wpisz numer i naciśnij Dalej.</p>"
    "<label for=pesel>Numer PESEL</label><input id=pesel autofocus>"
    "<button>Dalej</button></main>"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--extra", default="")
    parser.add_argument("--demo", action="store_true", help="the shipped demo config (news, events, offices)")
    parser.add_argument("--file-log", action="store_true", help="log to kiosk.log in the kiosk's log folder")
    args = parser.parse_args()
    log_file = None
    if args.file_log:
        from kiosk.paths import log_dir
        from kiosk.support.logs import setup_logging

        log_file = setup_logging(log_dir())
    app = QApplication(sys.argv[:1])
    sites = SiteServer(port=SITE_PORT)
    sites.route(ALLOWED, "/form", FORM)
    if args.demo:
        from kiosk.config import load_config
        from kiosk.paths import app_root

        config = load_config(app_root() / "config" / "kiosk.toml")
    else:
        config = demo_config(sites.port, args.extra)
    window = KioskWindow(config, lockdown=False)
    monitoring = None
    if config.metrics.listen:
        from kiosk.ui.window.monitoring import Monitoring

        monitoring = Monitoring()
        monitoring.config_in_force(config, None)
        monitoring.watch(window)
    width, height = map(int, args.size.split("x"))
    window.resize(width, height)
    window.show()
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.strip()) for line in sys.stdin], daemon=True).start()

    def answer(value: object) -> None:
        print(json.dumps(value), flush=True)

    def tap(index: int) -> None:
        """At the window, as a touch arrives (the explore-by-touch filter sits there)."""
        tile = window.home.tiles[index]
        point = tile.mapTo(window, QPoint(tile.width() // 2, tile.height() // 2))
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=point)

    def run(command: str) -> None:
        name, *rest = command.split()
        if name == "ready":
            answer({"ready": window.screens_built and window.browser.view is not None})
        elif name == "lang":
            window.choose(window.choices.with_language(rest[0]))
            answer({"ok": True})
        elif name == "size":
            window.resize(int(rest[0]), int(rest[1]))
            answer({"ok": True})
        elif name == "choose":
            on = rest[1] == "on"
            choices = window.choices
            changed = {"speech": choices.with_speech, "low_reach": choices.with_low_reach}.get(rest[0])
            window.choose(changed(on) if changed else choices.with_high_contrast(on))
            answer({"ok": True})
        elif name == "tap":
            tap(int(rest[0]))
            answer({"ok": True})
        elif name == "double":
            tap(int(rest[0]))
            QTest.qWait(120)
            tap(int(rest[0]))
            answer({"ok": True})
        elif name == "form":
            answer({"ok": window.open(sites.url(ALLOWED, "/form"))})
        elif name == "warn":
            window.warning.present(lambda: 30, window.language)
            answer({"ok": True})
        elif name == "end":
            window.end_session("visitor")
            answer({"ok": True})
        elif name == "hide":
            window.warning.hide()
            answer({"ok": True})
        elif name == "help":
            button = window.home.footer.help_button if window.is_home() else window.browser.help_button
            shown = button.isVisible()
            if shown:
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            answer({"ok": shown, "toast": window.toast.text() if window.toast.isVisible() else ""})
        elif name == "clear":
            window.admin_part.open_panel()
            panel = window.admin_part.panel
            shown = panel.clear_help_button.isVisible()
            if shown:
                QTest.mouseClick(panel.clear_help_button, Qt.MouseButton.LeftButton)
            panel.hide()
            answer({"ok": shown})
        elif name == "open":
            answer({"ok": window.open(rest[0].replace("{port}", str(sites.port)))})
        elif name == "type":
            view = window.browser.view
            (view.focusProxy() or view).setFocus()  # a new session's view after a wipe has not got it yet
            window.current_page().runJavaScript("var f = document.querySelector('input'); f && f.focus();", 0)
            QTest.qWait(300)
            window.activateWindow()
            QTest.keyClicks(view.focusProxy() or view, command.split(" ", 1)[1])
            QTest.qWait(200)
            answer({"ok": True})
        elif name == "value":
            page = window.current_page()
            page.runJavaScript("(document.querySelector('input') || {}).value || ''", 0,
                               lambda value: answer({"value": value}))  # fmt: skip
        elif name == "logfile":
            answer({"path": str(log_file) if log_file else None})
        elif name == "state":
            answer({"screen": "home" if window.is_home() else "browser", "said": list(window.access.speaker.said)})
        elif name == "quit":
            answer({"ok": True})
            if monitoring is not None:
                monitoring.shutdown()
            window.shutdown()
            sites.close()
            app.quit()
        else:
            answer({"error": f"unknown command {command!r}"})

    def poll() -> None:
        while not lines.empty():
            command = lines.get()
            if command:
                run(command)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(30)
    app.exec()


if __name__ == "__main__":
    main()
