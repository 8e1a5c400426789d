"""The kiosk's Prometheus metrics: one registry of its own, names as a contract
(docs/monitoring.md, deploy/monitoring/ reads them; tests/unit/test_metrics.py checks
that every name the rules and the dashboard use is exported).

The UI thread only increments counters and sets gauges (a lock and an add); rendering
the exposition, and the process-tree figures that read /proc, happen in the scraping
thread. Label values are ids from the config, end reasons and screen names: never a URL,
a query or anything a visitor typed.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable

import prometheus_client
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from kiosk.fleet.commands import ACTIONS as COMMAND_ACTIONS
from kiosk.fleet.commands import RESULTS as COMMAND_RESULTS
from kiosk.fleet.fetch import REFUSAL_KINDS
from kiosk.metrics.collectors import PrinterCollector, ProcessTreeCollector, RestartsCollector
from kiosk.stats.figures import END_REASONS, end_reason
from kiosk.version import __version__

# A counter's `_created` series doubles the exposition and node_exporter's textfile
# collector gains nothing from it.
prometheus_client.disable_created_metrics()

#: What the kiosk can be showing; exactly one is 1 at any time (infomat_screen).
SCREENS = ("home", "service", "attract", "warning", "admin", "problem", "alert", "closed", "dark")
RENDERER_FAILURES = ("crash", "hang")
DURATION_BUCKETS = (15, 30, 60, 120, 300, 600, 900, 1800, 3600)


class KioskMetrics:
    """Everything the kiosk exports; one instance per process (it outlives windows)."""

    def __init__(self, restarts_env: str | None = None, pid: int | None = None) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.build_info = Gauge(
            "infomat_build_info", "Infomat and the Qt it runs on (always 1).",
            ["version", "qt_version", "pyside_version"], registry=r,
        )  # fmt: skip
        self.build_info.labels(__version__, *_qt_versions()).set(1)
        self.kiosk_info = Gauge(
            "infomat_kiosk_info", "This kiosk's identity from its config (always 1).",
            ["kiosk_id", "name", "gmina", "teryt"], registry=r,
        )  # fmt: skip
        self.sessions = Counter("infomat_sessions", "Visitor sessions ended, by reason.", ["reason"], registry=r)
        self.sessions_started = Counter("infomat_sessions_started", "Visitor sessions started.", registry=r)
        self.session_duration = Histogram(
            "infomat_session_duration_seconds", "Length of the sessions that ended.",
            buckets=DURATION_BUCKETS, registry=r,
        )  # fmt: skip
        self.service_opens = Counter(
            "infomat_service_opens", "E-service tiles opened, by the service's id.", ["service"], registry=r
        )
        self.blocked_navigations = Counter(
            "infomat_blocked_navigations", "Pages refused because the allowlist does not allow them.", registry=r
        )
        self.renderer_failures = Counter(
            "infomat_renderer_failures", "Web pages that crashed or hung and were recovered.", ["kind"], registry=r
        )
        self.last_input = Gauge(
            "infomat_last_input_timestamp_seconds", "When the screen was last touched (Unix time).", registry=r
        )
        self.screen = Gauge("infomat_screen", "What the kiosk shows: 1 for the current screen.", ["screen"], registry=r)
        self.network_up = Gauge(
            "infomat_network_up", "1 when the connectivity check passes, 0 when not, NaN before the first.", registry=r
        )
        self.config_info = Gauge(
            "infomat_config_info", "The config in force: its SHA-256 and where it came from (always 1).",
            ["sha256", "source"], registry=r,
        )  # fmt: skip
        self.config_reload_failures = Counter(
            "infomat_config_reload_failures", "Changed config files refused because they had errors.", registry=r
        )
        self.config_last_reload_success = Gauge(
            "infomat_config_last_reload_success", "0 while the newest config file is refused, else 1.", registry=r
        )
        self.fleet_pulls = Counter(
            "infomat_fleet_pulls", "County-file pulls by result (applied, unchanged, refused) and refusal reason.",
            ["result", "reason"], registry=r,
        )  # fmt: skip
        # Every series at 0 from the start, so increase() sees the first of each (issue 27).
        for result in ("applied", "unchanged"):
            self.fleet_pulls.labels(result, "")
        for reason in REFUSAL_KINDS:
            self.fleet_pulls.labels("refused", reason)
        self.fleet_serial = Gauge(
            "infomat_fleet_serial",
            "Serial of the county release in force (0: the local file alone is in force).",
            registry=r,
        )
        self.fleet_last_success = Gauge(
            "infomat_fleet_last_success_timestamp_seconds", "When the county file was last pulled without a refusal.",
            registry=r,
        )  # fmt: skip
        self.schedule_open = Gauge(
            "infomat_schedule_open", "1 inside the kiosk's opening hours ([schedule]), 0 outside.", registry=r
        )
        self.display_on = Gauge("infomat_display_on", "1 while the display is meant to be on, 0 while off.", registry=r)
        self.alerts_in_force = Gauge(
            "infomat_alerts_in_force", "Emergency alerts in force, by severity.", ["severity"], registry=r
        )
        self.memory_limit = Gauge(
            "infomat_memory_limit_bytes", "The supervisor's memory limits for the kiosk's tree.", ["limit"], registry=r
        )
        self.help_requested = Gauge(
            "infomat_help_requested", "1 while a visitor's Pomoc request waits for staff ([help]), else 0.", registry=r
        )
        self.help_requests = Counter(
            "infomat_help_requests", "Pomoc requests made (a second press while one waits is not one).", registry=r
        )
        self.command_runs = Counter(
            "infomat_command_runs", "Remote commands of the county file run here ([[commands]]), by action and "
            "result (a restart is counted ok by the kiosk it started).", ["action", "result"], registry=r,
        )  # fmt: skip
        for action in COMMAND_ACTIONS:
            for result in COMMAND_RESULTS:
                self.command_runs.labels(action, result)
        for reason in END_REASONS:
            self.sessions.labels(reason)
        for kind in RENDERER_FAILURES:
            self.renderer_failures.labels(kind)
        self.network_up.set(math.nan)
        self.config_last_reload_success.set(1)
        self.show_screen("home")
        self._data_path: str | None = None
        r.register(ProcessTreeCollector(pid or os.getpid(), self._data_folder))
        r.register(RestartsCollector(restarts_env))
        r.register(PrinterCollector())

    # --- identity and config (the runtime, on each config) -------------------------------
    def identify(self, kiosk_id: str, name: str, gmina: str, teryt: str, services: Iterable[str]) -> None:
        self.kiosk_info.clear()
        self.kiosk_info.labels(kiosk_id, name, gmina, teryt).set(1)
        for service in services:
            self.service_opens.labels(service)  # every tile has a series from 0: rate() sees the first open

    def config_in_force(self, sha256: str, source: str) -> None:
        self.config_info.clear()
        self.config_info.labels(sha256, source).set(1)

    def fleet_pulled(self, result) -> None:
        """One county-file pull (a kiosk.fleet PullResult): its outcome and the serial in force."""
        reason = result.refusal.kind if result.refusal is not None else ""
        if result.damaged is not None:  # counted even when the fresh download then healed it
            self.fleet_pulls.labels("refused", result.damaged.kind).inc()
        self.fleet_pulls.labels(result.kind, reason).inc()
        if result.kind != "refused" and result.serial is not None:
            # A refusal says nothing about what is in force (a damaged store kept reporting
            # its serial while the kiosk ran its local file alone).
            self.fleet_serial.set(result.serial)
        if result.refusal is None:
            self.fleet_last_success.set(time.time())

    def command_ran(self, action: str, result: str) -> None:
        """A remote command's outcome (kiosk/fleet/runner.py)."""
        if action in COMMAND_ACTIONS and result in COMMAND_RESULTS:
            self.command_runs.labels(action, result).inc()

    def schedule(self, plan) -> None:
        """The window's latest kiosk.core.schedule Plan: open or closed, the display, alerts."""
        from kiosk.core.schedule import SEVERITIES

        self.schedule_open.set(0 if plan.closed else 1)
        self.display_on.set(1 if plan.display_on else 0)
        live = [alert.severity for alert in plan.live]
        for severity in SEVERITIES:
            self.alerts_in_force.labels(severity).set(live.count(severity))

    def config_accepted(self) -> None:
        self.config_last_reload_success.set(1)

    def config_refused(self) -> None:
        self.config_reload_failures.inc()
        self.config_last_reload_success.set(0)

    def limits(self, soft_mb: float, hard_mb: float, data_path: str) -> None:
        self.memory_limit.labels("soft").set(soft_mb * 1024 * 1024)
        self.memory_limit.labels("hard").set(hard_mb * 1024 * 1024)
        self._data_path = data_path

    def _data_folder(self) -> str | None:
        return self._data_path

    # --- what happens (the window, on the UI thread) -------------------------------------
    def session_started(self) -> None:
        self.sessions_started.inc()

    def session_ended(self, reason: str, seconds: float) -> None:
        self.sessions.labels(end_reason(reason)).inc()
        self.session_duration.observe(max(0.0, seconds))

    def service_opened(self, service_id: str) -> None:
        self.service_opens.labels(service_id).inc()

    def navigation_blocked(self) -> None:
        self.blocked_navigations.inc()

    def renderer_failed(self, kind: str) -> None:
        self.renderer_failures.labels(kind if kind in RENDERER_FAILURES else "crash").inc()

    def touched(self) -> None:
        self.last_input.set(time.time())

    def help_called(self) -> None:
        """A visitor's Pomoc press made a request."""
        self.help_requests.inc()
        self.help_requested.set(1)

    def help_state(self, requested: bool) -> None:
        self.help_requested.set(1 if requested else 0)

    def show_screen(self, screen: str) -> None:
        for name in SCREENS:
            self.screen.labels(name).set(1 if name == screen else 0)

    def network(self, online: bool | None) -> None:
        self.network_up.set(math.nan if online is None else float(online))


def _qt_versions() -> tuple[str, str]:
    try:
        import PySide6
        from PySide6.QtCore import qVersion
    except ImportError:  # pragma: no cover - the kiosk always has Qt
        return "", ""
    return qVersion(), PySide6.__version__
