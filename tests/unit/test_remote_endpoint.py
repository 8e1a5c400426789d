"""The remote paths of the metrics endpoint (issue 31) without a kiosk window: 404 on a
plain-HTTP endpoint (even on loopback), served with client certificates, each request one
log line with the certificate's subject and the code."""

from __future__ import annotations

import logging
import shutil
import ssl
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kiosk.metrics.exporter import ExportSettings, MetricsExporter
from kiosk.metrics.registry import KioskMetrics
from kiosk.metrics.remote import subject_of
from tests.support.listeners import free_port
from tests.unit.test_metrics import make_pki


def get(url: str, context: ssl.SSLContext | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10, context=context) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_plain_http_has_no_remote_screen_or_logs_even_on_loopback() -> None:
    exporter = MetricsExporter(KioskMetrics().registry)
    exporter.remote.screenshot = lambda: (200, b"\x89PNG")
    exporter.remote.logs = lambda since: (200, b"bundle")
    port = free_port()
    exporter.apply(ExportSettings(listen=f"127.0.0.1:{port}"))
    try:
        assert get(f"http://127.0.0.1:{port}/screenshot.png")[0] == 404
        assert get(f"http://127.0.0.1:{port}/logs")[0] == 404
        assert get(f"http://127.0.0.1:{port}/metrics")[0] == 200  # positive control: the endpoint is up
    finally:
        exporter.stop()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl")
def test_client_certificates_get_the_remote_paths_and_each_request_is_logged(tmp_path: Path, caplog) -> None:
    pki = make_pki(tmp_path)
    exporter = MetricsExporter(KioskMetrics().registry)
    exporter.remote.screenshot = lambda: (409, b"")
    asked: list[str] = []
    exporter.remote.logs = lambda since: (asked.append(since), (200, b"bundle"))[1]
    port = free_port()
    exporter.apply(ExportSettings(listen=f"127.0.0.1:{port}", tls_cert=pki["kiosk.pem"], tls_key=pki["kiosk-key.pem"],
                                  tls_client_ca=pki["ca.pem"]))  # fmt: skip
    county = ssl.create_default_context(cafile=pki["ca.pem"])
    county.load_cert_chain(pki["prometheus.pem"], pki["prometheus-key.pem"])
    try:
        with caplog.at_level(logging.INFO, logger="kiosk.metrics"):
            assert get(f"https://127.0.0.1:{port}/screenshot.png", county) == (409, b"")
            assert get(f"https://127.0.0.1:{port}/logs?since=2h&x=secret", county) == (200, b"bundle")
        assert asked == ["2h"]
        lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("remote ")]
        assert lines == ["remote /screenshot.png by CN=prometheus: 409", "remote /logs by CN=prometheus: 200"]
    finally:
        exporter.stop()


def test_subject_reads_the_peer_certificate() -> None:
    cert = {"subject": ((("organizationName", "Powiat"),), (("commonName", "zbieracz"),))}
    assert subject_of(cert) == "O=Powiat,CN=zbieracz" and subject_of(None) == "(none)"
