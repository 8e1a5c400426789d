"""Config schema, loader messages, the broken-config corpus, and the generated reference."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import ConfigError, load_config
from kiosk.commands.entry import main
from kiosk.config import KioskConfig, parse_config
from kiosk.config.docs import render_reference

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "tests" / "data" / "broken_configs").glob("*.toml"))
SHIPPED = [ROOT / "config" / "kiosk.toml", ROOT / "config" / "examples" / "leczna.toml"]


def test_every_default_validates() -> None:
    config = KioskConfig()
    assert KioskConfig.model_validate(config.model_dump()) == config
    assert parse_config("") == config


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 25


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_broken_config_gives_exact_message(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    expected = expected.replace("{path}", str(path)).replace("{dir}", str(path.parent))
    assert main(["check-config", str(path)]) == 2
    assert capsys.readouterr().out == expected
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert [str(e) for e in info.value.errors] == expected.splitlines()


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_configs_pass(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(path)]) == 0
    assert capsys.readouterr().out == "OK\n"


def test_all_errors_reported_at_once() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config('[session]\nidle_seconds = 1\n[kiosk]\nlanguage = "xx"\nfoo = 1\n', "k.toml")
    assert len(info.value.errors) == 3
    assert [e.line for e in info.value.errors] == [2, 4, 5]


def test_cross_checks_still_run_when_other_keys_are_wrong() -> None:
    text = '[session]\nidle_seconds = 1\n[[services]]\nid = "x"\ntitle = "X"\nurl = "https://x.example/"\n'
    with pytest.raises(ConfigError) as info:
        parse_config(text, "k.toml")
    keys = [e.key for e in info.value.errors]
    assert keys == ["session.idle_seconds", "services[0].url"]


def test_programmatic_config_is_cross_checked_too() -> None:
    with pytest.raises(ValueError, match="would be blocked"):
        KioskConfig.model_validate({"services": [{"id": "a", "title": "A", "url": "https://a.example/"}]})


def test_localized_text() -> None:
    config = parse_config(
        '[policy]\nallow=["a.example"]\n[[services]]\nid="a"\ntitle={pl="Urząd", uk="Установа"}\nurl="https://a.example/"\n'
    )
    title = config.services[0].title
    assert (title.get("pl"), title.get("uk"), title.get("en")) == ("Urząd", "Установа", "Urząd")


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "file not found"),
        ("directory", "is a directory"),
        ("huge", "file is too large"),
        ("unreadable", "permission denied"),
    ],
)
def test_unreadable_inputs(tmp_path: Path, setup: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kiosk.toml"
    if setup == "directory":
        path.mkdir()
    elif setup == "huge":
        path.write_text("# " + "x" * (2 * 1024 * 1024))
    elif setup == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads every file")
        path.write_text("")
        path.chmod(0)
    assert main(["check-config", str(path)]) == 2
    out = capsys.readouterr().out
    assert expected in out and out.startswith(str(path))


def test_check_config_never_prints_a_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.toml"
    junk.write_bytes(os.urandom(4096).replace(b"\x00", b"\x01"))
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "check-config", str(junk)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(str(junk))


def test_reference_docs_are_up_to_date() -> None:
    current = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert current == render_reference(), "run `make docs` to regenerate docs/configuration.md"


def test_reference_documents_every_key() -> None:
    text = render_reference()
    for section in ("kiosk", "session", "policy", "services", "content.offices", "supervisor"):
        assert section in text
    assert "`idle_seconds` | integer (15–3600) | `120`" in text


def test_hours_written_with_a_polish_en_dash_are_accepted() -> None:
    # Polish websites write "7:30–15:30"; a technician copies that.
    config = parse_config('[[content.offices]]\nname = "UG"\nhours = { mon = "7:30–15:30", tue = "8:00 — 16:00" }\n')
    hours = config.content.offices[0].hours
    assert (hours.mon, hours.tue) == ("7:30-15:30", "8:00-16:00")


def test_a_service_allow_rule_that_lifts_a_global_block_is_a_warning_not_an_error(tmp_path, capsys) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[policy]\nallow = ["powiat.lublin.pl"]\nblock = ["bank.example"]\n\n'
        '[[services]]\nid = "platnosci"\ntitle = "Płatności"\nurl = "https://powiat.lublin.pl/oplaty"\n'
        'allow = ["bank.example"]\n',
        encoding="utf-8",
    )
    assert main(["check-config", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{path}:9: services[0].allow[0]: warning: 'bank.example' lifts the global block rule 'bank.example' while "
        "this service is open (e.g. https://bank.example/ is then allowed); if that is meant, ignore this warning",
        "OK",
    ]
    assert [str(w) for w in load_config(path).warnings] == out[:1]


def test_every_tile_icon_the_config_accepts_is_drawn() -> None:
    import typing

    from kiosk.config.schema import TileIcon
    from kiosk.ui.widgets.icons import ICONS, _font_dir

    charmap = json.loads(sorted(_font_dir().glob("fontawesome6-solid-webfont-charmap-*.json"))[-1].read_text())
    names = typing.get_args(TileIcon)
    assert [n for n in names if n not in ICONS or ICONS[n] not in charmap] == []
