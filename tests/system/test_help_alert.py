"""Issue 30, 4, end to end: a visitor presses "Pomoc" on a real kiosk window; Debian's
Prometheus scrapes ``infomat_help_requested``, fires InfomatHelpRequested from the shipped
rules, Debian's Alertmanager routes it to the staff's webhook — within a minute (measured:
docs/monitoring.md). Negative control first: the same kiosk, watched as long, unpressed,
sends nothing; and when the technician clears the request the alert resolves."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support.child_window import ChildWindow
from tests.support.listeners import free_port
from tests.support.waiting import wait_for
from tests.unit.test_monitoring_files import RULES

pytestmark = [
    pytest.mark.web,
    pytest.mark.skipif(shutil.which("prometheus") is None, reason="Debian package prometheus"),
    pytest.mark.skipif(shutil.which("prometheus-alertmanager") is None, reason="Debian: prometheus-alertmanager"),
]

QUIET_SECONDS = 12  # the negative control: a dozen scrapes and evaluations with nobody pressing
WITHIN = 60  # the promise: a press reaches staff within a minute


class Webhook:
    """The staff's end of the webhook receiver: every notification Alertmanager POSTs."""

    def __init__(self) -> None:
        received = self.received = []  # (monotonic time, Alertmanager's JSON)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append((time.monotonic(), json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/pomoc"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def alerts(self, status: str) -> list[tuple[float, dict]]:
        return [(at, alert) for at, body in self.received for alert in body["alerts"]
                if alert["labels"].get("alertname") == "InfomatHelpRequested"
                and alert["status"] == status]  # fmt: skip

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start(command: list[str], log: Path, ready_url: str) -> subprocess.Popen:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=log.parent, stdout=out, stderr=subprocess.STDOUT)

    def ready() -> bool:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            with urllib.request.urlopen(ready_url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    wait_for(ready, 60, f"{command[0]} ready")
    return process


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[ChildWindow, Webhook, str]]:
    webhook = Webhook()
    metrics_port, am_port, prom_port = free_port(), free_port(), free_port()
    (tmp_path / "alertmanager.yml").write_text(
        "route:\n  receiver: it\n  group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1h\n"
        "  routes:\n    - matchers: ['alertname=\"InfomatHelpRequested\"']\n      receiver: staff\n"
        "      group_by: [kiosk_id]\n      group_wait: 1s\n      group_interval: 1s\n"
        "receivers:\n  - name: it\n"
        f"  - name: staff\n    webhook_configs: [{{url: '{webhook.url}', send_resolved: true}}]\n",
        encoding="utf-8",
    )
    (tmp_path / "prometheus.yml").write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        f"rule_files: ['{RULES}']\n"
        f"alerting: {{alertmanagers: [{{static_configs: [{{targets: ['127.0.0.1:{am_port}']}}]}}]}}\n"
        "scrape_configs:\n  - job_name: infomat\n    static_configs:\n"
        f"      - targets: ['127.0.0.1:{metrics_port}']\n        labels: {{kiosk_id: jastkow, gmina: Jastków}}\n",
        encoding="utf-8",
    )
    window = ChildWindow("--extra", f'[help]\nenabled = true\n[metrics]\nlisten = "127.0.0.1:{metrics_port}"\n',
                         log=tmp_path / "kiosk.log")  # fmt: skip
    alertmanager = prometheus = None
    try:
        window.wait_ready()
        alertmanager = start(
            ["prometheus-alertmanager", "--config.file=alertmanager.yml", f"--storage.path={tmp_path / 'am'}",
             f"--web.listen-address=127.0.0.1:{am_port}", "--cluster.listen-address="],
            tmp_path / "alertmanager.log", f"http://127.0.0.1:{am_port}/-/ready",
        )  # fmt: skip
        prometheus = start(
            ["prometheus", "--config.file=prometheus.yml", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{prom_port}"],
            tmp_path / "prometheus.log", f"http://127.0.0.1:{prom_port}/-/ready",
        )  # fmt: skip
        yield window, webhook, f"http://127.0.0.1:{prom_port}"
    finally:
        stop(prometheus)
        stop(alertmanager)
        window.close()
        webhook.close()


def query(prometheus: str, expr: str) -> list[dict]:
    url = f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())["data"]["result"]


def test_a_pomoc_press_reaches_the_staff_webhook_within_a_minute(watched) -> None:
    window, webhook, prometheus = watched
    wait_for(lambda: query(prometheus, 'infomat_help_requested{kiosk_id="jastkow"} == 0'), 60,
             "Prometheus scraping the kiosk's help gauge")  # fmt: skip
    time.sleep(QUIET_SECONDS)  # negative control: watched, evaluated, not pressed
    assert webhook.alerts("firing") == [] and webhook.received == []

    pressed = time.monotonic()
    answer = window.send("help")
    assert answer == {"ok": True, "toast": "Pracownik został powiadomiony"}
    (at, alert), *_ = wait_for(lambda: webhook.alerts("firing"), WITHIN, "the staff webhook called")
    took = at - pressed
    print(f"\nPomoc press -> staff webhook: {took:.1f} s")
    assert took < WITHIN
    assert alert["labels"]["kiosk_id"] == "jastkow" and alert["labels"]["route"] == "staff"
    assert "jastkow" in alert["annotations"]["summary"] and "pomoc" in alert["annotations"]["summary"]

    assert window.send("help")["ok"]  # a second press: told again, no second request
    assert window.send("clear") == {"ok": True}  # the technician came
    cleared = time.monotonic()
    (resolved_at, _), *_ = wait_for(lambda: webhook.alerts("resolved"), WITHIN, "the alert resolved")
    print(f"cleared -> resolved on the webhook: {resolved_at - cleared:.1f} s")
    firing = {alert["fingerprint"] for _, alert in webhook.alerts("firing")}
    assert len(firing) == 1  # one request, one alert
