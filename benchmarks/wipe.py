"""Session wipe and session start cost over many visitors, and memory flatness.

    python benchmarks/wipe.py [SESSIONS] [--scraped]

``--scraped``: the kiosk's metrics endpoint is on and a thread scrapes it 10 times a
second (issue 18: a scrape must not slow the UI); the scrape times are printed too.

Each visitor taps the service tile (a mouse press and release delivered to the window, as
offscreen input arrives), the page writes cookies, localStorage and IndexedDB; the idle
timer then fires (fake clock) and we time idle-trigger → clean home, the next visitor's
profile being built (right after the wipe, not part of it), and the tile tap → page loaded.
Process-tree PSS (QtWebEngineProcess included) is sampled before the first and after the
last session.
"""

from __future__ import annotations

import socket
import sys
import threading
import time

from common import prepare_offscreen, summary, table, tree_pss_mb

prepare_offscreen()

import http.server  # noqa: E402

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.config import parse_config  # noqa: E402
from kiosk.ui.window.window import KioskWindow  # noqa: E402

PAGE = b"""<html><body><h1>ePUAP</h1><input name=pesel><script>
document.cookie = 'sid=' + Math.random(); localStorage.setItem('k', 'x'.repeat(1000));
indexedDB.open('db', 1).onupgradeneeded = e => e.target.result.createObjectStore('s');
</script></body></html>"""


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *_args: object) -> None:
        pass


def wait(_app: QApplication, condition, timeout: float = 10.0) -> None:
    """Run a real event loop (deferred deletions included) until ``condition()``."""
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    poll = QTimer()
    poll.setInterval(2)

    def check() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError


class Scraper:
    """Scrapes ``url`` every 100 ms from a thread of its own, timing each scrape."""

    def __init__(self, url: str) -> None:
        import urllib.request

        self.times: list[float] = []
        self._stop = threading.Event()

        def loop() -> None:
            while not self._stop.wait(0.1):
                started = time.perf_counter()
                with urllib.request.urlopen(url, timeout=5) as response:
                    response.read()
                self.times.append((time.perf_counter() - started) * 1000)

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def start_scraped(window: KioskWindow) -> tuple[Scraper, object]:
    from kiosk.metrics.exporter import ExportSettings, MetricsExporter
    from kiosk.metrics.registry import KioskMetrics
    from kiosk.ui.window.monitoring import watch_window

    metrics = KioskMetrics()
    watch_window(window, metrics)
    exporter = MetricsExporter(metrics.registry)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    exporter.apply(ExportSettings(listen=f"127.0.0.1:{port}"))
    return Scraper(f"http://127.0.0.1:{port}/metrics"), exporter


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    scraped = "--scraped" in sys.argv
    sessions = int(args[0]) if args else 200
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    config = parse_config(
        f'[[services]]\nid="epuap"\ntitle="ePUAP"\nurl="http://epuap.gov.pl:{port}/"\nallow=["epuap.gov.pl"]\n'
    )
    app = QApplication(["bench"])
    clock = [1000.0]
    window = KioskWindow(config, monotonic=lambda: clock[0])
    window.resize(1920, 1080)
    window.show()
    wait(app, lambda: window.browser.view is not None)
    scraper, exporter = start_scraped(window) if scraped else (None, None)

    loaded: list[bool] = []
    starts: list[float] = []
    inner: list[float] = []
    wipes: list[float] = []
    rebuilds: list[float] = []
    tile = window.home.tiles[0]
    pss_before = 0.0
    for index in range(sessions + 5):  # 5 warm-up visitors are not measured
        if index == 5:
            pss_before = tree_pss_mb()
        loaded.clear()
        t0 = time.perf_counter()
        QTest.mouseClick(
            window.windowHandle(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            tile.mapTo(window, tile.rect().center()),
        )
        if window.current_page() is None:
            raise SystemExit("wipe: the tile tap opened no page; nothing to measure")
        window.current_page().loadFinished.connect(loaded.append)
        wait(app, lambda: bool(loaded))
        start_ms = (time.perf_counter() - t0) * 1000
        clock[0] += config.session.idle_seconds
        window.session.tick()  # the idle timer fires: warning
        clock[0] += config.session.warning_seconds
        t1 = time.perf_counter()
        window.session.tick()  # the countdown ends: wipe
        assert window.is_home()
        wipe_ms = (time.perf_counter() - t1) * 1000
        inner.append(window.last_wipe_ms)
        wait(app, lambda: window.web.page is not None)  # the next visitor's profile, built after
        rebuild_ms = (time.perf_counter() - t1) * 1000 - wipe_ms
        window.wiped.hide()  # the next visitor's first tap would dismiss "data deleted"
        if index >= 5:
            starts.append(start_ms)
            wipes.append(wipe_ms)
            rebuilds.append(rebuild_ms)
    settle_until = time.perf_counter() + 1.5
    wait(app, lambda: time.perf_counter() > settle_until, timeout=5)
    pss_after = tree_pss_mb()
    growth = (pss_after - pss_before) / pss_before * 100
    scrape_rows = []
    if scraper is not None:
        scraper.stop()
        exporter.stop()
        scrape_rows = [("metrics scrapes during the run", f"{len(scraper.times)}, {summary(scraper.times)} ms")]
    print(
        table(
            [
                ("sessions", str(sessions)),
                *scrape_rows,
                ("idle trigger → clean home (ms)", summary(wipes)),
                ("  of which end_session() (ms)", summary(inner[5:])),
                ("then the next profile built (ms)", summary(rebuilds)),
                ("tile tap → page loaded (ms)", summary(starts)),
                ("process-tree PSS before (MB)", f"{pss_before:7.1f}"),
                ("process-tree PSS after (MB)", f"{pss_after:7.1f}"),
                ("PSS growth", f"{growth:+6.1f} %"),
            ],
            "Infomat session benchmark (offscreen, QtWebEngine, local page"
            + (", metrics scraped 10×/s)" if scraped else ")"),
        )
    )
    window.shutdown()
    server.shutdown()


if __name__ == "__main__":
    main()
