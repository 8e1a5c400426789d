"""Screenshots of Prometheus' own graph page for the dashboard's queries, over a small
county run on this machine: three real kiosks (offscreen), visitors at two of them, the
Debian Prometheus scraping every second. Grafana is not in Debian; these are the same
PromQL expressions as deploy/monitoring/grafana/dashboards/infomat-fleet.json.

    python scripts/monitoring_screenshot.py   # ~3 minutes; needs prometheus and chromium

Writes docs/screenshots/prometheus-*.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.fleet import Kiosk, Prometheus, Site, wait_for  # noqa: E402
from tests.support.listeners import free_port  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
RULES = ROOT / "deploy" / "monitoring" / "rules" / "infomat-alerts.yml"
GRAPHS = {
    "prometheus-sessions": "sum by (kiosk_id) (infomat_sessions_total)",
    "prometheus-up": 'up{job="infomat"}',
    "prometheus-memory": "infomat_memory_pss_bytes",
}


def visitor(kiosk: Kiosk, site: Site) -> None:
    """A visitor taps the ePUAP tile (the kiosk restarted with --open), then walks away."""
    kiosk.stop()
    kiosk.start(site.port, open_service="epuap")


def screenshot(chromium: str, url: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
             "--hide-scrollbars", "--window-size=1400,900", "--virtual-time-budget=15000",
             f"--screenshot={out}", url],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("prometheus") is None:
        raise SystemExit("needs the Debian packages chromium and prometheus")
    work = Path(tempfile.mkdtemp(prefix="infomat-fleet-"))
    site = Site()
    kiosks = [Kiosk(k, g, work / k, free_port()) for k, g in
              (("jastkow", "Jastków"), ("niemce", "Niemce"), ("wojciechow", "Wojciechów"))]  # fmt: skip
    prometheus = None
    try:
        for kiosk in kiosks:
            kiosk.start(site.port)
        for kiosk in kiosks:
            wait_for(lambda k=kiosk: "infomat_kiosk_info" in k.scrape(), 90, f"{kiosk.kiosk_id} metrics")
        prometheus = Prometheus(work / "prometheus", kiosks, RULES)
        time.sleep(20)
        for kiosk in (kiosks[1], kiosks[0], kiosks[1]):
            visitor(kiosk, site)
            time.sleep(30)  # idle 15 s + warning 5 s, then the next one
        time.sleep(20)
        OUT.mkdir(parents=True, exist_ok=True)
        for name, expr in GRAPHS.items():
            query = urllib.parse.urlencode({"g0.expr": expr, "g0.tab": "0", "g0.range_input": "5m"})
            screenshot(chromium, f"{prometheus.url}/graph?{query}", OUT / f"{name}.png")
            print(f"wrote {OUT / name}.png")
    finally:
        if prometheus is not None:
            prometheus.stop()
        for kiosk in kiosks:
            kiosk.stop()
        site.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
