"""Issue 33, the kiosk commands in the technician's language: every line of `kiosk doctor`,
`hash-pin`, `self-test`, `run`'s refusals and the help texts comes from the catalogue
(pseudo-Polish: text outside ⟦…⟧ bypassed it), and the locale picks Polish or English."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest

from kiosk.commands.entry import main
from kiosk.core import technician
from kiosk.paths import default_config_path
from tests.support.technician_text import outside_catalogue, pseudo_polish

#: An argparse line's syntax column: options, metavars, command names (indented 2 to 6).


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No network and no speech engine child process: the doctor's texts, not the machine's."""

    def head(url: str, timeout: float) -> int:
        if "gov.pl" in url:
            raise ConnectionError(url)
        return 200

    monkeypatch.setattr("kiosk.system.connectivity._http_head", head)
    monkeypatch.setattr("kiosk.system.speech_voices.query_locale_names", lambda: (["pl_PL", "en_GB"], ""))


def test_every_doctor_line_name_and_detail_comes_from_the_catalogue(monkeypatch, offline) -> None:
    from kiosk.system.doctor import run_doctor

    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)  # the "no display found" advice too
    pseudo_polish(monkeypatch)
    checks = run_doctor(default_config_path(), web_engine=False)
    from kiosk.system.doctor_fleet_clock import check_clock
    from kiosk.system.speech_voices import voices_check

    checks += check_clock("Etc/UTC", False) + check_clock("Europe/Warsaw", True) + check_clock(None, None)
    checks += [voices_check([], "speechd"), voices_check(["en_US"], ""), voices_check(["pl", "en", "uk"], "")]
    names = {check.name for check in checks}
    assert "⟦konfiguracja⟧" in names and "⟦ekran⟧" in names, names  # the positive control
    assert any("nie znaleziono ekranu" in check.detail for check in checks)
    for check in checks:  # each part alone: the line's layout must not hide an English detail
        assert outside_catalogue(check.name) == [], check
        assert outside_catalogue(check.detail) == [], check
        assert outside_catalogue(check.line()) == [], check


def test_kiosk_doctor_prints_only_catalogue_text(monkeypatch, offline, capsys) -> None:
    pseudo_polish(monkeypatch)
    assert main(["doctor", "--skip-web-engine", "--config", str(default_config_path())]) in (0, 1)
    captured = capsys.readouterr()
    assert "sprawdzeń" in captured.out and "⟦usługa epuap osiągalna⟧" in captured.out, captured.out
    assert outside_catalogue(captured.out + captured.err) == []


def test_top_level_help_describes_the_system_commands_in_polish(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    with pytest.raises(SystemExit):
        main(["--lang", "pl", "--help"])
    out = capsys.readouterr().out
    assert "Klient kiosku Infomat" in out and "sprawdź ten komputer przed wdrożeniem" in out, out


@pytest.mark.parametrize("pin", ["abc", "12", "1234567890123"])
def test_hash_pin_refuses_a_bad_pin_in_polish(pin: str, monkeypatch, capsys) -> None:
    pseudo_polish(monkeypatch)
    monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
    assert main(["hash-pin", "--stdin"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "od 4 do 12 cyfr" in captured.err, captured.err
    assert outside_catalogue(captured.err) == []


def test_hash_pin_prompts_and_advice_in_polish(monkeypatch, capsys) -> None:
    pseudo_polish(monkeypatch)
    prompts: list[str] = []
    answers = iter(["4711", "4712"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or next(answers))
    assert main(["hash-pin"]) == 2
    err = capsys.readouterr().err
    assert prompts == ["⟦PIN administratora (4–12 cyfr): ⟧", "⟦Powtórz PIN: ⟧"] and "różnią" in err
    assert outside_catalogue("\n".join(prompts) + err) == []
    monkeypatch.setattr("sys.stdin", io.StringIO("4711\n"))
    assert main(["hash-pin", "--stdin"]) == 0
    captured = capsys.readouterr()
    assert "pin_hash" in captured.err and outside_catalogue(captured.err) == []


def test_run_refuses_without_a_display_in_polish(monkeypatch, capsys) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr("kiosk.support.logs.setup_logging", lambda *args, **kwargs: None)
    pseudo_polish(monkeypatch)
    assert main(["run", "--config", str(default_config_path())]) == 4
    err = capsys.readouterr().err
    assert "nie znaleziono ekranu" in err and outside_catalogue(err) == []


def test_self_test_refusal_and_root_refusals_in_polish(monkeypatch) -> None:
    from kiosk.commands.selftest import run_self_test
    from kiosk.system.kiosk_user import choose_identity

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # the self-test sets it; restored after
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    pseudo_polish(monkeypatch)
    lines: list[str] = []
    assert run_self_test(lines.append) == 1
    assert "piaskownica Chromium" in lines[0] and outside_catalogue("\n".join(lines)) == []

    class User:
        pw_uid = 1000

    problems = [
        choose_identity(0, "nobody-here", ["doctor"], lambda name: None).problem,
        choose_identity(1001, "kiosk", ["doctor"], lambda name: User()).problem,
        choose_identity(0, None, ["doctor"], lambda name: User()).problem,
    ]
    assert "nie ma takiego użytkownika" in problems[0] and "sudo -u kiosk kiosk doctor" in problems[2]
    assert outside_catalogue("\n".join(problems)) == []


CONFIG = """
[kiosk]
name = "Doctor test"
[[services]]
id = "local"
title = "Local"
url = "http://127.0.0.1:9/"
allow = ["127.0.0.1"]
"""


@pytest.mark.parametrize(("lang", "expected", "absent"), [
    ("pl_PL.UTF-8", ("konfiguracja:", "sprawdzeń:", "nieudan", "usługa local osiągalna"), "checks:"),
    ("C", ("config:", "checks:", "failed", "service local reachable"), "sprawdzeń"),
])  # fmt: skip
def test_the_locale_picks_the_doctors_language(lang: str, expected: tuple[str, ...], absent: str, tmp_path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(CONFIG, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    env.update(LANG=lang, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--skip-web-engine", "--config", str(config)],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert all(part in done.stdout for part in expected), done.stdout + done.stderr
    assert absent not in done.stdout
    assert re.search(r"^(PASS|WARN|FAIL)  ", done.stdout, re.MULTILINE)  # the status words stay greppable


def test_lang_option_wins_over_the_locale(tmp_path, capsys, monkeypatch, offline) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    main(["doctor", "--skip-web-engine", "--config", str(config), "--lang", "en"])
    assert "service local reachable" in capsys.readouterr().out
    main(["--lang", "pl", "doctor", "--skip-web-engine", "--config", str(config)])
    assert "usługa local osiągalna" in capsys.readouterr().out


def test_self_test_runs_in_the_doctors_language() -> None:
    from kiosk.system.doctor import self_test_command

    technician.set_language("pl")
    assert self_test_command()[-3:] == ["self-test", "--lang", "pl"]
    technician.set_language("en")
    assert self_test_command()[-2:] == ["--lang", "en"]


def test_logs_stay_english_while_the_doctor_speaks_polish(monkeypatch) -> None:
    """The probe's detail goes to the log; the doctor says it again from the catalogue."""
    from kiosk.system.connectivity import probe
    from kiosk.system.speech_service import service_status

    technician.set_language("pl")
    result = probe(["http://127.0.0.1/"], 1, lambda url, timeout: 204)
    assert result.note == "http://127.0.0.1/ answered 204"  # what the log says
    assert result.say() == "http://127.0.0.1/ odpowiedział kodem 204"
    monkeypatch.setattr("sys.platform", "linux")
    environ = {"XDG_RUNTIME_DIR": "/nonexistent", "PATH": ""}
    assert "not installed" in service_status(environ).detail
    assert "nie jest zainstalowany" in service_status(environ, say=technician.tech).detail
