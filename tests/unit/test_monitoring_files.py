"""deploy/monitoring/ (issue 18): the Prometheus config, the alert rules and their promtool
unit tests, and the Grafana dashboard, checked statically (Grafana is not in Debian: the
dashboard's queries run against a real Prometheus in tests/system/test_prometheus.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.test_metrics import exercised

MONITORING = Path(__file__).resolve().parents[2] / "deploy" / "monitoring"
DASHBOARD = MONITORING / "grafana" / "dashboards" / "infomat-fleet.json"
RULES = MONITORING / "rules" / "infomat-alerts.yml"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(PROMTOOL is None, reason="Debian package prometheus (make test installs it)")


def promtool(*args: str, cwd: Path = MONITORING) -> str:
    result = subprocess.run([PROMTOOL, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@needs_promtool
def test_the_prometheus_config_its_targets_and_rules_are_valid() -> None:
    out = promtool("check", "config", "prometheus.yml")
    assert "WARNING" not in out and "SUCCESS: 1 rule files found" in out


@needs_promtool
def test_the_alert_rules_pass_their_promtool_unit_tests() -> None:
    assert "SUCCESS: 11 rules found" in promtool("check", "rules", str(RULES))
    assert "SUCCESS" in promtool("test", "rules", "infomat-alerts.test.yml", cwd=RULES.parent)


@pytest.mark.skipif(shutil.which("amtool") is None, reason="Debian package prometheus-alertmanager")
def test_the_alertmanager_example_is_valid_and_routes_pomoc_to_staff() -> None:
    result = subprocess.run([shutil.which("amtool"), "check-config", "alertmanager.yml"], cwd=MONITORING,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0 and "SUCCESS" in result.stdout, result.stdout + result.stderr
    routed = subprocess.run([shutil.which("amtool"), "config", "routes", "test", "--config.file=alertmanager.yml",
                             "alertname=InfomatHelpRequested", "kiosk_id=jastkow"], cwd=MONITORING,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert routed.stdout.strip() == "obsluga-interesantow", routed.stdout + routed.stderr
    other = subprocess.run([shutil.which("amtool"), "config", "routes", "test", "--config.file=alertmanager.yml",
                            "alertname=InfomatDown"], cwd=MONITORING,
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert other.stdout.strip() == "it-powiatu", other.stdout + other.stderr


def dashboard_expressions() -> list[str]:
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [target["expr"] for panel in board["panels"] for target in panel["targets"]]


def rule_expressions() -> list[str]:
    return re.findall(r"^\s+expr: (.+)$", RULES.read_text(encoding="utf-8"), re.MULTILINE)


def exported_names() -> set[str]:
    names = {"up"}  # Prometheus' own, per target
    for family in exercised().registry.collect():
        names |= {sample.name for sample in family.samples}
    return names


def test_every_metric_the_rules_and_the_dashboard_use_is_exported() -> None:
    used = {name for expr in [*dashboard_expressions(), *rule_expressions()]
            for name in re.findall(r"\b(infomat_[a-z_]+|up)\b", expr)}  # fmt: skip
    assert len(used) > 12
    assert used - exported_names() == set()


def test_the_dashboard_uses_the_provisioned_data_source_everywhere() -> None:
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    provisioned = (MONITORING / "grafana" / "provisioning" / "datasources" / "infomat-prometheus.yml").read_text()
    (uid,) = re.findall(r"uid: (\S+)", provisioned)
    sources = {json.dumps(p["datasource"]) for p in board["panels"]}
    sources |= {json.dumps(t["datasource"]) for p in board["panels"] for t in p["targets"]}
    assert sources == {json.dumps({"type": "prometheus", "uid": uid})}
    assert board["uid"] == "infomat-fleet" and len({p["id"] for p in board["panels"]}) == len(board["panels"])
    titles = " ".join(p["title"] for p in board["panels"])
    for wanted in ("gminy", "Sesje", "E-usługi", "Awarie", "Pamięć"):
        assert wanted in titles
    provider = (MONITORING / "grafana" / "provisioning" / "dashboards" / "infomat.yml").read_text()
    assert "type: file" in provider and "path:" in provider
