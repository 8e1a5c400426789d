"""Issue 33: `kiosk fleet`, `kiosk schedule`, `kiosk alerts` and the admin panel's county
line speak the technician's language, a refused county file's reason included ("the admin
panel is Polish but shows … 'ODRZUCONO — serial 1 is not newer than 2 in force'").

Under ``pseudo_polish`` every translation is wrapped in ⟦…⟧: a printed letter outside the
marks was never translated. Each test has a positive control (the Polish text is there)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kiosk.commands.entry import main
from kiosk.core import technician
from kiosk.core.minisign import generate, sign
from tests.support.county import CountyServer, county_text
from tests.support.technician_text import outside_catalogue, pseudo_polish

KEY = generate()


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the kiosk's release store
    server = CountyServer(tmp_path / "county")
    yield server
    server.close()


def publish(county: CountyServer, serial: int) -> None:
    body = county_text(serial).encode()
    county.publish(body, sign(body, KEY, f"timestamp:0\tfile:county-{serial}.toml"))


def local_file(tmp_path: Path, county: CountyServer | None, extra: str = "") -> Path:
    url = county.url if county is not None else "https://powiat.example/county.toml"
    ca = f'ca_file = "{county.ca}"\n' if county is not None else ""
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[kiosk]\nid = "jastkow-ug"\nname = "Lokalny"\n{extra}\n[fleet]\nconfig_url = "{url}"\n'
        f'public_keys = ["{KEY.public.line()}"]\n{ca}timeout_seconds = 3\n',
        encoding="utf-8",
    )
    return path


def pulls(tmp_path: Path, county: CountyServer, capsys, *lang: str) -> tuple[str, int, str]:
    """Serial 2 applied, then serial 1 replayed: the first pull's output, the second's exit
    code and output."""
    path = local_file(tmp_path, county)
    publish(county, 2)
    assert main([*lang, "fleet", "pull", "--config", str(path)]) == 0
    applied = capsys.readouterr().out
    publish(county, 1)
    code = main([*lang, "fleet", "pull", "--config", str(path)])
    out = capsys.readouterr()
    return applied, code, out.out + out.err


def test_fleet_pull_says_a_refusal_in_the_catalogue(tmp_path, county, monkeypatch, capsys) -> None:
    pseudo_polish(monkeypatch)
    applied, code, out = pulls(tmp_path, county, capsys)
    assert "zastosowano wydanie 2" in applied and outside_catalogue(applied) == []
    assert code == 2
    assert "odrzucono: ⟦wydanie 1 nie jest nowsze niż obowiązujące 2⟧" in out  # the reason too, not only the frame
    assert outside_catalogue(out) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("pl", "odrzucono: wydanie 1 nie jest nowsze niż obowiązujące 2\n"),
     ("en", "refused: serial 1 is not newer than 2 in force\n")],
)  # fmt: skip
def test_fleet_pull_refusal_in_either_language(tmp_path, county, capsys, lang: str, expected: str) -> None:
    assert pulls(tmp_path, county, capsys, "--lang", lang)[1:] == (2, expected)


def test_fleet_pull_without_fleet_and_fleet_check_in_the_catalogue(tmp_path, monkeypatch, capsys) -> None:
    pseudo_polish(monkeypatch)
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nname = "Bez powiatu"\n', encoding="utf-8")
    assert main(["fleet", "pull", "--config", str(path)]) == 2
    out = capsys.readouterr().out
    assert "nie ma [fleet] config_url" in out and outside_catalogue(out) == []
    county = tmp_path / "county.toml"
    county.write_text(county_text(3, expires=dt.datetime.now().astimezone() + dt.timedelta(days=3, hours=5)))
    assert main(["fleet", "check", str(county)]) == 0
    out = capsys.readouterr().out
    assert "wydanie 3, wygasa" in out and "uwaga: wygasa za 3 d" in out and "⟦kioski bez własnej tabeli⟧: OK" in out
    assert outside_catalogue(out) == []
    county.write_text("[release]\nserial = 0\nexpires = 2027-01-01T00:00:00Z\n")
    assert main(["fleet", "check", str(county)]) == 2
    err = capsys.readouterr().err
    assert "release.serial: ⟦musi być liczbą całkowitą" in err and outside_catalogue(err) == []


ALERTS = (
    '[schedule]\ndisplay_off = "22:00-6:00"\n[schedule.hours]\nmon = "7:30-15:30"\nthu = "7:30-15:30"\n'
    '[[alerts]]\nid = "rcb-7"\nseverity = "severe"\nheadline = "Powódź"\nexpires = 2026-12-02T08:00:00\n'
)


@pytest.mark.parametrize(
    ("command", "at", "polish"),
    [("schedule", "2026-11-30T23:00", "zamknięte; otwarcie 2026-12-03 07:30 (⟦godziny pracy⟧)⟧; ekran wyłączony"),
     ("schedule", "2026-11-30T10:00", "otwarte; zamknięcie 2026-11-30 15:30"),
     ("schedule", "2026-12-24T10:00", "(⟦święto: Wigilia Bożego Narodzenia⟧)"),
     ("alerts", "2026-12-01T10:00", "severe do 2026-12-02 08:00: Powódź (rcb-7)"),
     ("alerts", "2026-12-02T08:00", "⟦brak⟧")],
)  # fmt: skip
def test_schedule_and_alerts_in_the_catalogue(tmp_path, monkeypatch, capsys, command, at, polish) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    pseudo_polish(monkeypatch)
    path = local_file(tmp_path, None, ALERTS)
    assert main([command, "--config", str(path), "--at", at]) == 0
    out = capsys.readouterr().out
    assert polish in out
    assert "obowiązująca konfiguracja: ⟦tylko plik lokalny (⟦nie otrzymano jeszcze pliku powiatu⟧)⟧" in out
    assert outside_catalogue(out) == []


def test_a_wrong_moment_is_said_in_the_catalogue(tmp_path, monkeypatch, capsys) -> None:
    pseudo_polish(monkeypatch)
    assert main(["alerts", "--config", str(local_file(tmp_path, None)), "--at", "jutro"]) == 2
    err = capsys.readouterr().err
    assert "podaj moment jako RRRR-MM-DDTGG:MM" in err and outside_catalogue(err) == []


def test_the_panels_county_line_of_a_refused_file(tmp_path, county, qapp) -> None:
    """The same refusal, said when the panel opens: Polish for LANG=pl_PL, English for LANG=C."""
    from kiosk.config import load_config
    from kiosk.fleet.feed import CountyFeed
    from kiosk.fleet.pull import pull
    from kiosk.fleet.store import ReleaseStore

    feed = CountyFeed(load_config(local_file(tmp_path, county)), ReleaseStore(tmp_path / "store"))
    publish(county, 2)
    feed.in_force = pull(feed.fleet, feed.store)
    publish(county, 1)
    feed.last, feed.last_at = pull(feed.fleet, feed.store), dt.datetime(2026, 12, 7, 9, 41)
    assert feed.last.refusal is not None and feed.last.refusal.kind == "rollback"

    technician.set_language(technician.language_from_environment({"LANG": "pl_PL.UTF-8"}))
    polish = feed.status()
    assert polish == "wydanie 2; ostatnie pobranie 09:41: ODRZUCONO — wydanie 1 nie jest nowsze niż obowiązujące 2"
    technician.set_language(technician.language_from_environment({"LANG": "C"}))
    english = feed.status()
    assert english == "serial 2; last pull at 09:41: REFUSED — serial 1 is not newer than 2 in force"
    assert not re.search(r"\b(serial|newer|REFUSED|pull)\b", polish)
    assert feed.last.refusal.message == "serial 1 is not newer than 2 in force"  # the log line stays English


def test_the_panels_county_line_stays_in_the_catalogue(tmp_path, monkeypatch, qapp) -> None:
    from kiosk.config import load_config
    from kiosk.fleet.feed import CountyFeed
    from kiosk.fleet.fetch import Refusal
    from kiosk.fleet.pull import PullResult
    from kiosk.fleet.store import ReleaseStore

    pseudo_polish(monkeypatch)
    feed = CountyFeed(load_config(local_file(tmp_path, None)), ReleaseStore(tmp_path / "store"))
    lines = [feed.status()]
    feed.last, feed.last_at = PullResult("unchanged", 4), dt.datetime(2026, 12, 7, 9, 41)
    lines.append(feed.status())
    damaged = Refusal("stored-damaged", "the stored county file does not match its record; it is fetched again")
    feed.last = PullResult("refused", refusal=Refusal("internal", "internal error: {error}", fields=(("error", "X"),)),
                           damaged=damaged)  # fmt: skip
    lines.append(feed.status())
    assert "jeszcze nie pobierano" in lines[0] and "bez zmian" in lines[1]
    assert "ODRZUCONO" in lines[2] and "błąd wewnętrzny: X" in lines[2]
    assert outside_catalogue("\n".join(lines)) == [], lines
