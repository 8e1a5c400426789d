"""Remote commands (``[[commands]]`` in the county file): which are due, and the record of
those already run.

The decision is by id alone, never by the release's serial: a command id once run on this
kiosk never runs again, whether the same release is served again, a newer release still
carries it, or an old one is replayed (the pull refuses that anyway). The record is
written *before* an action starts, so a restart cannot loop and a command that killed
the process half-way is not tried again (at most once, never twice).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Container, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.technician import tech
from kiosk.support.files import write_json_atomic

if TYPE_CHECKING:
    from kiosk.config.schema import Command

log = logging.getLogger("kiosk.fleet")

FORMAT = 1
#: Ids kept in the record. A county sends a few commands a month: 500 is years of them in
#: a file of ~50 kB rewritten once per command. Ids the release in force still lists are
#: never dropped (see :meth:`CommandRecord.begin`), so the bound cannot make a command
#: run twice; only an id the county stopped listing, then listed again after 500 others,
#: would run again.
KEEP_LAST = 500

ACTIONS = ("restart", "reload", "clear-cache")
RESULTS = ("ok", "failed")
PENDING = "pending"  # written before the action; what it became is decided after (or at the next start)


def due_commands(commands: Sequence[Command], kiosk_id: str, already_run: Container[str]) -> list[Command]:
    """The commands of the config in force that this kiosk should run now, in the file's
    order: addressed to it (``kiosks`` empty or naming ``kiosk_id``), never run here
    before. An id listed twice counts once (the first)."""
    due, seen = [], set()
    for command in commands:
        if command.id in seen or command.id in already_run:
            continue
        seen.add(command.id)
        if command.kiosks and kiosk_id not in command.kiosks:
            continue  # another kiosk's
        due.append(command)
    return due


@dataclass(frozen=True)
class CommandRun:
    id: str
    action: str
    at: str  # ISO date-time, local time with its offset
    result: str  # ok | failed | pending

    def line(self) -> str:
        """For the admin panel, in the technician's language: "2026-12-06 21:04 restart
        2026-12-06-restart: OK"."""
        try:
            when = dt.datetime.fromisoformat(self.at).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            when = self.at
        fields = {"when": when, "action": self.action, "id": self.id}
        if self.result == "ok":
            return tech("{when} {action} {id}: OK", **fields)
        if self.result == "failed":
            return tech("{when} {action} {id}: FAILED", **fields)
        if self.result == PENDING:
            return tech("{when} {action} {id}: running", **fields)
        return tech("{when} {action} {id}: {result}", result=self.result, **fields)


class CommandRecord:
    """The ids already run, with when and how it went: ``commands.json`` in the kiosk's
    state folder, or in memory only (``path`` None: tests, a kiosk without a data folder)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.runs: list[CommandRun] = self._load()
        self._unsaved: set[str] = set()  # ids this process refused to run: the record could not be written

    def _load(self) -> list[CommandRun]:
        if self.path is None:
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}")
            return [CommandRun(str(r["id"]), str(r["action"]), str(r["at"]), str(r["result"])) for r in data["runs"]]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # Kept for a technician. Starting empty may run the commands of the release in
            # force once more; refusing them all for ever would be worse.
            log.error("the record of remote commands %s cannot be read (%s); it is set aside", self.path, exc)
            with contextlib.suppress(OSError):
                self.path.replace(self.path.with_name(self.path.name + ".damaged"))
            return []

    def ran(self) -> set[str]:
        return {run.id for run in self.runs} | self._unsaved

    def recent(self, count: int = 5) -> list[CommandRun]:
        """The last ``count`` runs, newest first."""
        return list(reversed(self.runs[-count:]))

    def begin(self, command: Command, at: dt.datetime, keep: Iterable[str] = ()) -> bool:
        """Record ``command`` as started (pending), on disk, before it runs. False when the
        record cannot be written: then it must not run (a restart would loop), and this
        process does not try it again."""
        runs = [*self.runs, CommandRun(command.id, command.action, at.isoformat(timespec="seconds"), PENDING)]
        kept = set(keep)
        overflow = len(runs) - KEEP_LAST
        if overflow > 0:
            old = [run for run in runs[:-KEEP_LAST] if run.id in kept]  # still listed: never forgotten
            runs = old + runs[-KEEP_LAST:]
        if not self._save(runs):
            self._unsaved.add(command.id)
            return False
        self.runs = runs
        return True

    def finish(self, command_id: str, result: str) -> None:
        """What the command's action came to (logged if it cannot be written: the id is
        recorded already)."""
        self.runs = [replace(run, result=result) if run.id == command_id else run for run in self.runs]
        self._save(self.runs)

    def settle(self) -> list[CommandRun]:
        """At start: what the runs left pending by the process before became. A restart
        pending means the kiosk came back: ok. Any other action pending was cut short
        (the process ended during it): failed, and not tried again."""
        settled = []
        for run in self.runs:
            if run.result == PENDING:
                settled.append(replace(run, result="ok" if run.action == "restart" else "failed"))
        if settled:
            by_id = {run.id: run for run in settled}
            self.runs = [by_id.get(run.id, run) for run in self.runs]
            self._save(self.runs)
        return settled

    def _save(self, runs: list[CommandRun]) -> bool:
        if self.path is None:
            return True
        try:
            write_json_atomic(self.path, {"format": FORMAT, "runs": [asdict(run) for run in runs]})
        except OSError as exc:
            log.error("the record of remote commands %s cannot be written: %s", self.path, exc)
            return False
        return True
