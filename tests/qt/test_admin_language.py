"""Issue 33: the whole admin panel in one language, the technician's — its own labels and
the rows it borrows (machine health, hours and screen, display power, county file, system
key lock, network, the reload message). Under ``LANG=C`` it mixed in Polish ("Komputer",
"Plik konfiguracji bez zmian."), under Polish some lines stayed English ("not active: …").

The panel is built as the kiosk builds it, its sources from the real modules. Under
``pseudo_polish`` every translation is wrapped in ⟦…⟧: a letter outside the marks in any
label or button was never translated. Data (host and interface names, the version, the
services' titles, the display backend) is taken out first."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.core import technician
from kiosk.core.minisign import generate
from kiosk.version import __version__
from tests.support.technician_text import outside_catalogue, pseudo_polish

pytestmark = pytest.mark.web

SHOTS = Path("/tmp/admin-language")  # one screenshot per language, to look at by eye
DATA = ("kiosk-7", "eth0", "wlan0", __version__, "ePUAP", "Starostwo", "Secure context")
#: Polish the panel's rows said whatever the language (and words the panel's own labels had).
POLISH = re.compile(
    r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]|\b(Wczytaj|Sesje|Komputer|Procesor|Pamięć|zajęte|Wolne|Interfejsy|żaden|okno|"
    r"działa|zamknięty|otwarty|ekran|zasilanie|Wczytano|Konfiguracja|odrzucona|Plik|obowiązuje|Panel|Zamknij)\b"
)


@pytest.fixture
def panel_of(make_window, tmp_path: Path, monkeypatch):
    """A kiosk window whose panel is open, its sources the modules the runtime wires in
    (kiosk/app.py), the last reload refused."""
    from kiosk.config import load_config
    from kiosk.config.watch import ReloadOutcome
    from kiosk.fleet.feed import CountyFeed
    from kiosk.fleet.store import ReleaseStore
    from kiosk.lockdown.os_keys import OsKeyLock
    from kiosk.support.logs import RECENT_PROBLEMS
    from kiosk.system import health
    from kiosk.system.connectivity import probe
    from kiosk.system.display import DisplayPower
    from kiosk.ui.admin.part import AdminSources
    from kiosk.ui.screens.schedule_part import SchedulePart

    real_collect = health.collect
    monkeypatch.setattr(
        health,
        "collect",
        lambda path: dataclasses.replace(real_collect(path), host="kiosk-7", network_up=["eth0", "wlan0"]),
    )
    monkeypatch.setattr(RECENT_PROBLEMS, "lines", [])  # log lines are English by design
    local = tmp_path / "kiosk.toml"
    local.write_text(
        '[kiosk]\nname = "Lokalny"\n[fleet]\nconfig_url = "https://powiat.example/county.toml"\n'
        f'public_keys = ["{generate().public.line()}"]\n',
        encoding="utf-8",
    )
    feed = CountyFeed(load_config(local), ReleaseStore(tmp_path / "store"))
    keys = OsKeyLock("linux", {"DISPLAY": ":0"})
    keys.engage()

    def refused(url: str, timeout: float) -> int:
        raise ConnectionError(url)

    network = probe(["https://gov.pl/"], 1, head=refused)
    parts: list[SchedulePart] = []
    sources = AdminSources(
        hook_state=keys.state.describe,
        connectivity=lambda: network,
        reload=lambda: ReloadOutcome("refused", ("e",)),
        fleet_status=feed.status,
        schedule_status=lambda: parts[0].status(),
    )

    def open_panel(language: str):
        if language == "pseudo":
            pseudo_polish(monkeypatch)
        else:
            technician.set_language(language)
        window = make_window("[admin]\nallow_exit = true\n", sources=sources)
        parts.append(SchedulePart(window, display=DisplayPower("none")))
        parts[-1].apply()
        window.admin_part.open_panel()
        panel = window.admin_part.panel
        panel.reload_button.click()  # its message is shown over the rows
        return panel

    yield open_panel
    feed.deleteLater()


def texts(panel) -> list[str]:
    """Every label and button of the panel, data taken out."""
    found = []
    for widget in [*panel.findChildren(QLabel), *panel.findChildren(QPushButton)]:
        text = widget.text()
        for value in DATA:
            text = text.replace(value, "")
        found.append(text)
    return found


def rows(panel) -> dict[str, str]:
    grid = panel.grid
    return {
        grid.itemAtPosition(row, 0).widget().text(): grid.itemAtPosition(row, 1).widget().text()
        for row in range(grid.rowCount())
        if grid.itemAtPosition(row, 0) is not None
    }


def shoot(qtbot, panel, name: str) -> None:
    qtbot.wait(50)
    SHOTS.mkdir(exist_ok=True)
    assert panel.grab().save(str(SHOTS / f"{name}.png"))
    assert panel.grid_host.grab().save(str(SHOTS / f"{name}-rows.png"))  # the rows below the fold too


def test_the_whole_panel_lies_in_the_catalogue(qtbot, panel_of) -> None:
    panel = panel_of("pseudo")
    shown = rows(panel)
    said = texts(panel)
    # positive controls: the borrowed rows are there, said from the catalogue
    assert shown["⟦Blokada klawiszy systemu⟧"].startswith("⟦nie działa: ⟦pakiet keyboard")
    assert (
        shown["⟦Godziny i ekran⟧"] == "⟦otwarty; ekran włączony; zasilanie ekranu: ⟦none (okno wygaszane na czarno)⟧⟧"
    )
    assert shown["⟦Interfejsy sieciowe⟧"] == "eth0, wlan0" and "⟦Komputer⟧" in shown
    assert "⟦Konfiguracja odrzucona (liczba błędów: 1)" in panel.message.text()
    assert len(shown) >= 16 and len(said) > 2 * len(shown)
    assert outside_catalogue("\n".join(said)) == [], said
    shoot(qtbot, panel, "pseudo")


def test_a_row_outside_the_catalogue_is_found(qtbot, panel_of) -> None:
    """The check above can fail: a row that skipped tech() is caught."""
    panel = panel_of("pseudo")
    info = panel.window().admin_part.info()
    panel.fill(dataclasses.replace(info, rows=[*info.rows, ("Leaked", "7 %")]))
    assert outside_catalogue("\n".join(texts(panel))) == ["Leaked"]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_panel_speaks_one_language(qtbot, panel_of, language: str) -> None:
    panel = panel_of(language)
    shown = rows(panel)
    said = "\n".join(texts(panel))
    shoot(qtbot, panel, language)
    if language == "en":
        assert shown["System key lock"].startswith("not active: the keyboard package cannot suppress keys")
        assert shown["Hours and screen"] == "open; screen on; display power: none (the window blanks itself black)"
        assert panel.message.text() == "Configuration refused (1 error) — the previous one stays in force."
        assert [line for line in said.splitlines() if POLISH.search(line)] == []
    else:
        assert shown["Blokada klawiszy systemu"].startswith("nie działa: pakiet keyboard nie potrafi")
        assert shown["Sieć (sprawdzenie)"] == "BRAK POŁĄCZENIA (https://gov.pl/: ConnectionError)"
        assert re.fullmatch(r"\d+ MB", shown["Pamięć kiosku (PSS)"]) and "Wolne miejsce na dysku" in shown
        assert not re.search(r"\b(not active|open|screen|used|Computer|refused)\b", said)
