"""Render the kiosk's screens under a real X server (Xvfb) into docs/screenshots/.

    python scripts/screenshots.py        (or: make screenshots)

Starts its own Xvfb, serves local stand-ins for e-service pages (host names are mapped to
127.0.0.1, nothing leaves the machine), drives the real KioskWindow with the demo config
and grabs the screen; each shot is one `shot(window, name)` call in main().
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SCREEN = (1920, 1920)
DEMO_NOW = dt.datetime(2026, 11, 23, 10, 5)

SERVICE_PAGE = """<!doctype html><html lang=pl><head><meta charset=utf-8><title>ePUAP</title>
<style>body{font-family:sans-serif;margin:0;background:#f5f7fa;color:#1b1f24}
header{background:#fff;border-bottom:4px solid #d4213d;padding:24px 48px;font-size:28px;font-weight:700}
main{max-width:760px;margin:48px auto;background:#fff;padding:40px;border-radius:12px;box-shadow:0 2px 8px #0002}
label{display:block;font-size:20px;margin:16px 0 6px} input{font-size:22px;padding:12px;width:95%}
button{margin-top:28px;font-size:22px;padding:14px 28px;background:#0052a5;color:#fff;border:0;border-radius:8px}
.note{color:#555;font-size:16px;margin-top:24px}</style></head><body>
<header>ePUAP — Elektroniczna Platforma Usług Administracji Publicznej</header>
<main><h1>Zaloguj się</h1><label>Nazwa użytkownika lub adres e-mail</label><input id=login>
<label>Hasło</label><input type=password><button>Zaloguj się</button>
<p><a href="https://bank.example/login">Zaloguj przez bank</a></p>
<p class=note>Strona demonstracyjna serwowana lokalnie do zrzutów ekranu (nie jest to prawdziwy ePUAP).</p>
</main></body></html>"""


def click_at(x: float, y: float) -> None:
    """A real X click (xdotool), the way a touchscreen's input arrives."""
    subprocess.run(["xdotool", "mousemove", str(int(x)), str(int(y)), "click", "1"], check=False)


def start_xvfb() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY") and not os.environ.get("INFOMAT_OWN_XVFB"):
        return None
    if shutil.which("Xvfb") is None:
        sys.exit("screenshots: Xvfb is missing (apt-get install xvfb)")
    display = ":97"
    proc = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["DISPLAY"] = display
    time.sleep(1.0)
    return proc


def save_window(window, name: str) -> None:
    """The window as the screen shows it, into docs/screenshots/NAME.png."""
    image = window.screen().grabWindow(0, window.x(), window.y(), window.width(), window.height())
    OUT.mkdir(parents=True, exist_ok=True)
    image.save(str(OUT / f"{name}.png"))
    print(f"wrote docs/screenshots/{name}.png ({window.width()}x{window.height()})")


def prepare_screen_shots() -> subprocess.Popen | None:
    """Xvfb (unless there is a display), a throw-away HOME, every host name mapped to the
    local stand-ins; returns the Xvfb process started, if any."""
    xvfb = start_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["HOME"] = tempfile.mkdtemp(prefix="infomat-shots-")
    if os.geteuid() == 0:
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    from kiosk import env

    env.prepare_environment("MAP * 127.0.0.1")
    return xvfb


def main() -> None:
    sys.path.insert(0, str(ROOT))
    xvfb = prepare_screen_shots()
    from PySide6.QtCore import QCoreApplication, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.config import load_config
    from kiosk.system.connectivity import ConnectivityMonitor
    from kiosk.ui.admin.part import AdminSources
    from kiosk.ui.window.window import KioskWindow
    from tests.support.server import SiteServer

    sites = SiteServer()
    sites.route("epuap.gov.pl", "/", SERVICE_PAGE)
    app = QApplication(["infomat-screenshots"])  # must exist while windows do
    config = load_config(ROOT / "config" / "kiosk.toml")
    # The tile keeps its real host; only scheme and port point at the local stand-in.
    services = [
        s.model_copy(update={"url": f"http://epuap.gov.pl:{sites.port}/"}) if s.id == "epuap" else s
        for s in config.services
    ]
    config = config.model_copy(update={"services": services})
    config._source = ROOT / "config" / "kiosk.toml"

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(window: KioskWindow, name: str) -> None:
        wait(600)
        save_window(window, name)

    # Probes an address where nothing listens, but only when asked (for the offline home).
    monitor = ConnectivityMonitor(["http://127.0.0.1:9/"], timeout=1, interval=3600)

    def window_of(size: tuple[int, int]) -> KioskWindow:
        hooks = "not active: the keyboard package cannot suppress keys on Linux (see deploy/linux)"
        window = KioskWindow(
            config,
            clock=lambda: DEMO_NOW,
            cache_dir=Path(os.environ["HOME"]) / "cache",
            sources=AdminSources(hook_state=lambda: hooks, connectivity=lambda: monitor.state),
            connectivity=monitor,
        )
        window.setGeometry(0, 0, *size)
        window.show()
        wait(1500)
        return window

    landscape = window_of((1920, 1080))
    shot(landscape, "home-landscape")
    landscape.attract_part.start()
    shot(landscape, "attract-landscape")
    landscape.attract_part.screen.stop()
    landscape.choose(landscape.choices.with_text_scale(2.0))
    shot(landscape, "home-200")
    landscape.end_session("visitor")
    landscape.wiped.hide()
    landscape.choose(landscape.choices.with_language("uk"))
    shot(landscape, "home-uk")
    landscape.end_session("visitor")
    landscape.wiped.hide()
    landscape.open("epuap")
    wait(1500)
    shot(landscape, "service-page")
    landscape.activateWindow()
    view = landscape.browser.view.focusProxy()
    target = view.mapToGlobal(view.rect().topLeft())
    landscape.current_page().runJavaScript(
        "(() => { const r = document.getElementById('login').getBoundingClientRect();"
        " return JSON.stringify([r.x + 20, r.y + 20]); })()",  # arrays arrive as '' in PySide6
        0,
        lambda raw: click_at(target.x() + json.loads(raw)[0], target.y() + json.loads(raw)[1]),
    )
    wait(1200)
    for key in ("k", "o", "w", "a", "l", "s", "k", "a"):
        subprocess.run(["xdotool", "type", key], check=False)
    wait(800)
    shot(landscape, "web-form-keyboard")
    landscape.keyboard.reset("pl")
    landscape.current_page().runJavaScript("document.querySelector('a').click()")
    wait(800)
    shot(landscape, "blocked-page")
    landscape.browser.show_page()
    landscape.current_page().runJavaScript("location.href = 'mobywatel://login?session=demo'")
    wait(800)
    shot(landscape, "app-handoff")
    landscape.browser.show_page()
    landscape.session.machine.on_activity(0, private=True)
    landscape.session.machine.last_input = -10_000
    landscape.session.tick()
    wait(300)
    shot(landscape, "idle-warning")
    landscape.end_session("idle")
    shot(landscape, "data-deleted")
    landscape.wiped.hide()
    landscape.choose(landscape.choices.with_high_contrast(True))
    landscape.choose(landscape.choices.with_text_scale(2.0))
    shot(landscape, "home-high-contrast-200")
    landscape.choose(landscape.choices.with_language("uk"))
    landscape.open("epuap")
    wait(1200)
    landscape.current_page().runJavaScript("document.querySelector('a').click()")
    wait(800)
    shot(landscape, "blocked-uk-high-contrast-200")
    landscape.end_session("visitor")
    landscape.wiped.hide()
    landscape.choose(landscape.choices.with_text_scale(2.0))
    landscape.open("epuap")
    wait(1500)
    shot(landscape, "web-form-200")
    landscape.end_session("visitor")
    landscape.wiped.hide()
    items = landscape.content.news_items()
    if items:
        landscape.panels.news.item_chosen.emit(items[0])
        shot(landscape, "news-item")
        landscape.news_overlay.hide()
    landscape.open("powiat")  # its host maps to 127.0.0.1:443, where nothing listens: offline
    wait(2500)
    shot(landscape, "offline-page")
    landscape.end_session("visitor")
    landscape.wiped.hide()
    landscape.admin_part.pin_pad.open_pad()
    for key in "258":
        landscape.admin_part.pin_pad.press(key)
    shot(landscape, "admin-pin")
    landscape.admin_part.pin_pad.close_pad()
    landscape.admin_part.open_panel()
    shot(landscape, "admin-panel")
    landscape.admin_part.panel.hide()
    landscape.activateWindow()
    for high_contrast in (False, True):  # the focus ring after Tab presses, in both themes
        landscape.choose(landscape.choices.with_high_contrast(high_contrast))
        landscape.home.tiles[1].setFocus(Qt.FocusReason.TabFocusReason)
        shot(landscape, "focus-ring-high-contrast" if high_contrast else "focus-ring")
    landscape.end_session("visitor")
    landscape.wiped.hide()
    monitor.check_now()
    wait(2500)
    shot(landscape, "home-offline")
    landscape.shutdown()
    landscape.close()

    monitor.stop()
    # A fresh probe, not asked yet: the offline notice belongs to "home-offline" only.
    monitor = ConnectivityMonitor(["http://127.0.0.1:9/"], timeout=1, interval=3600)
    portrait = window_of((1080, 1920))
    shot(portrait, "home-portrait")
    portrait.access.speaker.engine_name = "mock"  # the picture, not the sound
    portrait.choose(portrait.choices.with_low_reach(True).with_speech(True))
    shot(portrait, "low-reach-portrait")
    portrait.choose(portrait.choices.with_text_scale(2.0))
    shot(portrait, "low-reach-portrait-200")
    portrait.end_session("visitor")
    portrait.wiped.hide()
    portrait.attract_part.start()
    shot(portrait, "attract-portrait")
    portrait.attract_part.screen.stop()
    portrait.shutdown()
    portrait.close()

    for size in ((1366, 768), (1280, 1024)):  # older infomaty
        older = window_of(size)
        shot(older, f"home-{size[0]}x{size[1]}")
        older.shutdown()
        older.close()
    monitor.stop()
    sites.close()
    # The X connection must end before Xvfb does, or Qt's xcb plugin reports a broken
    # connection and exits with 1 after every screenshot was written.
    app.shutdown()
    if xvfb is not None:
        xvfb.terminate()


if __name__ == "__main__":
    main()
