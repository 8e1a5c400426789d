"""The Prometheus metrics of one kiosk and their exporter (issue 18): names as a contract,
promtool's verdict on the exposition, the endpoint over HTTP and HTTPS with client
certificates, the textfile, and a port that is taken."""

from __future__ import annotations

import logging
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client import generate_latest

from kiosk.config import ConfigError, parse_config
from kiosk.metrics.exporter import ExportSettings, MetricsExporter
from kiosk.metrics.registry import SCREENS, KioskMetrics
from kiosk.metrics.restarts import format_restarts, parse_restarts
from tests.support.listeners import free_port

PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(PROMTOOL is None, reason="Debian package prometheus (make test installs it)")


def exercised() -> KioskMetrics:
    """Every method once, with the values a real kiosk gives."""
    metrics = KioskMetrics(restarts_env="crash=2,hang=1")
    metrics.identify("jastkow", "Infomat Jastków", "Jastków", "0609000", ["epuap", "profil-zaufany"])
    metrics.config_in_force("a" * 64, "/etc/infomat/kiosk.toml")
    metrics.limits(900, 1400, "/tmp")
    metrics.session_started()
    metrics.session_ended("hang", 75)
    metrics.session_ended("visitor", 300)
    metrics.service_opened("epuap")
    metrics.navigation_blocked()
    metrics.renderer_failed("crash")
    metrics.touched()
    metrics.show_screen("service")
    metrics.network(True)
    metrics.config_refused()
    return metrics


def samples(metrics: KioskMetrics) -> dict[str, float]:
    """'name{labels}' -> value, as Prometheus would store them."""
    found = {}
    for family in metrics.registry.collect():
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}"] = sample.value
    return found


def test_the_contract_names_and_values() -> None:
    found = samples(exercised())
    assert found['infomat_sessions_total{reason="crash"}'] == 1  # a hang is counted as a crash
    assert found['infomat_sessions_total{reason="visitor"}'] == 1
    assert found['infomat_sessions_total{reason="idle"}'] == 0  # every reason exists from the start
    assert found["infomat_session_duration_seconds_count{}"] == 2
    assert found["infomat_session_duration_seconds_sum{}"] == 375
    assert found['infomat_service_opens_total{service="epuap"}'] == 1
    assert found['infomat_service_opens_total{service="profil-zaufany"}'] == 0
    assert found["infomat_blocked_navigations_total{}"] == 1
    assert found['infomat_renderer_failures_total{kind="crash"}'] == 1
    assert [s for s in SCREENS if found[f'infomat_screen{{screen="{s}"}}'] == 1] == ["service"]
    assert found["infomat_network_up{}"] == 1 and found["infomat_config_last_reload_success{}"] == 0
    assert found['infomat_restarts_total{reason="crash"}'] == 2 and found['infomat_restarts_total{reason="hang"}'] == 1
    assert found['infomat_kiosk_info{gmina="Jastków",kiosk_id="jastkow",name="Infomat Jastków",teryt="0609000"}'] == 1
    assert any(k.startswith("infomat_build_info{pyside_version=") for k in found)
    assert found["infomat_memory_pss_bytes{}"] > 10e6  # this process at least: PSS is read
    assert found["infomat_processes{}"] >= 1 and found["infomat_disk_free_bytes{}"] > 0


def test_network_is_nan_until_the_first_check_and_the_screen_starts_at_home() -> None:
    found = samples(KioskMetrics())
    assert found["infomat_network_up{}"] != found["infomat_network_up{}"]  # NaN
    assert found['infomat_screen{screen="home"}'] == 1


@needs_promtool
def test_promtool_accepts_the_exposition() -> None:
    result = subprocess.run([PROMTOOL, "check", "metrics"], input=generate_latest(exercised().registry),
                            capture_output=True, timeout=30)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == b""  # not even a lint remark


def test_no_label_value_is_a_url_or_query() -> None:
    text = generate_latest(exercised().registry).decode()
    values = re.findall(r'="([^"]*)"', text)
    assert values and not [v for v in values if "://" in v or "?" in v or "=" in v]


def test_restarts_travel_through_the_environment() -> None:
    assert format_restarts({"crash": 2, "hang": 1, "memory": 0}) == "crash=2,hang=1"
    assert parse_restarts("crash=2,hang=1,bogus=9,memory=x") == {"crash": 2, "hang": 1}
    assert parse_restarts(None) == {} and parse_restarts("") == {}


def scrape(url: str, context: ssl.SSLContext | None = None) -> str:
    with urllib.request.urlopen(url, timeout=5, context=context) as response:
        return response.read().decode()


def test_the_endpoint_serves_the_registry_and_stops(caplog) -> None:
    metrics = exercised()
    exporter = MetricsExporter(metrics.registry)
    port = free_port()
    exporter.apply(ExportSettings(listen=f"127.0.0.1:{port}"))
    try:
        assert "infomat_sessions_total" in scrape(f"http://127.0.0.1:{port}/metrics")
        metrics.service_opened("epuap")  # live: the next scrape sees it
        assert 'infomat_service_opens_total{service="epuap"} 2.0' in scrape(f"http://127.0.0.1:{port}/metrics")
    finally:
        exporter.stop()
    with pytest.raises(OSError):
        scrape(f"http://127.0.0.1:{port}/metrics")


def test_a_port_in_use_is_one_log_line_and_no_endpoint(caplog) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    exporter = MetricsExporter(KioskMetrics().registry)
    try:
        with caplog.at_level(logging.ERROR, logger="kiosk.metrics"):
            exporter.apply(ExportSettings(listen=f"127.0.0.1:{port}"))
        lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.metrics"]
        assert len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0] and "without" in lines[0]
        assert exporter.address is None
    finally:
        exporter.stop()
        taken.close()


def make_pki(folder: Path) -> dict[str, Path]:
    """A county CA, the kiosk's server certificate and Prometheus' client certificate."""
    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Powiat CA",
        "-keyout", "ca-key.pem", "-out", "ca.pem")  # fmt: skip
    for name, extra in (("kiosk", "subjectAltName=IP:127.0.0.1"), ("prometheus", "extendedKeyUsage=clientAuth")):
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}", "-keyout", f"{name}-key.pem",
            "-out", f"{name}.csr")  # fmt: skip
        (folder / f"{name}.ext").write_text(extra + "\n")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
            "-days", "2", "-extfile", f"{name}.ext", "-out", f"{name}.pem")  # fmt: skip
    return {name: folder / name for name in ("ca.pem", "kiosk.pem", "kiosk-key.pem", "prometheus.pem",
                                             "prometheus-key.pem")}  # fmt: skip


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl (make test installs it)")
def test_https_with_client_certificates_admits_only_the_county_prometheus(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    exporter = MetricsExporter(exercised().registry)
    port = free_port()
    exporter.apply(ExportSettings(listen=f"127.0.0.1:{port}", tls_cert=pki["kiosk.pem"],
                                  tls_key=pki["kiosk-key.pem"], tls_client_ca=pki["ca.pem"]))  # fmt: skip
    url = f"https://127.0.0.1:{port}/metrics"
    try:
        county = ssl.create_default_context(cafile=pki["ca.pem"])
        county.load_cert_chain(pki["prometheus.pem"], pki["prometheus-key.pem"])
        assert "infomat_kiosk_info" in scrape(url, county)  # positive control: the right client gets in
        stranger = ssl.create_default_context(cafile=pki["ca.pem"])  # no client certificate
        with pytest.raises((ssl.SSLError, ConnectionError, urllib.error.URLError)):
            scrape(url, stranger)
        with pytest.raises((ssl.SSLError, ConnectionError, urllib.error.URLError)):
            scrape(f"http://127.0.0.1:{port}/metrics")  # plain HTTP is not served
    finally:
        exporter.stop()


@needs_promtool
def test_the_textfile_is_rewritten_atomically_and_promtool_reads_it(tmp_path: Path) -> None:
    metrics = exercised()
    path = tmp_path / "infomat.prom"
    exporter = MetricsExporter(metrics.registry)
    exporter.apply(ExportSettings(textfile=path, textfile_seconds=0.05))
    try:
        deadline = time.monotonic() + 5
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        metrics.service_opened("epuap")
        exporter.write_textfile_now()
        text = path.read_text(encoding="utf-8")
        assert 'infomat_service_opens_total{service="epuap"} 2.0' in text
        assert list(tmp_path.iterdir()) == [path]  # no temporary file left next to it
    finally:
        exporter.stop()
    result = subprocess.run([PROMTOOL, "check", "metrics"], input=path.read_bytes(), capture_output=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unwritable_textfile_is_logged_once(tmp_path: Path, caplog) -> None:
    exporter = MetricsExporter(KioskMetrics().registry)
    with caplog.at_level(logging.ERROR, logger="kiosk.metrics"):
        exporter.apply(ExportSettings(textfile=tmp_path / "missing-folder" / "infomat.prom", textfile_seconds=0.02))
        time.sleep(0.3)  # ~15 attempts
        exporter.stop()
    assert len([r for r in caplog.records if r.name == "kiosk.metrics"]) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[metrics]\nlisten = "9464"\n', "metrics.listen: '9464' is not an address to listen on; write HOST:PORT"),
        ('[metrics]\nlisten = "127.0.0.1:99999"\n', "port 99999"),
        ('[metrics]\nlisten = "[1::2::3]:9464"\n', "is not an IPv6 address"),
        ('[metrics]\ntextfile = "infomat.txt"\n', "only files ending in .prom"),
        ('[metrics]\nlisten = "0.0.0.0:9464"\ntls_cert = "k.pem"\n', "set metrics.tls_key too"),
        ('[metrics]\ntls_client_ca = "ca.pem"\n', "no effect without metrics.listen"),
        ('[kiosk]\nteryt = "06-14"\n', "7-digit TERYT"),
    ],
)
def test_bad_metrics_settings_are_config_errors_with_their_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "kiosk.toml")
    assert message in str(caught.value) and "kiosk.toml:" in str(caught.value)


def test_listening_on_the_network_without_tls_is_a_warning() -> None:
    assert parse_config('[metrics]\nlisten = "127.0.0.1:9464"\n').warnings == []
    (warning,) = parse_config('[metrics]\nlisten = "0.0.0.0:9464"\n').warnings
    assert "reachable from the network over plain HTTP" in str(warning) and warning.line == 2


def test_every_refusal_reason_is_a_series_at_zero_from_the_start() -> None:
    """Issue 27, 3: increase() sees the first refusal only if the series existed at 0."""
    from kiosk.fleet.fetch import REFUSAL_KINDS

    text = generate_latest(KioskMetrics().registry).decode()
    for reason in REFUSAL_KINDS:
        assert f'infomat_fleet_pulls_total{{reason="{reason}",result="refused"}} 0.0' in text


def test_an_endpoint_that_stops_or_moves_says_so(caplog) -> None:
    """Issue 27, 1: a county seeing a kiosk "down" finds why in its log."""
    exporter = MetricsExporter(KioskMetrics().registry)
    first, second = free_port(), free_port()
    caplog.set_level(logging.INFO, logger="kiosk.metrics")
    try:
        exporter.apply(ExportSettings(listen=f"127.0.0.1:{first}"))
        exporter.apply(ExportSettings(listen=f"127.0.0.1:{first}"))  # the same: nothing to say
        assert "the endpoint on" not in caplog.text
        exporter.apply(ExportSettings(listen=f"127.0.0.1:{second}"))
        assert f"the endpoint on 127.0.0.1:{first} moves to 127.0.0.1:{second}" in caplog.text
        exporter.apply(ExportSettings())
        assert f"the endpoint on 127.0.0.1:{second} stops: the config in force has no listen" in caplog.text
    finally:
        exporter.stop()


def test_a_healed_store_counts_its_damage_and_a_refusal_leaves_the_serial_in_force() -> None:
    from kiosk.fleet.fetch import Refusal
    from kiosk.fleet.pull import PullResult

    metrics = KioskMetrics()
    damaged = Refusal("stored-damaged", "x")
    metrics.fleet_pulled(PullResult("applied", 4, damaged=damaged))
    metrics.fleet_pulled(PullResult("refused", 9, refusal=Refusal("network", "y")))  # 9: what the store said
    seen = samples(metrics)
    assert seen['infomat_fleet_pulls_total{reason="stored-damaged",result="refused"}'] == 1
    assert seen['infomat_fleet_pulls_total{reason="",result="applied"}'] == 1
    assert seen["infomat_fleet_serial{}"] == 4
