"""Start the Qt application and keep the kiosk window running (called by ``kiosk run``).

:class:`KioskRuntime` owns what lives longer than one window: OS key hooks, the config
watcher (a valid new config replaces the window between visitors), the heartbeat for
``kiosk supervise`` and the connectivity monitor.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk import exit_codes
from kiosk.core.session import State
from kiosk.stats.store import StatsStore
from kiosk.ui.window.full_screen import show_window
from kiosk.ui.window.monitoring import Monitoring

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.config.snapshot import StartConfig
    from kiosk.config.watch import ReloadOutcome

log = logging.getLogger("kiosk")


def run_kiosk(start: StartConfig, open_target: str | None = None, windowed: bool = False) -> int:
    """Run until the kiosk quits; returns the process exit code."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from kiosk import env
    from kiosk.paths import data_dir
    from kiosk.support.logs import route_qt_messages
    from kiosk.system.heartbeat import heartbeat_path_from_env

    # QtWebEngine is imported after the first paint; it needs shared GL contexts from the start.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(env.qt_argv())
    app.setApplicationName("Infomat")
    route_qt_messages()
    config = start.config
    runtime = KioskRuntime(
        start.config,
        open_stats(config),
        windowed=windowed,
        heartbeat=heartbeat_path_from_env(),
        start=start,
        open_target=open_target,
        state_dir=data_dir(),
    )
    code = app.exec()
    runtime.shutdown()
    runtime.stats.close()
    return code


def open_stats(config: KioskConfig) -> StatsStore:
    """The usage store the config names (in memory when ``[stats] enabled = false``)."""
    kiosk_id, name, titles = stats_description(config)
    return StatsStore(config.stats_path(), kiosk_id=kiosk_id, retention_years=config.stats.retention_years,
                      kiosk_name=name, service_titles=titles)  # fmt: skip


def stats_description(config: KioskConfig) -> tuple[str, str, dict[str, str]]:
    """The kiosk's id, its name and its services' titles, as the statistics file keeps them
    for the county's report."""
    return config.kiosk_id, config.kiosk.name, {service.id: service.title.get("pl") for service in config.services}


def _file_digest(config: KioskConfig) -> str | None:
    import hashlib

    try:
        return hashlib.sha256(config.source.read_bytes()).hexdigest() if config.source else None
    except OSError:
        return None


def _stats_settings(config: KioskConfig) -> tuple[object, ...]:
    return (config.stats_path(), config.stats.retention_years)


class KioskRuntime(QObject):
    """The running kiosk: one window at a time, plus its long-lived helpers."""

    def __init__(
        self,
        config: KioskConfig,
        stats: StatsStore,
        *,
        windowed: bool = False,
        heartbeat: Path | None = None,
        watch_config: bool = True,
        start: StartConfig | None = None,
        open_target: str | None = None,
        state_dir: Path | None = None,
    ) -> None:
        super().__init__()
        from kiosk.config.watch import ConfigWatcher
        from kiosk.lockdown.os_keys import OsKeyLock
        from kiosk.system.connectivity import ConnectivityMonitor
        from kiosk.ui.admin.part import AdminSources

        self.state_dir = state_dir  # kept across windows and restarts (the admin PIN attempt record)
        self.start = start  # checked after the first paint (a snapshot is verified there)
        self.open_target = open_target  # opened after that check, never under an unverified policy
        self.config = config
        self.stats = stats
        self.windowed = windowed
        self.pending: KioskConfig | None = None
        self.pending_digest: str | None = None
        self.digest_in_force = start.file_digest if start is not None else _file_digest(config)
        self.monitoring: Monitoring | None = None  # after the first paint: prometheus_client costs ~90 ms
        self.os_keys = OsKeyLock()
        self._engage_keys()
        self.watcher = None
        if config.source and watch_config:
            # From the bytes the kiosk started with: an edit made while it was starting still counts.
            running = start.file_digest if start is not None else None
            self.watcher = ConfigWatcher(config.source, parent=self, running=running)
            self.watcher.changed.connect(self._on_config_changed)
            self.watcher.start()
        self._county = None  # the county file (kiosk/fleet): checked after the first paint, then polled
        self.commands = None  # its remote commands (kiosk/fleet/runner.py): from the first paint
        # One monitor for the runtime; its addresses come from the config it started with.
        self.connectivity = ConnectivityMonitor(config.network.check_urls, config.network.timeout_seconds, parent=self)
        self._connectivity_started = False
        watcher = self.watcher
        self.sources = AdminSources(
            hook_state=lambda: self.os_keys.state.describe(),
            config_problems=lambda: list(watcher.last_errors) if watcher is not None else [],
            connectivity=lambda: self.connectivity.state,
            reload=self.reload_now if watcher is not None else None,
            fleet_status=lambda: self.county.status() if self.county.active else None,
            schedule_status=lambda: part.status() if (part := getattr(self.window, "schedule_part", None)) else None,
            commands_status=lambda: self.commands.status() if self.commands is not None else None,
        )
        self.window = self._new_window(config, verified=start.verified if start is not None else True)
        self._running = QTimer(self)  # the kiosk's minutes of work, counted once a minute
        self._running.setInterval(60_000)
        self._running.setTimerType(Qt.TimerType.CoarseTimer)
        self._running.timeout.connect(lambda: self.stats.record_running_minutes(1))
        self._running.start()
        self.heartbeat_path = heartbeat
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(max(1000, config.supervisor.heartbeat_seconds * 1000 // 3))
        self._heartbeat.timeout.connect(self.beat)
        if heartbeat is not None:
            self._heartbeat.start()
            self.beat()

    # --- window -----------------------------------------------------------------------
    @property
    def lockdown(self) -> bool:
        """Decided here, once per config: the config asks for it and ``--windowed`` did not refuse it."""
        return self.config.kiosk.lockdown and not self.windowed

    def _new_window(self, config: KioskConfig, verified: bool = True):
        from kiosk.ui.window.window import KioskWindow

        window = KioskWindow(
            config,
            verified=verified,
            lockdown=self.lockdown,
            stats=self.stats,
            state_dir=self.state_dir,
            sources=self.sources,
            connectivity=self.connectivity,
        )
        if self.monitoring is not None:
            self.monitoring.watch(window)
        window.first_painted.connect(self._on_first_paint)
        # Its screens and the hours cost ~40 ms (measured): after the home is on screen.
        window.first_painted.connect(lambda: self._attach_schedule(window))
        window.session_ended.connect(lambda _reason: QTimer.singleShot(0, self._between_visitors_again))
        window.admin_closed.connect(lambda: QTimer.singleShot(0, self._between_visitors_again))
        show_window(window, self.lockdown)
        return window

    @staticmethod
    def _attach_schedule(window) -> None:
        if not window.shut_down:  # not replaced by the start-up check meanwhile
            from kiosk.ui.screens.schedule_part import attach_schedule

            attach_schedule(window)

    def _on_first_paint(self) -> None:
        """A window painted its home screen: verify the start-up config, then ``--open``."""
        if self.start is not None:
            start, self.start = self.start, None
            self._check_start(start)
            if self.window.shut_down:
                return
        if not self._connectivity_started:
            self._connectivity_started = True
            self._county_at_start()
            self._start_monitoring()
            self.connectivity.start()
            self.county.start()
            from kiosk.fleet.runner import start_commands

            self.commands = start_commands(self)  # [[commands]] of the config in force
        if self.open_target:
            target, self.open_target = self.open_target, None
            if not self.window.open(target):
                log.warning("--open %s is not allowed by the config; staying at home", target)
        gc.enable()  # off for the start-up (kiosk/__main__.py)

    @property
    def county(self):
        """The county-file poller, made on first use (its modules stay off the start-up path)."""
        if self._county is None:
            from kiosk.fleet.feed import CountyFeed

            self._county = CountyFeed(self.config, parent=self)
            self._county.released.connect(self._on_county_released)
        return self._county

    def _county_at_start(self) -> None:
        """A kiosk of a fleet runs the last good county release (verified again), from
        before any page loads; the window painted from the local file is replaced."""
        if not self.county.active:
            return
        config = self.county.effective(self.config)
        if config is not self.config:
            log.info("county release serial %s in force from the start", self.county.in_force.serial)
            self.pending, self.pending_digest = config, self.county.in_force.digest
            self.apply_pending()

    def _on_county_released(self, config: KioskConfig) -> None:
        self.pending = config
        self.pending_digest = self.county.in_force.digest if self.county.in_force else None
        if self.monitoring is not None:
            self.monitoring.metrics.config_accepted()
        self.apply_pending()

    def _start_monitoring(self) -> None:
        monitoring = self.monitoring = Monitoring()
        monitoring.config_in_force(self.config, self.digest_in_force)
        monitoring.watch(self.window)
        self.connectivity.changed.connect(lambda state: monitoring.metrics.network(state.online))
        if self.watcher is not None:
            self.watcher.refused.connect(lambda _errors: monitoring.metrics.config_refused())
        self.county.on_result = monitoring.metrics.fleet_pulled
        if self.county.in_force is not None:
            monitoring.metrics.fleet_serial.set(self.county.in_force.serial)

    def _check_start(self, start: StartConfig) -> None:
        from kiosk.config.reading import ConfigError
        from kiosk.config.snapshot import start_snapshots
        from kiosk.system.health import process_started_at

        painted = self.window.first_paint.at or time.time()
        cpu = self.window.first_paint.cpu or time.process_time()
        source = "the start-up snapshot" if start.snapshot is not None else "the validated config"
        # Wall time far above CPU time means a busy or slow machine (disk, other processes).
        log.info(
            "home screen painted %.0f ms after the process started, %.0f ms of CPU (from %s)",
            (painted - process_started_at()) * 1000,
            cpu * 1000,
            source,
        )
        try:
            rebuild = start.verify(start_snapshots())
        except ConfigError as exc:
            for issue in exc.errors:
                log.error("config: %s", issue)
            start_snapshots().discard(start.source)
            self.window.shutdown()
            self.window.quit_with(exit_codes.CONFIG, f"the config has {len(exc.errors)} problem(s)")
            return
        self.config = start.config
        if rebuild:
            log.warning("the start-up snapshot differed from the validated config: window rebuilt from the file")
            self._replace_window(start.config)
        else:
            self.window.adopt(start.config)

    def between_visitors(self) -> bool:
        window = self.window
        return window.is_home() and window.session.state is State.IDLE and not window.admin_part.showing()

    # --- config reload ------------------------------------------------------------------
    def _on_config_changed(self, config: KioskConfig) -> None:
        """The local file changed (and is valid): with a county release, merged with it."""
        effective = self.county.effective(config)
        self.pending = effective
        if effective is config:
            self.pending_digest = self.watcher.digest if self.watcher is not None else None
        else:
            self.pending_digest = self.county.in_force.digest
        if self.monitoring is not None:
            self.monitoring.metrics.config_accepted()
        self.apply_pending()

    def reload_now(self) -> ReloadOutcome:
        """Admin panel: read the file now. A valid new config applies as soon as the
        technician closes the panel (between visitors), like any other."""
        from kiosk.config.watch import ReloadOutcome

        self.county.poll_now()  # its outcome shows in the panel's status row when it arrives
        if self.watcher is None:
            return ReloadOutcome("no_file")
        return self.watcher.reload()

    def apply_pending(self) -> bool:
        """Swap in the pending config when no visitor is using the kiosk."""
        if self.pending is None or not self.between_visitors():
            return False
        config, self.pending = self.pending, None
        self._replace_window(config)
        self.digest_in_force = self.pending_digest
        if self.monitoring is not None:
            self.monitoring.config_in_force(config, self.digest_in_force)
        log.info("new config in force (%d services)", len(config.services))
        if self.commands is not None:
            QTimer.singleShot(0, self.commands.check)  # the release's commands, if any
        return True

    def _between_visitors_again(self) -> None:
        """A session ended or the technician left: a pending config, then due commands."""
        self.apply_pending()
        if self.commands is not None:
            self.commands.check()

    def _replace_window(self, config: KioskConfig) -> None:
        old = self.window
        lockdown_before = self.lockdown
        self.config = config
        self.stats.describe_kiosk(*stats_description(config))  # a new name or new services, in the file too
        if self.lockdown != lockdown_before:
            self.os_keys.release()
            self._engage_keys()
        old_stats = self.stats
        if _stats_settings(config) != _stats_settings(old.config):
            self.stats = open_stats(config)  # another file, or statistics switched off or on
        self.window = self._new_window(config)
        old.shutdown()
        if old_stats is not self.stats:
            old_stats.close()
        old.hide()
        old.deleteLater()

    # --- lockdown, heartbeat ------------------------------------------------------------
    def _engage_keys(self) -> None:
        if self.lockdown:
            self.os_keys.engage()

    def beat(self) -> None:
        from kiosk.system.heartbeat import Heartbeat, write_heartbeat

        if self.heartbeat_path is None:
            return
        beat = Heartbeat(
            pid=os.getpid(),
            time=time.time(),
            in_session=not self.between_visitors(),
            sessions=self.window.sessions_wiped,
        )
        try:
            write_heartbeat(self.heartbeat_path, beat)
        except OSError as exc:
            log.error("cannot write the heartbeat %s: %s", self.heartbeat_path, exc.strerror)

    def shutdown(self) -> None:
        gc.enable()
        self._heartbeat.stop()
        if self._county is not None:
            self._county.stop()
        if self.commands is not None:
            self.commands.stop()
        if self.watcher is not None:
            self.watcher.stop()
        self.connectivity.stop(1000)
        self.window.shutdown()
        self.os_keys.release()
        if self.monitoring is not None:
            self.monitoring.shutdown()
