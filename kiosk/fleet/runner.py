"""Runs the remote commands of the config in force (:mod:`kiosk.fleet.commands`) on the
running kiosk, one at a time and only between visitors: when a release is put in force,
after each wipe, and every few seconds while nobody uses the kiosk. A visitor is never
interrupted: a command due during a session waits until it ends.

The runtime (kiosk/app.py) says what "between visitors" is and does the actions.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk import exit_codes
from kiosk.core.technician import tech
from kiosk.fleet.commands import CommandRecord, due_commands

if TYPE_CHECKING:
    from kiosk.config.schema import Command, KioskConfig

log = logging.getLogger("kiosk.fleet")

CHECK_SECONDS = 15  # while idle; a release in force and the end of a session check at once


@dataclass(frozen=True)
class CommandHost:
    """What the runner needs from the kiosk (callables, read at each check)."""

    commands: Callable[[], Sequence[Command]]  # of the config in force ([] while it is not verified yet)
    kiosk_id: Callable[[], str]
    between_visitors: Callable[[], bool]
    actions: Mapping[str, Callable[[], None]]  # by action; raise to say it failed; "restart" ends the process
    counted: Callable[[str, str], None] = lambda _action, _result: None  # (action, result) for the metrics
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone()


class CommandRunner(QObject):
    def __init__(self, record: CommandRecord, host: CommandHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.record, self.host = record, host
        self._busy = False
        self._ended = False  # a restart was asked for: nothing more in this process
        for run in record.settle():
            log.info("remote command %s (%s) from before the restart: %s", run.id, run.action, run.result)
            host.counted(run.action, run.result)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_SECONDS * 1000)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()
        QTimer.singleShot(0, self.check)

    def stop(self) -> None:
        self._timer.stop()

    def due(self) -> list[Command]:
        return due_commands(self.host.commands(), self.host.kiosk_id(), self.record.ran())

    def check(self) -> None:
        """Run the first due command if no visitor uses the kiosk; the next one follows
        from the event loop (the first may have replaced the window)."""
        if self._busy or self._ended or not self.host.between_visitors():
            return
        due = self.due()
        if not due:
            return
        self._busy = True
        try:
            self._run(due[0])
        finally:
            self._busy = False
        if len(due) > 1 and not self._ended:
            QTimer.singleShot(0, self.check)

    def _run(self, command: Command) -> None:
        listed = [c.id for c in self.host.commands()]
        if not self.record.begin(command, self.host.clock(), keep=listed):
            log.error("remote command %s (%s) not run: its record cannot be written", command.id, command.action)
            self.host.counted(command.action, "failed")
            return
        log.warning("remote command %s: %s", command.id, command.action)
        if command.action == "restart":
            # Recorded as pending; the next process settles it as ok (and counts it).
            self._ended = True
            self._timer.stop()
            self.host.actions["restart"]()
            return
        try:
            self.host.actions[command.action]()
        except Exception:
            log.exception("remote command %s (%s) failed", command.id, command.action)
            result = "failed"
        else:
            result = "ok"
        self.record.finish(command.id, result)
        self.host.counted(command.action, result)
        log.info("remote command %s (%s): %s", command.id, command.action, result)

    def status(self) -> str | None:
        """The last few runs for the admin panel, newest first; None when there is nothing
        to say (no command run here and none in the config in force)."""
        runs = self.record.recent()
        if runs:
            return "\n".join(run.line() for run in runs)
        return tech("none (no command has run here yet)") if self.host.commands() else None


class Runtime(Protocol):
    """What :func:`start_commands` uses of the runtime (kiosk/app.py KioskRuntime)."""

    config: KioskConfig
    window: Any  # the KioskWindow in use
    state_dir: Path | None
    monitoring: Any  # kiosk/ui/window/monitoring.py Monitoring, or None before the first paint
    county: Any  # kiosk/fleet/feed.py CountyFeed
    pending: KioskConfig | None
    pending_digest: str | None
    digest_in_force: str | None

    def between_visitors(self) -> bool: ...

    def apply_pending(self) -> bool: ...


def start_commands(runtime: Runtime) -> CommandRunner:
    """The runner of ``runtime``'s config in force, its record in the state folder, started."""

    def restart() -> None:
        runtime.window.quit_with(exit_codes.RESTART, "a remote command asks for a restart")

    def reload() -> None:
        """Read the local file and the stored county release again; a new window runs them
        (like the config watcher, even when nothing changed)."""
        from kiosk.config import load_config

        local = load_config(runtime.config.source) if runtime.config.source is not None else runtime.config
        config = runtime.county.effective(local)
        rebuild(config, runtime.county.in_force.digest if config is not local else _digest(local.source))

    def clear_cache() -> None:
        """Empty the content cache; a new window reads and fetches afresh. The visitor web's
        HTTP cache is in memory only and new for each visitor: nothing of it is on disk."""
        log.info("content cache cleared: %d entries removed", runtime.window.content.cache.clear())
        rebuild(runtime.config, runtime.digest_in_force)

    def rebuild(config: KioskConfig, digest: str | None) -> None:
        runtime.pending, runtime.pending_digest = config, digest
        if not runtime.apply_pending():
            raise RuntimeError("not between visitors")

    def counted(action: str, result: str) -> None:
        if runtime.monitoring is not None:
            runtime.monitoring.metrics.command_ran(action, result)

    state = runtime.state_dir
    runner = CommandRunner(
        CommandRecord(state / "commands.json" if state is not None else None),
        CommandHost(
            commands=lambda: runtime.config.commands if runtime.window.config_verified else [],
            kiosk_id=lambda: runtime.config.kiosk_id,
            between_visitors=runtime.between_visitors,
            actions={"restart": restart, "reload": reload, "clear-cache": clear_cache},
            counted=counted,
        ),
        parent=runtime if isinstance(runtime, QObject) else None,
    )
    runner.start()
    return runner


def _digest(path: Path | None) -> str | None:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else None
    except OSError:
        return None
