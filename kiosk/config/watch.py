"""Watch the config file and hand over each new *valid* version.

Polling (every couple of seconds, hashing a few kB) rather than QFileSystemWatcher: editors
and rollout tools replace files atomically, and an inotify watch on the old inode then
goes quiet. An invalid file is refused with its errors logged, and the last good config
stays in force; the kiosk applies a good one between visitors (kiosk.app).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.config.reading import ConfigError
from kiosk.core.technician import tech, tech_n

if TYPE_CHECKING:
    from kiosk.config.schema import KioskConfig

log = logging.getLogger("kiosk.config")


@dataclass(frozen=True)
class ReloadOutcome:
    """What a reload asked for by a technician did, and how the admin panel says it."""

    kind: str  # "unchanged" | "refused" | "accepted" | "no_file"
    errors: tuple[str, ...] = ()

    def text(self) -> str:
        """What the admin panel shows, in the technician's language."""
        if self.kind == "no_file":
            return tech("This configuration does not come from a file: there is nothing to reload.")
        if self.kind == "accepted":
            return tech("The new configuration is loaded. It applies when the panel is closed.")
        count = len(self.errors)
        if self.kind == "refused":
            return tech_n(
                "Configuration refused ({n} error) — the previous one stays in force.",
                "Configuration refused ({n} errors) — the previous one stays in force.",
                count,
            )
        if self.errors:
            return tech_n(
                "The file is unchanged and still has an error ({n}) — the previous configuration stays in force.",
                "The file is unchanged and still has errors ({n}) — the previous configuration stays in force.",
                count,
            )
        return tech("The configuration file is unchanged.")


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class ConfigWatcher(QObject):
    """Emits ``changed(KioskConfig)`` for a valid new version, ``refused(list[str])`` otherwise."""

    changed = Signal(object)
    refused = Signal(list)

    def __init__(
        self, path: Path, interval_ms: int = 2000, parent: QObject | None = None, running: str | None = None
    ) -> None:
        """``running``: sha256 of the bytes the running config was read from (else the file now)."""
        super().__init__(parent)
        self.path = path
        self.last_errors: list[str] = []
        self.last_result = "unchanged"  # of the latest check: unchanged | accepted | refused
        self._content = running or _digest(path)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.check)

    @property
    def digest(self) -> str | None:
        """sha256 of the file's bytes as last read: after ``changed``, those of the new config."""
        return self._content

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reload(self) -> ReloadOutcome:
        """Look now, for a technician: what happened, in words."""
        if self.check() is not None:
            return ReloadOutcome("accepted")
        return ReloadOutcome("refused" if self.last_result == "refused" else "unchanged", tuple(self.last_errors))

    def check(self) -> KioskConfig | None:
        """Look once; returns the new config when one was accepted."""
        digest = _digest(self.path)
        if digest is None or digest == self._content:
            self.last_result = "unchanged"
            return None  # unchanged, or gone/unreadable for a moment (mid-replace): keep the current one
        self._content = digest
        try:
            config = self._load()
        except ConfigError as exc:
            self.last_errors = [str(issue) for issue in exc.errors]
            log.error("the changed config %s was REFUSED; the previous one stays in force:", self.path)
            for line in self.last_errors:
                log.error("  %s", line)
            self.last_result = "refused"
            self.refused.emit(self.last_errors)
            return None
        self.last_errors = []
        self.last_result = "accepted"
        log.info("the config %s changed and is valid; it applies from the next visitor", self.path)
        self.changed.emit(config)
        return config

    def _load(self) -> KioskConfig:
        """Validate the file; a valid one is also kept as the start-up snapshot, so the
        next start (nightly restart, reboot) paints at once with it."""
        from kiosk.config.loader import validate_file_text  # pydantic: not on the start-up path
        from kiosk.config.reading import read_config_text
        from kiosk.config.snapshot import start_snapshots

        text = read_config_text(self.path, str(self.path))
        config = validate_file_text(text, str(self.path), self.path.resolve())
        start_snapshots().remember(config.source, text, config)
        return config
