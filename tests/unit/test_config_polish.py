"""`kiosk check-config` and every config problem in the technician's language (issue 33):
each line keeps its ``PATH:LINE: key.path:`` and says the message, the hint and the
did-you-mean in Polish; LANG=C keeps the English the broken-config corpus expects."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.commands.entry import main
from kiosk.commands.loading import load_config_reporting, print_config_problems
from kiosk.config import ConfigError, load_config
from kiosk.config.wording import CORE_MESSAGES, TOML_MESSAGES, say_again
from kiosk.core import technician
from tests.support.technician_text import CLOSE, OPEN, outside_catalogue, pseudo_polish

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "tests" / "data" / "broken_configs").glob("*.toml"))
SERVICE = '[[services]]\nid = "a"\ntitle = "A"\nurl = "https://a.example/"\n'
# Problems the corpus does not show: core parsers' other messages, pydantic's other kinds,
# cross-checks and warnings, TOML syntax errors by tomllib's own words.
MORE = {
    "datetime": '[[alerts]]\nid = "a"\nseverity = "severe"\nheadline = "x"\nexpires = "2026-01-01"\n',
    "too-many-keys": '[fleet]\npublic_keys = ["a", "b", "c"]\n',
    "title-not-table": SERVICE.replace('"A"', "5"),
    "title-empty-polish": SERVICE.replace('"A"', '{pl = ""}'),
    "title-without-polish": SERVICE.replace('"A"', '{en = "x"}'),
    "services-not-list": "services = 5\n",
    "kiosk-not-table": "kiosk = 5\n",
    "name-a-number": '[kiosk]\nname = 5.5\ncounty = "' + "x" * 200 + '"\n',
    "name-a-table": "[kiosk]\nname = {a = 1}\nid = [1]\n",
    "closed-datetime": "[schedule]\nclosed = [2026-01-01T10:00:00]\n",
    "listen-form": '[metrics]\nlisten = "abc"\n',
    "listen-v6": '[metrics]\nlisten = "[zz]:80"\n',
    "listen-port": '[metrics]\nlisten = "1.2.3.4:99999"\n',
    "prom-file": '[metrics]\ntextfile = "a.txt"\n',
    "fleet-http": '[fleet]\nconfig_url = "http://x.example/a"\n',
    "fleet-unsigned": '[fleet]\nconfig_url = "https://x.example/a"\n',
    "public-keys": '[fleet]\npublic_keys = ["abc", "RWab"]\n',
    "public-key-lines": '[fleet]\npublic_keys = ["RWab\\nRWab"]\n',
    "night-form": '[schedule]\ndisplay_off = "22-6"\n',
    "night-empty": '[schedule]\ndisplay_off = "22:00-22:00"\n',
    "hours-order": '[[schedule.open]]\ndate = 2026-01-01\nhours = "8:00-9:00, 8:30-10:00"\n',
    "tls-alone": '[metrics]\ntls_cert = "a.pem"\n',
    "client-ca": '[metrics]\ntls_client_ca = "a.pem"\nlisten = "127.0.0.1:1"\n',
    "pin-base64": '[admin]\npin_hash = "pbkdf2_sha256$100000$!!!!$!!!!"\n',
    "pin-length": '[admin]\npin_hash = "pbkdf2_sha256$100000$YWJj$YWJj"\n',
    "command-action": '[[commands]]\nid = "x"\naction = "reboot"\n',
    "command-id": '[[commands]]\nid = "x y"\naction = "restart"\n',
    "kiosk-id-teryt": '[kiosk]\nid = "X"\nteryt = "12"\n',
    "rules": '[policy]\nallow = [1, "a b", ".*", "exa$mple.com", "https://", "https://a.b:0", "ftp://x"]\n',
    "unknown-key-no-match": "[session]\nzzzz = 1\n",
    "unknown-localized-no-match": SERVICE.replace('"A"', '{pl = "a", qqqqq = "b"}'),
    "toml-value": "a = ",
    "toml-array": "a = [1, 2",
    "toml-inline": "a = {b = 1",
    "toml-table": "[a",
    "toml-array-table": "[[a]",
    "toml-equals": "a b = 1",
    "toml-backslash": 'a = "C:\\q"',
    "toml-newline": "a = 1 b",
    "toml-statement": "= 1",
    "toml-string": 'a = """x',
    "toml-inline-key": "a = {b = 1, b = 2}",
    "toml-unicode": 'a = "\\uD800"',
    "toml-hex": 'a = "\\u12"',
    "toml-quote": "a = 'x",
    "toml-immutable": "a = [1]\n[[a]]",
    "toml-overwrite": "[a]\nb = 1\n[a.b]",
    "toml-at-the-end": "a = 1\na = 2",
}


def _unmarked(text: str) -> str:
    return text.replace(OPEN, "").replace(CLOSE, "")


def _english_issues(path: Path) -> list:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.errors


def _check_polish(path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """check-config in pseudo-Polish: every line from the catalogue, each with its place."""
    issues = _english_issues(path)
    pseudo_polish(monkeypatch)
    assert main(["check-config", str(path)]) == 2
    out = capsys.readouterr().out
    assert outside_catalogue(out) == []
    lines = out.splitlines()
    assert len(lines) == len(issues) and all(line.startswith(OPEN) for line in lines), out
    for line, issue in zip(lines, issues, strict=True):
        where = f"{issue.file}:{issue.line}" if issue.line else issue.file
        prefix = f"{where}: {issue.key}: " if issue.key else f"{where}: "
        assert _unmarked(line).startswith(prefix), (line, prefix)
        message = _unmarked(line).removeprefix(prefix)
        assert message and message != issue.message, f"not translated: {line}"  # a positive control
    return out


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_broken_sample_is_said_in_polish(path: Path, monkeypatch, capsys) -> None:
    _check_polish(path, monkeypatch, capsys)


@pytest.mark.parametrize("name", sorted(MORE))
def test_other_problems_are_said_in_polish(name: str, tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(MORE[name], encoding="utf-8")
    _check_polish(path, monkeypatch, capsys)


@pytest.mark.parametrize(
    ("sample", "polish"),
    [
        ("03-unknown-key-typo", "nieznany klucz 'langauge'; czy chodziło o 'language'?"),
        ("06-language-typo", "musi być jedną z wartości 'pl', 'en', 'uk', jest 'ua'; czy chodziło o 'uk'?"),
        ("08-idle-as-string", "musi być liczbą całkowitą, jest '120'"),
        ("18-service-bad-id", "ma nieprawidłową postać; oczekiwano: ⟦małe litery, cyfry i '-', np. 'epuap'⟧"),
        ("25-title-unknown-language", "(znane klucze w tym miejscu: pl, en, uk)"),
        ("35-syntax-unclosed-table", "błąd składni TOML w kolumnie 7: ⟦oczekiwano ']' na końcu nagłówka tabeli⟧"),
        ("41-unknown-icon", "czy chodziło o 'receipt'? (⟦ikony są pokazane w docs/icons.png⟧)"),
        ("12-wildcard-rule", "reguła '*.gov.pl': ⟦symbole wieloznaczne"),
        ("22-bad-hours", "nie jest poprawnym zakresem godzin (otwarcie musi być przed zamknięciem)"),
    ],
)
def test_the_message_the_hint_and_the_did_you_mean_are_polish(sample: str, polish: str, monkeypatch, capsys) -> None:
    out = _check_polish(CORPUS[[p.stem for p in CORPUS].index(sample)], monkeypatch, capsys)
    assert polish in out


def test_warnings_and_ok_are_polish(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[kiosk]\nscreen_bottom_mm = 2000\nscreen_height_mm = 100\n[metrics]\nlisten = "0.0.0.0:9464"\n'
        '[policy]\nallow = ["powiat.lublin.pl"]\nblock = ["bank.example"]\n'
        '[[services]]\nid = "p"\ntitle = "P"\nurl = "https://powiat.lublin.pl/"\nallow = ["bank.example"]\n',
        encoding="utf-8",
    )
    pseudo_polish(monkeypatch)
    assert main(["check-config", str(path)]) == 0
    out = capsys.readouterr().out
    assert outside_catalogue(out) == []
    lines = [_unmarked(line) for line in out.splitlines()]
    assert [line.split(": ", 3)[2] for line in lines[:-1]] == ["ostrzeżenie"] * 3, out
    assert lines[0].startswith(f"{path}:2: kiosk.screen_bottom_mm: ostrzeżenie: tylko 0% ekranu")
    assert out.endswith(f"{OPEN}OK{CLOSE}\n")


def test_a_kiosk_that_cannot_start_says_why_in_polish(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[session]\nidle_seconds = 1\n[kiosk]\nlanguage = "ua"\n', encoding="utf-8")
    pseudo_polish(monkeypatch)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    print_config_problems(info.value)
    assert load_config_reporting(path) is None
    err = capsys.readouterr().err
    assert outside_catalogue(err) == []
    assert "w konfiguracji są 2 błędy:" in err and "czy chodziło o 'uk'?" in err


def test_a_message_no_template_knows_is_shown_as_it_is(monkeypatch) -> None:
    pseudo_polish(monkeypatch)
    assert say_again("a new problem nobody translated") == "a new problem nobody translated"
    said = say_again("wildcards inside a host are not supported; write 'a.pl' (includes its subdomains) or '.b.pl' "
                     "(that host only)")  # fmt: skip
    assert not said.startswith(OPEN)  # a placeholder twice must have one value
    said = say_again("Expected ']' at the end of a table declaration", TOML_MESSAGES)
    assert said == f"{OPEN}oczekiwano ']' na końcu nagłówka tabeli{CLOSE}"  # not "Expected {expected}"


def test_every_template_is_in_the_polish_catalogue() -> None:
    texts = technician._catalog("pl")[0]
    placeholders = re.compile(r"\{\w+\}")
    for template in (*CORE_MESSAGES, *TOML_MESSAGES):
        assert texts.get(template), template
        assert sorted(placeholders.findall(texts[template])) == sorted(placeholders.findall(template)), template


def _kiosk(lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("kiosk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]
    env = {k: v for k, v in os.environ.items() if k not in {"LC_ALL", "LC_MESSAGES", "LANGUAGE"}}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


def test_the_installed_command_follows_lang() -> None:
    path = CORPUS[[p.stem for p in CORPUS].index("28-many-errors")]
    polish = _kiosk("pl_PL.UTF-8", "check-config", str(path))
    english = _kiosk("C", "check-config", str(path))
    assert (polish.returncode, english.returncode) == (2, 2), polish.stderr + english.stderr
    assert english.stdout == path.with_suffix(".expected").read_text(encoding="utf-8").replace("{path}", str(path))
    lines = polish.stdout.splitlines()
    assert [line.split(": ")[:2] for line in lines] == [line.split(": ")[:2] for line in english.stdout.splitlines()]
    assert lines[0] == f"{path}:3: kiosk.name: nie może być puste"
    assert "musi być z przedziału od 15 do 3600, jest 10" in polish.stdout
