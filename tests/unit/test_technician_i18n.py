"""The technician's language: chosen from the locale or --lang, every technician text
translated into Polish with its placeholders intact, argparse's own texts included."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from kiosk.commands.entry import main
from kiosk.core import technician
from kiosk.core.technician import language_from_environment, take_language_option, tech, tech_n
from tests.support.technician_text import outside_catalogue, pseudo_polish, sentences

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from update_translations import compiled_technician, technician_messages

MESSAGES = technician_messages()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({"LANG": "pl_PL.UTF-8"}, "pl"), ({"LANG": "C"}, "en"), ({}, "en"), ({"LANG": "en_GB.UTF-8"}, "en"),
     ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "pl_PL.UTF-8"}, "pl"), ({"LC_ALL": "C.UTF-8", "LANG": "pl_PL"}, "en"),
     ({"LANG": "pl_PL.UTF-8", "LANGUAGE": "en"}, "en"), ({"LANG": "C", "LANGUAGE": "pl"}, "en")],
)  # fmt: skip
def test_language_follows_the_locale_as_gettext_does(environ: dict[str, str], expected: str) -> None:
    assert language_from_environment(environ) == expected


def test_lang_option_wins_anywhere_and_is_taken_out() -> None:
    assert take_language_option(["doctor", "--lang", "pl", "--skip-web-engine"], {"LANG": "C"}) == (
        "pl", ["doctor", "--skip-web-engine"])  # fmt: skip
    assert take_language_option(["--lang=en", "doctor"], {"LANG": "pl_PL.UTF-8"}) == ("en", ["doctor"])
    assert take_language_option(["doctor", "--lang", "de"], {"LANG": "pl_PL.UTF-8"}) == (
        "pl", ["doctor", "--lang", "de"])  # fmt: skip


@pytest.mark.parametrize("message", sorted(MESSAGES, key=str), ids=lambda m: str(m)[:40])
def test_every_technician_text_has_polish_with_its_placeholders(message: str | tuple[str, str]) -> None:
    technician.set_language("pl")
    texts, plurals = technician._catalog("pl")
    if isinstance(message, tuple):
        forms = plurals.get(message[0])
        assert forms, f"untranslated: {message[0]!r} (run scripts/update_translations.py and translate)"
        sources = message
    else:
        forms = (texts.get(message),)
        assert forms[0], f"untranslated: {message!r} (run scripts/update_translations.py and translate)"
        sources = (message,)
    placeholders = r"\{\w+\}|%\(\w+\)[sdr]|%[sdr]"
    for form in forms:
        assert sorted(set(re.findall(placeholders, form))) == sorted(set(re.findall(placeholders, sources[-1]))), form


def test_english_needs_no_catalogue_and_polish_numbers_agree() -> None:
    assert tech("{n} apples", n=3) == "3 apples"
    assert tech_n("{n} check failed", "{n} checks failed", 1) == "1 check failed"
    technician.set_language("pl")
    assert tech("usage: ") == "użycie: "
    many = technician._argparse_ngettext("expected %s argument", "expected %s arguments", 5)
    assert many == "oczekiwano %s argumentów"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_argparse_speaks_the_technicians_language(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", lang, "no-such-command"])
    err = capsys.readouterr().err
    expected = ("użycie: kiosk", "błąd: argument") if lang == "pl" else ("usage: kiosk", "error: argument")
    assert all(part in err for part in expected), err


def test_argparse_errors_never_leave_the_catalogue(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    pseudo_polish(monkeypatch)
    with pytest.raises(SystemExit):
        main(["check-config"])
    err = capsys.readouterr().err
    assert "brak wymaganych argumentów" in err  # the positive control: the message is there
    # The usage line is the command's syntax after "użycie:"; every sentence is in the catalogue.
    assert outside_catalogue("\n".join(line for line in err.splitlines() if "użycie" not in line)) == []


def test_the_compiled_catalogue_is_the_po_files() -> None:
    """The kiosk reads assets/i18n/technician/pl.mo (stdlib, ~1 ms; babel's .po reader costs
    ~190 ms on `kiosk run`'s start-up path): it must hold exactly what the .po files say."""
    texts, plurals = technician._catalog("pl")
    expected_texts, expected_plurals = {}, {}
    for message in compiled_technician("pl"):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if all(message.string):
                expected_plurals[message.id[0]] = tuple(message.string)
        elif message.string:
            expected_texts[message.id] = message.string
    assert texts == expected_texts, "stale pl.mo: run scripts/update_translations.py"
    assert plurals == expected_plurals, "stale pl.mo: run scripts/update_translations.py"


def every_command(parser=None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every (sub)command the parser knows, found in the parser itself: a new command is
    checked without anyone adding it here."""
    import argparse

    from kiosk.commands.entry import build_parser

    parser = parser or build_parser()
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += every_command(child, (*prefix, name))
    return found


@pytest.mark.parametrize("command", every_command(), ids=lambda c: " ".join(c) or "kiosk")
def test_every_commands_help_is_in_the_catalogue(command: tuple[str, ...], monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # one line per option: no help text is cut by wrapping
    pseudo_polish(monkeypatch)
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "użycie:" in out and "pokaż tę pomoc" in out, out  # the positive control
    assert outside_catalogue(sentences(out)) == []
