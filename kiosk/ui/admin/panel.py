"""The admin panel: diagnostics and the few actions a technician needs.

Its texts are in the technician's language (kiosk/core/technician.py: Polish with a Polish
LANG or ``--lang pl``, else English), chosen when the kiosk starts; visitors never see them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kiosk import paths
from kiosk.core.technician import language, tech
from kiosk.ui.screens.overlays import Overlay, plain_label

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.stats.store import Counters
    from kiosk.system.connectivity import Connectivity
    from kiosk.ui.screens.overlay_stack import OverlayStack

log = logging.getLogger("kiosk.admin")

SERVICE_COLUMNS = 3


@dataclass(frozen=True)
class AdminInfo:
    """Everything the panel shows, gathered by the window when it opens."""

    rows: list[tuple[str, str]]
    problems: list[str]
    services: list[tuple[str, str]]  # (id, title)
    allow_exit: bool
    help_requested_at: str = ""  # "HH:MM" of a visitor's waiting Pomoc request ("" when none)


def collect_admin_info(
    config: KioskConfig,
    counts: Counters,
    *,
    sessions_since_start: int,
    hook_state: str,
    config_problems: list[str],
    connectivity: Connectivity | None,
    fleet_status: str | None = None,
    schedule_status: str | None = None,
    commands_status: str | None = None,
    help_requested_at: str = "",
) -> AdminInfo:
    """Everything the panel shows, gathered when it opens (psutil takes a few ms)."""
    from kiosk.support.logs import RECENT_PROBLEMS
    from kiosk.system import health
    from kiosk.version import __version__

    snapshot = health.collect(paths.data_dir() if paths.data_dir().exists() else Path.home())
    source = str(config.source) if config.source is not None else tech("(built in)")
    configuration = tech("{source} — config_version {version}", source=source, version=config.config_version)
    sessions = tech("{today} / {month} / {total}", today=counts.sessions_today, month=counts.sessions_month,
                    total=counts.sessions_total)  # fmt: skip
    rows = [
        (tech("Infomat"), __version__),
        (tech("Configuration"), configuration),
        (tech("Errors in the new configuration"), "; ".join(config_problems) or tech("none")),
        *([(tech("County configuration"), fleet_status)] if fleet_status is not None else []),
        *([(tech("Hours and screen"), schedule_status)] if schedule_status is not None else []),
        *([(tech("Remote commands"), commands_status)] if commands_status is not None else []),
        (tech("System key lock"), hook_state),
        (tech("Network (check)"), _connectivity_text(connectivity)),
        (tech("Sessions today / this month / in total"), sessions),
        (tech("Sessions since start"), str(sessions_since_start)),
        *snapshot.rows(),
    ]
    return AdminInfo(
        rows=rows,
        problems=list(RECENT_PROBLEMS.lines)[-10:],
        services=[(s.id, s.title.get(language())) for s in config.services],
        allow_exit=config.admin.allow_exit,
        help_requested_at=help_requested_at,
    )


def _connectivity_text(state: Connectivity | None) -> str:
    detail = state.detail if state is not None else ""
    if state is None or state.online is None:
        return tech("not checked ({detail})", detail=detail) if detail else tech("not checked")
    if state.online:
        return tech("online ({detail})", detail=detail) if detail else tech("online")
    return tech("NO CONNECTION ({detail})", detail=detail) if detail else tech("NO CONNECTION")


class AdminPanel(Overlay):
    """Diagnostics and the few actions a technician needs; closes itself when left idle."""

    reload_requested = Signal()
    restart_requested = Signal()
    exit_requested = Signal()
    open_requested = Signal(str)
    clear_help_requested = Signal()  # the technician came: "Clear the call"
    hidden = Signal()
    layer = "admin"

    def __init__(self, parent: QWidget, idle_seconds: int, stack: OverlayStack | None = None) -> None:
        super().__init__(parent, stack)
        self.card.setMaximumWidth(1400)
        self.title = plain_label(tech("Service panel"), "OverlayTitle")
        self.message = plain_label("", "OverlayText")  # what the last action did
        self.message.hide()
        self.help_row = QWidget()  # a visitor pressed Pomoc: when, and the way to clear it
        help_layout = QHBoxLayout(self.help_row)
        help_layout.setContentsMargins(0, 0, 0, 0)
        self.help_label = plain_label("", "AlertSeverity")
        self.clear_help_button = QPushButton(tech("Clear the call"))
        self.clear_help_button.setMinimumHeight(72)
        self.clear_help_button.clicked.connect(self.clear_help_requested)
        help_layout.addWidget(self.help_label, 1)
        help_layout.addWidget(self.clear_help_button)
        self.help_row.hide()
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(24)
        self.grid.setColumnStretch(1, 1)
        self.problems = plain_label("", "Muted")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.grid_host)
        body_layout.addWidget(plain_label(tech("Latest warnings and errors"), "CardTitle"))
        body_layout.addWidget(self.problems)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("OverlayScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setMinimumHeight(320)
        scroll.setMaximumHeight(900)
        scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.services_row = QGridLayout()
        self.services_row.setSpacing(12)
        actions = QHBoxLayout()
        self.reload_button = QPushButton(tech("Reload the configuration"))
        self.restart_button = QPushButton(tech("Restart"))
        self.exit_button = QPushButton(tech("Leave the kiosk"))
        self.close_button = QPushButton(tech("Close the panel"))
        self.close_button.setObjectName("PrimaryButton")
        for button in (self.reload_button, self.restart_button, self.exit_button, self.close_button):
            button.setMinimumHeight(72)
            actions.addWidget(button)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.message)
        self.card_layout.addWidget(self.help_row)
        self.card_layout.addWidget(scroll)
        self.card_layout.addWidget(plain_label(tech("Open a service to test it:"), "Muted"))
        self.card_layout.addLayout(self.services_row)
        self.card_layout.addLayout(actions)
        self.reload_button.clicked.connect(self.reload_requested)
        self.restart_button.clicked.connect(self.restart_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.close_button.clicked.connect(self.hide)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_seconds * 1000)
        self._idle.timeout.connect(self.hide)

    def escape(self) -> None:
        self.hide()

    def present(self, info: AdminInfo) -> None:
        self.fill(info)
        self.message.hide()
        self.show_over()
        self.touch()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.touch()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.hidden.emit()

    def fill(self, info: AdminInfo) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for row, (name, value) in enumerate(info.rows):
            label = plain_label(name, "Muted")
            label.setWordWrap(False)
            self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(plain_label(value), row, 1)
        self.problems.setText("\n".join(info.problems) or tech("none"))
        while self.services_row.count():
            item = self.services_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for index, (service_id, title) in enumerate(info.services):
            button = QPushButton(title)
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _=False, target=service_id: self._open(target))
            self.services_row.addWidget(button, index // SERVICE_COLUMNS, index % SERVICE_COLUMNS)
        self.exit_button.setVisible(info.allow_exit)
        self.help_label.setText(tech("Help called at {time}", time=info.help_requested_at))
        self.help_row.setVisible(bool(info.help_requested_at))

    def touch(self) -> None:
        """Any technician input keeps the panel open."""
        if self.isVisible():
            self._idle.start()

    def _open(self, service_id: str) -> None:
        self.hide()
        self.open_requested.emit(service_id)
