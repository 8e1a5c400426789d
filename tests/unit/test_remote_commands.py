"""Remote commands (issue 31, 2): which are due, by id alone whatever release carries them,
and the record of those run (written before the action, bounded, surviving a restart)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kiosk.config.schema import Command
from kiosk.core import technician
from kiosk.fleet.commands import KEEP_LAST, CommandRecord, due_commands

AT = dt.datetime(2026, 12, 6, 21, 4, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def cmd(command_id: str, action: str = "reload", kiosks: tuple[str, ...] = ()) -> Command:
    return Command(id=command_id, action=action, kiosks=list(kiosks))


def ids(commands: list[Command]) -> list[str]:
    return [c.id for c in commands]


def test_due_in_order_for_every_kiosk_or_this_one() -> None:
    commands = [cmd("a", "restart"), cmd("b", kiosks=("jastkow-ug",)), cmd("c", "clear-cache", ("niemce-ug",))]
    assert ids(due_commands(commands, "jastkow-ug", set())) == ["a", "b"]
    assert ids(due_commands(commands, "niemce-ug", set())) == ["a", "c"]
    assert ids(due_commands(commands, "", set())) == ["a"]  # no id: only the commands for every kiosk


def test_an_id_already_run_is_never_due_again() -> None:
    commands = [cmd("a", "restart"), cmd("b")]
    assert ids(due_commands(commands, "k", {"a"})) == ["b"]
    assert due_commands(commands, "k", {"a", "b"}) == []
    assert ids(due_commands([cmd("x"), cmd("x", "restart")], "k", set())) == ["x"]  # listed twice: once


def run_release(record: CommandRecord, commands: list[Command], kiosk_id: str = "k") -> list[str]:
    """What a kiosk does with one release in force: each due command, recorded, then ok."""
    ran = []
    for command in due_commands(commands, kiosk_id, record.ran()):
        assert record.begin(command, AT, keep=ids(commands))
        record.finish(command.id, "ok")
        ran.append(command.id)
    return ran


def test_the_same_release_again_a_newer_one_and_an_old_one_run_nothing_twice(tmp_path: Path) -> None:
    """The decision sees ids, not serials: serial 5 served again, serial 6 still carrying
    the command, serial 4 replayed (were the pull to let it through) run nothing again."""
    path = tmp_path / "commands.json"
    serial_5 = [cmd("2026-12-06-restart", "restart"), cmd("cache-1", "clear-cache")]
    assert run_release(CommandRecord(path), serial_5) == ["2026-12-06-restart", "cache-1"]
    assert run_release(CommandRecord(path), serial_5) == []  # the same release, after a restart
    serial_6 = [*serial_5, cmd("reload-2")]
    assert run_release(CommandRecord(path), serial_6) == ["reload-2"]  # only the new id
    serial_4 = [cmd("cache-1", "clear-cache"), cmd("2026-12-06-restart", "restart")]
    assert run_release(CommandRecord(path), serial_4) == []
    other_kiosk = [cmd("only-niemce", "restart", ("niemce-ug",))]
    assert run_release(CommandRecord(path), other_kiosk) == []
    assert "only-niemce" not in CommandRecord(path).ran()  # skipped, not recorded: it never ran here


def test_recorded_before_the_action_and_settled_at_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "commands.json"
    record = CommandRecord(path)
    assert record.begin(cmd("r", "restart"), AT) and record.begin(cmd("c", "clear-cache"), AT)
    on_disk = json.loads(path.read_text())["runs"]
    assert [(r["id"], r["result"]) for r in on_disk] == [("r", "pending"), ("c", "pending")]  # before any action

    after = CommandRecord(path)  # the next process
    assert after.ran() == {"r", "c"}
    settled = {run.id: run.result for run in after.settle()}
    assert settled == {"r": "ok", "c": "failed"}  # the kiosk came back; a cut-short clear is not retried
    assert after.settle() == []  # settled once
    assert [run.line() for run in CommandRecord(path).recent()] == [
        "2026-12-06 21:04 clear-cache c: FAILED",
        "2026-12-06 21:04 restart r: OK",
    ]
    technician.set_language("pl")  # the admin panel of a Polish technician
    assert CommandRecord(path).recent()[0].line() == "2026-12-06 21:04 clear-cache c: BŁĄD"


def test_the_record_is_bounded_but_keeps_what_the_release_lists(tmp_path: Path) -> None:
    path = tmp_path / "commands.json"
    record = CommandRecord(path)
    assert record.begin(cmd("listed", "restart"), AT)
    assert record.begin(cmd("old"), AT)
    for n in range(KEEP_LAST):
        assert record.begin(cmd(f"c{n}"), AT, keep=["listed"])
    kept = CommandRecord(path).ran()
    assert len(kept) == KEEP_LAST + 1
    assert "listed" in kept and "old" not in kept and f"c{KEEP_LAST - 1}" in kept


def test_an_unwritable_record_runs_nothing_and_a_damaged_one_is_set_aside(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    record = CommandRecord(blocked / "commands.json")  # its folder is a file
    assert not record.begin(cmd("r", "restart"), AT)  # must not run: a restart would loop
    assert "r" in record.ran()  # nor be tried again by this process

    path = tmp_path / "commands.json"
    path.write_text("{not json")
    assert CommandRecord(path).ran() == set()
    assert path.with_name("commands.json.damaged").read_text() == "{not json"


@pytest.mark.parametrize("action", ["restart", "reload", "clear-cache"])
def test_every_action_of_the_schema_is_known(action: str) -> None:
    from kiosk.fleet.commands import ACTIONS

    assert action in ACTIONS


def test_runs_are_counted_by_action_and_result_every_series_from_zero() -> None:
    from kiosk.metrics.registry import KioskMetrics

    metrics = KioskMetrics(restarts_env="")
    metrics.command_ran("clear-cache", "ok")
    metrics.command_ran("reload", "failed")
    metrics.command_ran("reload", "pending")  # not a result: not a series
    found = {
        (s.labels["action"], s.labels["result"]): s.value
        for family in metrics.registry.collect()
        if family.name == "infomat_command_runs"
        for s in family.samples
        if s.name == "infomat_command_runs_total"
    }
    assert found == {("restart", "ok"): 0, ("restart", "failed"): 0, ("reload", "ok"): 0, ("reload", "failed"): 1,
                     ("clear-cache", "ok"): 1, ("clear-cache", "failed"): 0}  # fmt: skip
