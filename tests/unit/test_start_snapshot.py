"""The start-up snapshot: the last validated config as plain records (no pydantic before
the first paint), used only for the exact same file and verified right after."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kiosk.version
from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.config.snapshot import (
    ConfigRecord,
    Record,
    SnapshotStore,
    from_data,
    read_start_config,
    snapshot_key,
    to_data,
)
from kiosk.paths import app_root

ROOT = Path(__file__).resolve().parents[2]
DEMO = app_root() / "config" / "kiosk.toml"

EVERYTHING = """
[kiosk]
name = "Infomat"
county = "Powiat testowy"
language = "uk"
[theme]
primary = "#123456"
[policy]
allow = ["gov.pl", "powiat.example"]
block = ["gov.pl/blocked"]
[[services]]
id = "epuap"
title = { pl = "ePUAP", en = "ePUAP (EN)", uk = "ePUAP (UK)" }
description = "Pisma"
url = "https://epuap.gov.pl/"
allow = ["login.gov.pl"]
icon = "inbox"
[[services]]
id = "starostwo"
title = "Starostwo"
url = "https://powiat.example/"
[content.news]
file = "news.xml"
max_items = 4
[content.calendar]
days_ahead = 30
[[content.calendar.events]]
date = 2026-12-04
time = "10:00"
title = { pl = "Dyżur", en = "Duty hours" }
place = "Starostwo"
[[content.offices]]
name = "Urząd Gminy Jastków"
address = "Panieńszczyzna"
hours = { mon = "7:30-15:30", fri = "7:30-14:00" }
example = true
[admin]
allow_exit = true
[supervisor]
nightly_restart = "03:30"
"""


def same_as(record: Any, model: Any, where: str = "config") -> None:
    """Every field of the validated model has the same value in the record."""
    fields = getattr(type(model), "model_fields", None)
    if fields is None:
        if isinstance(model, list):
            assert isinstance(record, list) and len(record) == len(model), where
            for index, (r, m) in enumerate(zip(record, model, strict=True)):
                same_as(r, m, f"{where}[{index}]")
        else:
            assert record == model and type(record) is type(model), where
        return
    assert isinstance(record, Record), where
    for name in fields:
        same_as(getattr(record, name), getattr(model, name), f"{where}.{name}")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "news.xml").write_text("<rss/>", encoding="utf-8")  # the file EVERYTHING names must exist
    return path


@pytest.mark.parametrize("text", [None, EVERYTHING], ids=["demo", "every-kind-of-value"])
def test_records_hold_every_field_of_the_validated_config(tmp_path: Path, text: str | None) -> None:
    path = DEMO if text is None else write(tmp_path, text)
    config = load_config(path)
    data = json.loads(json.dumps(to_data(config)))  # what the file holds
    record = from_data(data, config.source)
    same_as(record, config)


def test_records_answer_like_the_schema(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, EVERYTHING))
    record = from_data(to_data(config), config.source)
    assert isinstance(record, ConfigRecord)
    for language in ("pl", "en", "uk"):
        assert record.services[0].title.get(language) == config.services[0].title.get(language)
    assert record.content.calendar.events[0].title.get("uk") == "Dyżur"  # falls back to Polish
    assert record.resolve("news.xml") == config.resolve("news.xml") == tmp_path.resolve() / "news.xml"
    assert record.source == config.source
    assert record.service("starostwo").url == "https://powiat.example/"
    assert record.service("nope") is None
    for url in ("https://epuap.gov.pl/x", "https://login.gov.pl/", "https://gov.pl/blocked", "https://evil.example/"):
        assert record.global_policy().allows(url) == config.global_policy().allows(url), url
        epuap = (record.services[0], config.services[0])
        assert record.service_policy(epuap[0]).allows(url) == config.service_policy(epuap[1]).allows(url), url


def test_records_are_read_only(tmp_path: Path) -> None:
    record = from_data(to_data(load_config(DEMO)), DEMO)
    with pytest.raises(AttributeError):
        record.kiosk.name = "Hacked"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        record.policy = None  # type: ignore[misc]


def test_first_start_validates_then_the_same_file_starts_from_the_snapshot(tmp_path: Path) -> None:
    path = write(tmp_path, EVERYTHING)
    store = SnapshotStore(tmp_path / "start")
    first = read_start_config(path, store)
    assert isinstance(first.config, KioskConfig) and first.verified and first.snapshot is None
    assert first.verify(store) is False  # nothing to rebuild; the snapshot is saved
    second = read_start_config(path, store)
    assert isinstance(second.config, ConfigRecord) and not second.verified
    same_as(second.config, first.config)
    assert second.verify(store) is False  # the file says what the snapshot says
    assert isinstance(second.config, KioskConfig) and second.verified


def test_a_changed_file_is_validated_not_taken_from_the_snapshot(tmp_path: Path) -> None:
    path = write(tmp_path, EVERYTHING)
    store = SnapshotStore(tmp_path / "start")
    read_start_config(path, store).verify(store)
    write(tmp_path, EVERYTHING.replace("Powiat testowy", "Powiat zmieniony"))
    start = read_start_config(path, store)
    assert isinstance(start.config, KioskConfig) and start.config.kiosk.county == "Powiat zmieniony"


def test_a_changed_file_that_is_invalid_is_refused_even_with_an_old_snapshot(tmp_path: Path) -> None:
    path = write(tmp_path, EVERYTHING)
    store = SnapshotStore(tmp_path / "start")
    read_start_config(path, store).verify(store)
    write(tmp_path, EVERYTHING.replace('language = "uk"', 'language = "ua"'))
    with pytest.raises(ConfigError) as caught:
        read_start_config(path, store)
    assert "did you mean 'uk'" in str(caught.value)


def test_another_infomat_version_does_not_use_the_snapshot(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, EVERYTHING)
    store = SnapshotStore(tmp_path / "start")
    read_start_config(path, store).verify(store)
    monkeypatch.setattr(kiosk.version, "__version__", "99.0.0")
    assert isinstance(read_start_config(path, store).config, KioskConfig)


@pytest.mark.parametrize(
    "content",
    ["not json at all {", "[]", '{"key": "x"}', None],
    ids=["garbage", "wrong-shape", "no-config", "damaged-records"],
)
def test_a_damaged_snapshot_means_a_normal_start(tmp_path: Path, content: str | None) -> None:
    path = write(tmp_path, EVERYTHING)
    store = SnapshotStore(tmp_path / "start")
    start = read_start_config(path, store)
    start.verify(store)
    (snapshot,) = (tmp_path / "start").glob("*.json")
    if content is None:  # right key, records that cannot be built
        content = json.dumps({"key": start.key, "config": {"content": {"calendar": {"events": [{"$date": "x"}]}}}})
    snapshot.write_text(content, encoding="utf-8")
    assert isinstance(read_start_config(path, store).config, KioskConfig)


def test_a_tampered_snapshot_is_caught_by_the_check_after_the_first_paint(tmp_path: Path) -> None:
    path = write(tmp_path, EVERYTHING)
    store = SnapshotStore(tmp_path / "start")
    read_start_config(path, store).verify(store)
    (snapshot,) = (tmp_path / "start").glob("*.json")
    stored = json.loads(snapshot.read_text(encoding="utf-8"))
    stored["config"]["policy"]["allow"] = ["*"]  # someone with write access to the cache
    snapshot.write_text(json.dumps(stored), encoding="utf-8")
    start = read_start_config(path, store)
    assert start.config.global_policy().allows("https://evil.example/")  # what the window was built with
    assert start.verify(store) is True  # → the runtime rebuilds the window from the file
    assert not start.config.global_policy().allows("https://evil.example/")
    assert isinstance(read_start_config(path, store).config, ConfigRecord)  # snapshot repaired
    assert not read_start_config(path, store).config.global_policy().allows("https://evil.example/")


def test_the_key_covers_the_text_the_path_and_the_version(tmp_path: Path) -> None:
    key = snapshot_key("a = 1", tmp_path / "kiosk.toml")
    assert key != snapshot_key("a = 2", tmp_path / "kiosk.toml")
    assert key != snapshot_key("a = 1", tmp_path / "other.toml")
    assert key == snapshot_key("a = 1", tmp_path / "kiosk.toml")


def test_an_unwritable_cache_only_costs_the_fast_start(tmp_path: Path, caplog) -> None:
    blocker = tmp_path / "start"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    store = SnapshotStore(blocker)
    start = read_start_config(DEMO, store)
    assert start.verify(store) is False
    assert any("cannot save the start-up snapshot" in r.getMessage() for r in caplog.records)
    assert isinstance(read_start_config(DEMO, store).config, KioskConfig)


def test_the_start_up_path_does_not_import_pydantic(tmp_path: Path) -> None:
    """The point of the snapshot: everything imported before the first paint stays
    pydantic-free (a new top-level import of the schema would silently cost ~200 ms)."""
    store = tmp_path / "start"
    read_start_config(DEMO, SnapshotStore(store)).verify(SnapshotStore(store))
    probe = f"""
import sys
from pathlib import Path
from kiosk.config.snapshot import SnapshotStore, read_start_config
import kiosk.commands.entry, kiosk.app, kiosk.ui.window.window, kiosk.config.watch, kiosk.system.connectivity
start = read_start_config(Path({str(DEMO)!r}), SnapshotStore(Path({str(store)!r})))
assert type(start.config).__name__ == "ConfigRecord", type(start.config)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core"))
print(loaded)
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_start_up_path_does_not_load_the_web_engine() -> None:
    """QtWebEngine (a 195 MB library: ~50 ms to load) comes after the first paint; a module
    of the home screen's path that imports it at the top brought it before (the renderer
    recovery's enum map did)."""
    probe = """
import sys
import kiosk.commands.entry, kiosk.app, kiosk.ui.window.window, kiosk.ui.window.recovery
print(sorted(m for m in sys.modules if "WebEngine" in m))
import kiosk.web.qt_enums
print(sorted(m for m in sys.modules if "WebEngine" in m))
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.splitlines()
    assert before == "[]"
    assert "PySide6.QtWebEngineCore" in after  # control: the probe sees an import of it
