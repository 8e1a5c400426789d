"""Issue 33, "stats": a statistics export a county official can hand in as it is (each
kiosk's name beside its id, each service's title beside its id, times as h:mm), and
`kiosk stats`, `kiosk logs`, `kiosk accessibility-statement` in the technician's language."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kiosk.commands.entry import main
from kiosk.core import technician
from kiosk.stats.store import StatsStore
from tests.support.technician_text import outside_catalogue, pseudo_polish

DAY = dt.datetime(2028, 3, 2, 10, 0)
EPUAP = "ePUAP – Elektroniczna Platforma Usług Administracji Publicznej"


@pytest.fixture(autouse=True)
def own_folders_and_english_afterwards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for kind in ("DATA", "STATE", "CONFIG", "CACHE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / "home" / kind.lower()))
    yield


def kiosk_file(path: Path, kiosk_id: str, name: str = "", titles: dict[str, str] | None = None) -> Path:
    """A kiosk's stats file: one session of 1 h 2 min 5 s and two ePUAP opens on 2 March 2028."""
    store = StatsStore(path, kiosk_id=kiosk_id, kiosk_name=name, service_titles=titles, clock=lambda: DAY)
    store.record_service_open("epuap")
    store.record_service_open("epuap")
    store.record_session("idle", 3725, languages=["pl"])
    store.record_running_minutes(600)
    store.close()
    return path


def kiosk_config(folder: Path, kiosk_id: str = "jastkow-ug", name: str = "Infomat Gminy Jastków") -> Path:
    config = folder / "kiosk.toml"
    config.write_text(
        f'[kiosk]\nid = "{kiosk_id}"\nname = "{name}"\n\n[stats]\nfile = "liczniki/{kiosk_id}.sqlite3"\n\n'
        f'[policy]\nallow = ["epuap.gov.pl"]\n\n[[services]]\nid = "epuap"\ntitle = {{pl = "{EPUAP}", en = "ePUAP"}}\n'
        'url = "https://epuap.gov.pl/"\n',
        encoding="utf-8",
    )
    return config


def export(*args: str) -> list[str]:
    return ["stats", "export", "--from", "2028-03-01", "--to", "2028-03-31", *args]


def test_the_xlsx_of_the_config_in_force_names_the_kiosk_and_the_service_and_gives_h_mm(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    config = kiosk_config(tmp_path)
    kiosk_file(tmp_path / "liczniki" / "jastkow-ug.sqlite3", "jastkow-ug")  # a file of a kiosk that kept no names
    out = tmp_path / "raport.xlsx"
    assert main(["--lang", "pl", *export("--config", str(config), "--format", "xlsx", "--output", str(out))]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Podsumowanie", "Dni", "E-usługi", "Języki i dostępność"]
    days = book["Dni"]
    labels = [c.value for c in days[1]]
    assert labels[:3] == ["Identyfikator infomatu", "Infomat", "Okres"]
    assert [c.value for c in days[3][:3]] == ["jastkow-ug", "Infomat Gminy Jastków", "2028-03-01"]
    time = days.cell(row=4, column=labels.index("Łączny czas sesji (godz.:min)") + 1)  # 2 March
    assert time.value == dt.timedelta(seconds=3725) and time.number_format == "[h]:mm"
    running = days.cell(row=4, column=labels.index("Czas pracy (godz.:min)") + 1)
    assert running.value == dt.timedelta(hours=10) and running.number_format == "[h]:mm"
    assert "session_seconds" not in [c.value for c in days[2]]  # seconds are for scripts (--machine-names)
    services = [c.value for c in book["E-usługi"][1]]
    assert f"E-usługa: {EPUAP} (epuap)" in services
    summary = {r[0].value: r[1:] for r in book["Podsumowanie"].iter_rows() if r[0].value}
    assert [c.value for c in summary["Wskaźnik"]] == ["Infomat Gminy Jastków", "Razem"]
    assert [c.value for c in summary[f"E-usługa: {EPUAP} (epuap)"]] == [2, 2]
    total = summary["Łączny czas korzystania (godz.:min)"]
    assert [c.value for c in total] == [dt.timedelta(seconds=3725)] * 2
    assert {c.number_format for c in total} == {"[h]:mm"}
    assert "Infomat Gminy Jastków (jastkow-ug)" in summary["Infomaty"][0].value


def test_a_merged_export_of_two_kiosks_names_both_and_an_old_file_falls_back_to_its_id(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    jastkow = kiosk_file(tmp_path / "jastkow.sqlite3", "jastkow", "Infomat Gminy Jastków", {"epuap": EPUAP})
    niemce = kiosk_file(tmp_path / "niemce.sqlite3", "niemce", "Infomat Gminy Niemce")
    old = kiosk_file(tmp_path / "konopnica.sqlite3", "konopnica")
    with sqlite3.connect(old) as db:  # what a kiosk before names and titles wrote
        db.execute("DROP TABLE services")
        db.execute("DROP TABLE kiosks")
    merged = tmp_path / "powiat.sqlite3"
    assert main(["stats", "merge", str(jastkow), str(niemce), str(old), "--output", str(merged)]) == 0
    out = tmp_path / "powiat.xlsx"
    assert main(["--lang", "pl", *export("--stats", str(merged), "--format", "xlsx", "--output", str(out))]) == 0
    book = load_workbook(out)
    summary = {r[0]: r[1:] for r in book["Podsumowanie"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Wskaźnik"] == ("Infomat Gminy Jastków", "konopnica", "Infomat Gminy Niemce", "Razem")
    assert summary["Identyfikator infomatu"][:3] == ("jastkow", "konopnica", "niemce")
    assert summary["Łączny czas korzystania (godz.:min)"][3] == dt.timedelta(seconds=3 * 3725)
    assert f"E-usługa: {EPUAP} (epuap)" in summary
    names = {row[1] for row in book["Dni"].iter_rows(min_row=3, values_only=True)}
    assert names == {"Infomat Gminy Jastków", "Infomat Gminy Niemce", "konopnica"}
    # the same straight from the three files, and as CSV with h:mm as text
    csv_out = tmp_path / "powiat.csv"
    assert main(["--lang", "pl", *export("--stats", str(jastkow), "--stats", str(niemce), "--stats", str(old),
                                         "--output", str(csv_out))]) == 0  # fmt: skip
    rows = list(csv.DictReader(csv_out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    second = [r for r in rows if r["Okres"] == "2028-03-02"]
    assert [(r["Identyfikator infomatu"], r["Infomat"], r["Łączny czas sesji (godz.:min)"]) for r in second] == [
        ("jastkow", "Infomat Gminy Jastków", "1:02"), ("konopnica", "konopnica", "1:02"),
        ("niemce", "Infomat Gminy Niemce", "1:02"),
    ]  # fmt: skip
    assert second[0][f"E-usługa: {EPUAP} (epuap)"] == "2" and second[0]["Czas pracy (godz.:min)"] == "10:00"


def test_merge_with_the_config_in_force_puts_its_names_into_the_collected_copy(tmp_path: Path) -> None:
    from kiosk.stats.report import collect

    config = kiosk_config(tmp_path)
    own = kiosk_file(tmp_path / "liczniki" / "jastkow-ug.sqlite3", "jastkow-ug")
    copy = tmp_path / "jastkow-ug-kopia.sqlite3"
    assert main(["stats", "merge", str(own), "--config", str(config), "--output", str(copy)]) == 0
    report = collect([copy], DAY.date(), DAY.date())
    assert report.names == {"jastkow-ug": "Infomat Gminy Jastków"} and report.titles == {"epuap": EPUAP}


def test_headers_follow_lang_and_c_stays_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    path = kiosk_file(tmp_path / "k.sqlite3", "jastkow", "Infomat Gminy Jastków")
    assert main(export("--stats", str(path))) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("\ufeffKiosk ID;Kiosk;Period;Sessions started")
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    assert main(export("--stats", str(path))) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("\ufeffIdentyfikator infomatu;Infomat;Okres;Rozpoczęte sesje"), header


def test_stats_show_and_its_messages_never_leave_the_catalogue(tmp_path: Path, monkeypatch, capsys) -> None:
    config = kiosk_config(tmp_path)
    store = StatsStore(tmp_path / "liczniki" / "jastkow-ug.sqlite3", kiosk_id="jastkow-ug")
    store.record_service_open("epuap")
    store.record_session("visitor", 125)
    store.close()
    pseudo_polish(monkeypatch)
    assert main(["stats", "show", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "⟦najczęstsze usługi" in out and f"{EPUAP} (epuap)" in out and "Infomat Gminy Jastków" in out
    assert "0:02" in out  # the month's time in use as h:mm
    assert outside_catalogue(out) == []
    empty = tmp_path / "pusty.sqlite3"
    StatsStore(empty).close()
    assert main(["stats", "show", "--stats", str(empty)]) == 0
    out = capsys.readouterr().out
    assert "⟦jeszcze bez sesji⟧" in out and outside_catalogue(out) == []


@pytest.mark.parametrize(
    ("args", "control"),
    [
        (export("--from", "2028-13-01"), "to nie data"),
        (["stats", "export", "--from", "2028-03-31", "--to", "2028-03-01"], "jest po --to"),
        (export("--format", "xlsx"), "raport XLSX wymaga"),
        (["stats", "show", "--stats", "{missing}"], "nie ma takiego pliku"),
        (["stats", "show", "--stats", "{foreign}"], "to nie jest plik statystyk"),
        (["stats", "show", "--stats", "{empty}"], "pusta baza danych"),
        (["stats", "show", "--config", "{off}"], "statystyki są wyłączone"),
        (["stats", "merge", "{store}", "--output", "{store}"], "już istnieje"),
    ],
)
def test_stats_errors_are_one_line_in_the_catalogue(tmp_path: Path, monkeypatch, capsys, args, control) -> None:
    store = kiosk_file(tmp_path / "k.sqlite3", "jastkow")
    foreign, empty, off = tmp_path / "obcy.sqlite3", tmp_path / "pusty.sqlite3", tmp_path / "off.toml"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE invoices (id INTEGER)")
    empty.write_bytes(b"")
    off.write_text("[stats]\nenabled = false\n", encoding="utf-8")
    places = {"store": store, "missing": tmp_path / "brak.sqlite3", "foreign": foreign, "empty": empty, "off": off}
    args = [a.format(**places) for a in args]
    if args[:2] == ["stats", "export"] and "--stats" not in args:
        args += ["--stats", str(store)]
    pseudo_polish(monkeypatch)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert control in err and err.count("\n") == 1, err
    assert outside_catalogue(err) == []


def test_what_export_and_merge_say_when_done_is_in_the_catalogue(tmp_path: Path, monkeypatch, capsys) -> None:
    store = kiosk_file(tmp_path / "k.sqlite3", "jastkow")
    pseudo_polish(monkeypatch)
    assert main(export("--stats", str(store), "--by", "month", "--output", str(tmp_path / "r.csv"))) == 0
    assert main(["stats", "merge", str(store), "--output", str(tmp_path / "m.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "zapisano" in out and "1 infomat," in out and "⟦miesięcznie⟧" in out and "scalono 1 plik w" in out
    assert outside_catalogue(out) == []


def test_kiosk_logs_speaks_the_technicians_language(tmp_path: Path, monkeypatch, capsys) -> None:
    import kiosk.paths
    import kiosk.system.log_bundle

    config = kiosk_config(tmp_path)
    logs = tmp_path / "log"
    logs.mkdir()
    monkeypatch.setattr(kiosk.paths, "log_dir", lambda: logs)
    monkeypatch.setattr(kiosk.system.log_bundle, "doctor_output", lambda config: "doctor: skipped\n")
    pseudo_polish(monkeypatch)
    assert main(["logs", "--since", "soon"]) == 2
    assert main(["logs", "--config", str(config), "--output", str(tmp_path / "brak" / "x.tar.gz")]) == 2
    err = capsys.readouterr().err
    assert "podaj liczbę i jednostkę" in err and "nie można zapisać" in err
    assert outside_catalogue(err) == []
    assert main(["logs", "--config", str(config), "--since", "1h", "--output", str(tmp_path / "b.tar.gz")]) == 0
    out = capsys.readouterr().out
    size = (tmp_path / "b.tar.gz").stat().st_size
    assert size > 0 and f"{size} {polish_bytes(size)}, wiersze dziennika z ostatnich 1h" in out
    assert outside_catalogue(out) == []


def polish_bytes(count: int) -> str:
    """Polish plural of "bajt": 1 bajt, 2-4 bajty (not 12-14), otherwise bajtów - the archive's size varies."""
    if count == 1:
        return "bajt"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return "bajty"
    return "bajtów"


def test_polish_bytes_follows_the_plural_rule() -> None:
    assert [polish_bytes(n) for n in (1, 3, 5, 12, 22, 524, 1000)] == [
        "bajt", "bajty", "bajtów", "bajtów", "bajty", "bajty", "bajtów"]  # fmt: skip


def test_kiosk_accessibility_statement_warns_in_the_technicians_language(tmp_path: Path, monkeypatch, capsys) -> None:
    config = kiosk_config(tmp_path)
    out = tmp_path / "deklaracja.html"
    pseudo_polish(monkeypatch)
    code = main(["accessibility-statement", "--config", str(config), "--output", str(out),
                 "--contact-email", "jan.jastkow.pl", "--contact-phone", "81 50"])  # fmt: skip
    assert code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    err = capsys.readouterr().err
    assert "⟦imię i nazwisko osoby do kontaktu" in err and "nie zawiera '@'" in err and "mniej niż 9 cyfr" in err
    assert outside_catalogue(err) == []
    assert main(["accessibility-statement", "--config", str(config), "--published", "1.01.2028"]) == 2
    assert main(["accessibility-statement", "--config", str(config), "--published", "2028-02-01",
                 "--updated", "2028-01-01"]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "to nie data" in err and "jest przed --published" in err and err.count("\n") == 2
    assert outside_catalogue(err) == []


def test_every_todo_of_the_statement_has_polish() -> None:
    """The todo lines live in statement_text (English); statement.py marks them for the catalogue."""
    from kiosk.commands.statement_text import StatementOptions, build_statement
    from kiosk.core.technician import tech

    statement = build_statement(_bare_config(), StatementOptions(prepared=DAY.date()))
    assert len(statement.todo) >= 5
    technician.set_language("pl")
    assert [line for line in statement.todo if tech(line) == line] == []


def _bare_config():
    from kiosk.config.loader import parse_config

    return parse_config("[kiosk]\n", "kiosk.toml")


def test_a_running_kiosk_keeps_its_name_and_service_titles_in_its_own_file(tmp_path: Path) -> None:
    """What kiosk.app opens: the county's merged report names this kiosk and its services
    without the kiosk's config."""
    from kiosk.app import open_stats
    from kiosk.config import parse_config

    config = parse_config(
        f'[kiosk]\nid = "jastkow-ug"\nname = "Urząd Gminy Jastków"\n[stats]\nfile = "{tmp_path / "s.sqlite"}"\n'
        '[[services]]\nid = "epuap"\ntitle = "ePUAP"\nurl = "https://epuap.gov.pl/"\nallow = ["epuap.gov.pl"]\n'
    )
    store = open_stats(config)
    store.record_service_open("epuap")
    store.close()
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        assert db.execute("SELECT * FROM kiosks").fetchall() == [("jastkow-ug", "Urząd Gminy Jastków")]
        assert db.execute("SELECT * FROM services").fetchall() == [("epuap", "ePUAP")]


def test_a_merge_that_fails_leaves_no_output_behind(tmp_path: Path, capsys) -> None:
    """A missing input used to leave an empty 36 KB report that the next try refused."""
    good = kiosk_file(tmp_path / "a.sqlite3", "jastkow-ug", "Urząd Gminy Jastków")
    output = tmp_path / "powiat.sqlite3"
    assert main(["stats", "merge", str(good), str(tmp_path / "missing.sqlite3"), "--output", str(output)]) != 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("powiat")] == []
    assert main(["stats", "merge", str(good), "--output", str(output)]) == 0  # the retry works
    assert output.exists()
