"""Three real kiosks watched by a real Prometheus (Debian's), as a county runs them
(issue 18): all three `up`, a session in one of them raises its infomat_sessions_total,
the alert rules load healthy, every dashboard query runs, and promtool accepts what a
running kiosk serves."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fleet import Kiosk, Prometheus, Site, wait_for
from tests.support.listeners import free_port
from tests.unit.test_monitoring_files import RULES, dashboard_expressions

pytestmark = pytest.mark.skipif(shutil.which("prometheus") is None, reason="Debian package prometheus")

GMINY = (("jastkow", "Jastków"), ("niemce", "Niemce"), ("wojciechow", "Wojciechów"))


@pytest.fixture
def county(tmp_path: Path) -> Iterator[tuple[list[Kiosk], Prometheus, Site]]:
    site = Site()
    kiosks = [Kiosk(kiosk_id, gmina, tmp_path / kiosk_id, free_port()) for kiosk_id, gmina in GMINY]
    prometheus = None
    try:
        for kiosk in kiosks:
            kiosk.start(site.port)
        for kiosk in kiosks:
            wait_for(lambda k=kiosk: "infomat_kiosk_info" in k.scrape() or k.process.poll() is not None, 90,
                     f"kiosk {kiosk.kiosk_id} serving metrics")  # fmt: skip
            assert kiosk.process.poll() is None, kiosk.log()
        prometheus = Prometheus(tmp_path / "prometheus", kiosks, RULES)
        yield kiosks, prometheus, site
    finally:
        if prometheus is not None:
            prometheus.stop()
        for kiosk in kiosks:
            kiosk.stop()
        site.close()


def sessions_of(prometheus: Prometheus, kiosk_id: str) -> float | None:
    return prometheus.value(f'sum(infomat_sessions_total{{kiosk_id="{kiosk_id}"}})')


def test_three_kiosks_up_and_a_session_counted(county, tmp_path: Path) -> None:
    kiosks, prometheus, site = county
    up = wait_for(lambda: len(prometheus.query('up{job="infomat"} == 1')) == 3 and prometheus.query("up"), 60,
                  "three kiosks up in Prometheus")  # fmt: skip
    assert sorted(r["metric"]["kiosk_id"] for r in up) == ["jastkow", "niemce", "wojciechow"]
    assert {r["metric"]["gmina"] for r in up} == {"Jastków", "Niemce", "Wojciechów"}
    info = prometheus.query("infomat_kiosk_info")
    assert {r["metric"]["kiosk_id"] for r in info} == {"jastkow", "niemce", "wojciechow"}  # the kiosk says so too
    assert all(sessions_of(prometheus, k.kiosk_id) == 0 for k in kiosks)  # positive control below

    # A visitor at Niemce: the kiosk is restarted with --open (the tile), then walks away.
    niemce = kiosks[1]
    niemce.stop()
    wait_for(lambda: prometheus.value('up{kiosk_id="niemce"}') == 0, 30, "the stopped kiosk seen down")
    niemce.start(site.port, open_service="epuap")
    wait_for(lambda: prometheus.value('infomat_sessions_started_total{kiosk_id="niemce"}') == 1, 60,
             "the session started")  # fmt: skip
    wait_for(lambda: prometheus.value('infomat_screen{kiosk_id="niemce", screen="service"}') == 1, 30,
             "the e-service on screen")  # fmt: skip
    wait_for(lambda: sessions_of(prometheus, "niemce") == 1, 60, "the idle session ended and counted")
    assert prometheus.value('infomat_sessions_total{kiosk_id="niemce", reason="idle"}') == 1
    assert prometheus.value('infomat_service_opens_total{kiosk_id="niemce", service="epuap"}') == 1
    assert sessions_of(prometheus, "jastkow") == 0 and sessions_of(prometheus, "wojciechow") == 0
    assert prometheus.value('infomat_memory_pss_bytes{kiosk_id="niemce"}') > 50e6  # the renderer included
    assert prometheus.value('infomat_processes{kiosk_id="niemce"}') >= 2

    # What a running kiosk serves passes promtool, and every dashboard query runs.
    promtool = shutil.which("promtool")
    assert promtool
    result = subprocess.run([promtool, "check", "metrics"], input=niemce.scrape().encode(), capture_output=True,
                            timeout=30)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    for expr in dashboard_expressions():
        answer = prometheus.api("query", query=expr.replace("$__range", "1h"))
        assert answer["status"] == "success", (expr, answer)
    groups = prometheus.api("rules")["data"]["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    assert len(rules) == 11 and {rule["health"] for rule in rules} == {"ok"}

