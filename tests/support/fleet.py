"""A small county on one machine: real kiosk processes (offscreen) with their metrics
endpoints, and the Debian Prometheus scraping them. Used by tests/system/test_prometheus.py
and scripts/monitoring_screenshot.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.support.listeners import free_port
from tests.support.waiting import wait_for

KIOSK_CONFIG = """
[kiosk]
id = "{kiosk_id}"
name = "Infomat {gmina}"
gmina = "{gmina}"
lockdown = false
[session]
idle_seconds = 15
warning_seconds = 5
confirmation_seconds = 1
[[services]]
id = "epuap"
title = "ePUAP"
url = "http://127.0.0.1:{site_port}/"
allow = ["127.0.0.1"]
[stats]
file = "stats.sqlite3"
[metrics]
listen = "127.0.0.1:{metrics_port}"
"""


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>ePUAP</title><p>Elektroniczna skrzynka podawcza</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


class Site:
    """The e-service every kiosk's tile opens, on loopback."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Kiosk:
    kiosk_id: str
    gmina: str
    folder: Path
    metrics_port: int
    process: subprocess.Popen | None = None

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.metrics_port}"

    def start(self, site_port: int, open_service: str | None = None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "kiosk.toml"
        config.write_text(KIOSK_CONFIG.format(kiosk_id=self.kiosk_id, gmina=self.gmina, site_port=site_port,
                                              metrics_port=self.metrics_port), encoding="utf-8")  # fmt: skip
        env = dict(os.environ, HOME=str(self.folder), QT_QPA_PLATFORM="offscreen",
                   XDG_CACHE_HOME=str(self.folder / "cache"), XDG_DATA_HOME=str(self.folder / "data"))  # fmt: skip
        env.pop("INFOMAT_HEARTBEAT", None)
        if os.geteuid() == 0:
            env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        command = [sys.executable, "-m", "kiosk", "run", "--windowed", "--config", str(config)]
        if open_service:
            command += ["--open", open_service]
        with (self.folder / "kiosk.err").open("wb") as err:
            self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)

    def scrape(self) -> str:
        try:
            with urllib.request.urlopen(f"http://{self.target}/metrics", timeout=2) as response:
                return response.read().decode()
        except OSError:
            return ""

    def log(self) -> str:
        return (self.folder / "kiosk.err").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Prometheus:
    """Debian's prometheus on loopback, scraping ``kiosks`` every second, with the alert
    rules of deploy/monitoring/ loaded."""

    def __init__(self, folder: Path, kiosks: list[Kiosk], rules: Path) -> None:
        binary = shutil.which("prometheus")
        assert binary, "Debian package prometheus is missing (scripts/system-deps.sh test installs it)"
        folder.mkdir(parents=True, exist_ok=True)
        targets = [{"targets": [k.target], "labels": {"kiosk_id": k.kiosk_id, "gmina": k.gmina}} for k in kiosks]
        (folder / "kiosks.json").write_text(json.dumps(targets), encoding="utf-8")
        (folder / "prometheus.yml").write_text(
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
            f"rule_files: ['{rules}']\n"
            "scrape_configs:\n"
            "  - job_name: infomat\n"
            "    file_sd_configs: [{files: ['kiosks.json'], refresh_interval: 1s}]\n",
            encoding="utf-8",
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with (folder / "prometheus.log").open("wb") as log:
            self.process = subprocess.Popen(
                [binary, f"--config.file={folder / 'prometheus.yml'}", f"--storage.tsdb.path={folder / 'data'}",
                 f"--web.listen-address=127.0.0.1:{self.port}", "--web.enable-lifecycle"],
                cwd=folder, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.folder = folder
        wait_for(self.ready, 60, "Prometheus ready")

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def api(self, path: str, **params: str) -> dict:
        query = urllib.parse.urlencode(params)
        with urllib.request.urlopen(f"{self.url}/api/v1/{path}?{query}", timeout=10) as response:
            return json.loads(response.read())

    def query(self, expr: str) -> list[dict]:
        answer = self.api("query", query=expr)
        assert answer["status"] == "success", answer
        return answer["data"]["result"]

    def value(self, expr: str) -> float | None:
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
