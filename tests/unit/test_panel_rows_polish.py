"""Issue 33: the admin panel's rows that come from other modules — the machine's health, the
hours and the screen, the display's power, the reload message, the system key lock, the
network — and `kiosk doctor`'s county line speak the technician's language, as the
panel's own labels do: under ``LANG=C`` no Polish is left, under Polish no English.

Under ``pseudo_polish`` every translation is wrapped in ⟦…⟧: a letter outside the marks was
never translated. Values that are data, not text (a host name, a backend's name, an
address, an exception's type), are taken out first by :func:`text_of`."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.core import technician
from tests.support.technician_text import outside_catalogue, pseudo_polish

#: Letters and words of the Polish the rows used to say whatever the technician's language.
POLISH = re.compile(
    r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]|\b(Komputer|Procesor|Pamięć|zajęte|Wolne|Czas pracy|Interfejsy|żaden|okno|działa|błąd|"
    r"zamknięty|otwarty|ekran|zasilanie|Wczytano|Konfiguracja|odrzucona|Plik|obowiązuje|Ta konfiguracja|"
    r"włączon\w*|wyłączon\w*|brak|nie można)\b"
)


def text_of(lines: list[str], *data: str) -> str:
    """The lines as one text, the data values in them taken out."""
    joined = "\n".join(lines)
    for value in data:
        joined = joined.replace(value, "")
    return joined


def health_rows() -> list[str]:
    from kiosk.system.health import Diagnostics

    busy = Diagnostics("kiosk-7", 12.4, 63.2, 412.6, 18.25, 3 * 86400 + 4 * 3600 + 300, 3700, ["eth0", "wlan0"])
    idle = Diagnostics("kiosk-7", 1.0, 20.0, 300.0, 0.5, 59, 0, [])
    return [f"{name}: {value}" for d in (busy, idle) for name, value in d.rows()]


def reload_messages() -> list[str]:
    from kiosk.config.watch import ReloadOutcome

    outcomes = [ReloadOutcome("no_file"), ReloadOutcome("accepted"), ReloadOutcome("unchanged")]
    outcomes += [ReloadOutcome(kind, ("e",) * n) for kind in ("refused", "unchanged") for n in (1, 2, 5)]
    return [outcome.text() for outcome in outcomes]


def display_lines() -> list[str]:
    from kiosk.system.display import DisplayPower

    return [
        DisplayPower("none").describe(),
        DisplayPower("x11").describe(),
        DisplayPower("wayland", last_error="wlr-randr exited 1: no such output").describe(),
    ]


def schedule_lines() -> list[str]:
    from kiosk.system.display import DisplayPower
    from kiosk.ui.screens.schedule_part import SchedulePart

    lines = [SchedulePart.status(SimpleNamespace(plan=None, display=DisplayPower("none")))]
    for closed in (True, False):
        for on in (True, False):
            part = SimpleNamespace(plan=SimpleNamespace(closed=closed, display_on=on), display=DisplayPower("none"))
            lines.append(SchedulePart.status(part))
    return lines


def key_lock_lines() -> list[str]:
    from kiosk.lockdown.os_keys import OsKeyLock

    class Refusing:
        def block(self, combination: str) -> None:
            raise OSError("hook refused")

        def release_all(self) -> None:
            pass

    locks = [OsKeyLock("linux", {"DISPLAY": ":0"}), OsKeyLock("linux", {"WAYLAND_DISPLAY": "wayland-0"})]
    locks += [OsKeyLock("darwin", {}), OsKeyLock("sunos5", {})]
    lines = [OsKeyLock().state.describe()]  # before engage: the lockdown is off
    lines += [lock.engage().describe() for lock in locks]
    failing = OsKeyLock("win32", {})
    lines.append(failing.engage(Refusing).describe())
    failing.release()
    lines.append(failing.state.describe())
    return lines


def network_lines() -> list[str]:
    from kiosk.system.connectivity import Connectivity, probe

    def refused(url: str, timeout: float) -> int:
        raise ConnectionError(url)

    return [
        Connectivity(None).detail,  # not probed yet: nothing to add to "not checked"
        probe([], 1).detail,
        probe(["https://gov.pl/"], 1, head=lambda url, timeout: 204).detail,
        probe(["https://gov.pl/"], 1, head=refused).detail,
    ]


DATA = ("kiosk-7", "eth0", "wlan0", "x11", "wayland", "wlr-randr exited 1: no such output", "sunos5")
DATA += ("OSError: hook refused", "https://gov.pl/", "ConnectionError", "network.check_urls", "keyboard", "/dev/input")
DATA += ("VT", "X", "deploy/linux/README.md", "macOS", "Wayland", "Linux")


@pytest.mark.parametrize(
    "lines", [health_rows, reload_messages, display_lines, schedule_lines, key_lock_lines, network_lines]
)
def test_the_rows_lie_in_the_catalogue(monkeypatch, lines) -> None:
    pseudo_polish(monkeypatch)
    said = lines()
    text = text_of(said, *DATA)
    assert "⟦" in text and POLISH.search(text)  # positive control: Polish, said from the catalogue
    assert outside_catalogue(text) == [], said


def test_a_text_outside_the_catalogue_is_found(monkeypatch) -> None:
    """The check above can fail: an English text that skipped tech() is caught."""
    pseudo_polish(monkeypatch)
    assert outside_catalogue(text_of([*health_rows(), "Sessions since start: 3"], *DATA)) == ["Sessions since start: 3"]


@pytest.mark.parametrize(
    "lines", [health_rows, reload_messages, display_lines, schedule_lines, key_lock_lines, network_lines]
)
def test_the_rows_under_lang_c_are_english(lines) -> None:
    technician.set_language(technician.language_from_environment({"LANG": "C"}))
    said = lines()
    assert [line for line in said if POLISH.search(line)] == []
    assert all(line.isascii() or "—" in line for line in said), said


def test_the_rows_in_polish_say_what_the_panel_said_before() -> None:
    """The Polish the panel showed (and tests/qt look for) is what the catalogue says now."""
    technician.set_language("pl")
    rows = dict(line.split(": ", 1) for line in health_rows()[:8])
    assert rows["Pamięć systemu"] == "63 % zajęte" and rows["Pamięć kiosku (PSS)"] == "413 MB"
    assert rows["Czas pracy systemu"] == "3 d 4 h 5 min" and rows["Czas pracy kiosku"] == "1 h 1 min"
    assert health_rows()[-1] == "Interfejsy sieciowe: żaden nie działa"
    assert reload_messages()[:3] == [
        "Ta konfiguracja nie pochodzi z pliku: nie ma czego wczytać.",
        "Wczytano nową konfigurację. Obowiązuje od zamknięcia panelu.",
        "Plik konfiguracji bez zmian.",
    ]
    assert "Konfiguracja odrzucona (liczba błędów: 2)" in reload_messages()[4]
    assert schedule_lines()[1] == "zamknięty; ekran włączony; zasilanie ekranu: none (okno wygaszane na czarno)"
    assert display_lines()[1:] == ["x11 (działa)", "wayland (błąd: wlr-randr exited 1: no such output)"]
    assert key_lock_lines()[0] == "nie działa: nie włączono (kiosk bez blokad)"


def test_the_key_locks_log_stays_english(caplog) -> None:
    from kiosk.lockdown.os_keys import OsKeyLock

    technician.set_language("pl")
    state = OsKeyLock("sunos5", {}).engage()
    assert state.describe() == "nie działa: brak przechwytywania klawiszy systemu na sunos5"
    assert state.reason == "no OS key hooks on sunos5"
    assert [r.getMessage() for r in caplog.records] == ["OS key hooks not active: no OS key hooks on sunos5"]


def test_the_network_log_stays_english(caplog) -> None:
    from kiosk.system.connectivity import probe

    technician.set_language("pl")
    state = probe(["https://gov.pl/"], 1, head=lambda url, timeout: 204)
    assert state.detail == "https://gov.pl/ odpowiedział kodem 204" and state.note == "https://gov.pl/ answered 204"


def test_doctors_county_line_says_the_refusal_in_the_catalogue(tmp_path: Path, monkeypatch) -> None:
    """`kiosk doctor` on a kiosk whose county server does not answer: the reason, not only
    its frame, in the technician's language (it printed ``refusal.message``, English)."""
    from kiosk.config import load_config
    from kiosk.core.minisign import generate
    from kiosk.system.doctor_fleet_clock import check_county

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = "https://127.0.0.1:9/county.toml"  # the discard port: nothing listens
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[kiosk]\nname = "Lokalny"\n[fleet]\nconfig_url = "{url}"\n'
        f'public_keys = ["{generate().public.line()}"]\ntimeout_seconds = 3\n',
        encoding="utf-8",
    )
    local = load_config(path)
    english = check_county(local)[-1]
    shown = "https://127.0.0.1/county.toml"  # as the fleet writes an address in a message
    assert english.status == "FAIL" and english.detail == f"{url}: cannot fetch {shown}: ConnectionError"
    pseudo_polish(monkeypatch)
    polish = check_county(local)[-1]
    assert "⟦nie można pobrać" in polish.detail
    assert outside_catalogue(text_of([polish.name, polish.detail], url, shown, "ConnectionError")) == []


@pytest.mark.parametrize(
    ("hours", "polish"),
    [("7-8", "wpisz godziny otwarcia jako"), ("9:00-8:00", "otwarcie musi być przed zamknięciem"),
     ("8:00-9:00, 7:00-10:00", "wpisz zakresy po kolei")],
)  # fmt: skip
def test_the_hours_parsers_messages_are_said_again_by_the_config(monkeypatch, hours: str, polish: str) -> None:
    """kiosk/core/hours.py says what is wrong in English for every caller; the config says
    it again from the catalogue (kiosk/config/wording.py), so check-config is all Polish."""
    from kiosk.config.wording import say_again
    from kiosk.core.hours import parse_night_range, parse_ranges

    pseudo_polish(monkeypatch)
    said = []
    for parse, text in ((parse_ranges, hours), (parse_night_range, hours.split(",")[0].replace("8:00", "9:00"))):
        with pytest.raises(ValueError) as raised:
            parse(text)
        said.append(say_again(str(raised.value)))
    assert polish in said[0]
    assert outside_catalogue("\n".join(said)) == [], said
