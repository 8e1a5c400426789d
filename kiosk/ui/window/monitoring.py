"""Connects one window to the process's Prometheus metrics: what a session did (through
its usage recorder), renderer failures, touches, and once a second the screen shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer

from kiosk.ui.window.screen_state import current_screen

if TYPE_CHECKING:
    from kiosk.metrics.registry import KioskMetrics
    from kiosk.ui.window.window import KioskWindow

SCREEN_SAMPLE_MS = 1000


def watch_window(window: KioskWindow, metrics: KioskMetrics) -> QTimer:
    """Wire ``window`` to ``metrics``; the returned timer (a child of the window) samples
    the screen and stops with it."""
    window.usage.attach(metrics)
    window.recovery.recover.connect(metrics.renderer_failed)
    window.input.activity.connect(metrics.touched)
    sampler = QTimer(window)
    sampler.setInterval(SCREEN_SAMPLE_MS)
    sampler.setTimerType(Qt.TimerType.CoarseTimer)
    sampler.timeout.connect(lambda: None if window.shut_down else _sample(window, metrics))
    sampler.start()
    metrics.show_screen(current_screen(window))
    return sampler


def _sample(window: KioskWindow, metrics: KioskMetrics) -> None:
    metrics.show_screen(current_screen(window))
    part = getattr(window, "schedule_part", None)
    if part is not None and part.plan is not None:
        metrics.schedule(part.plan)


class Monitoring:
    """The process's metrics and their exporter, fed by the runtime: each config in
    force, each window, the connectivity monitor, refused config files."""

    def __init__(self, metrics: KioskMetrics | None = None) -> None:
        from kiosk.metrics.exporter import MetricsExporter
        from kiosk.metrics.registry import KioskMetrics

        self.metrics = metrics or KioskMetrics()
        self.exporter = MetricsExporter(self.metrics.registry)

    def config_in_force(self, config, digest: str | None) -> None:
        from kiosk.metrics.exporter import settings_from
        from kiosk.paths import data_dir

        m = self.metrics
        kiosk = config.kiosk
        m.identify(config.kiosk_id, kiosk.name, kiosk.gmina, kiosk.teryt, [s.id for s in config.services])
        m.config_in_force(digest or "", str(config.source) if config.source else "built-in")
        stats_file = config.stats_path()
        m.limits(config.supervisor.memory_soft_mb, config.supervisor.memory_hard_mb,
                 str(stats_file.parent if stats_file else data_dir()))  # fmt: skip
        self.exporter.remote.logs = _logs_for(config, digest)
        self.exporter.apply(settings_from(config))

    def watch(self, window: KioskWindow) -> None:
        from kiosk.ui.window.remote_screen import RemoteScreen

        watch_window(window, self.metrics)
        self.exporter.remote.screenshot = RemoteScreen(window).take  # GET /screenshot.png (issue 31)

    def shutdown(self) -> None:
        self.exporter.write_textfile_now()
        self.exporter.stop()


def _logs_for(config, digest: str | None):
    """``GET /logs?since=1h``: the bundle of ``kiosk logs`` (kiosk/system/log_bundle.py),
    built in the server's thread: files and a doctor child process, no widget."""
    from kiosk.paths import log_dir
    from kiosk.system.log_bundle import build_bundle, config_lines, doctor_output, parse_since, restarts_env

    source = str(config.source) if config.source else "built-in"
    text = config_lines(digest, source, config.kiosk_id)

    def logs(since: str) -> tuple[int, bytes]:
        try:
            window = parse_since(since)
        except ValueError as exc:
            return 400, f"{exc}\n".encode()
        return 200, build_bundle(log_dir(), window, text, doctor_output(config.source), restarts=restarts_env())

    return logs
