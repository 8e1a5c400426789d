"""Every UI text is translated into English and Ukrainian, with its placeholders intact;
numbers agree with their nouns (gettext plural forms: Polish and Ukrainian 3, English 2)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from kiosk.core.i18n import catalog, ntr, plural_catalog, tr

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from update_translations import source_messages, source_plural_messages

MESSAGES = sorted(source_messages())
PLURALS = sorted(source_plural_messages())


def test_texts_are_found_in_the_source() -> None:
    assert "Zakończ sesję" in MESSAGES and "Czy nadal korzystasz z infomatu?" in MESSAGES


@pytest.mark.parametrize("language", ["en", "uk"])
def test_every_text_is_translated(language: str) -> None:
    missing = [m for m in MESSAGES if not catalog(language).get(m)]
    assert missing == [], f"untranslated in {language}: run scripts/update_translations.py and translate"


@pytest.mark.parametrize("language", ["en", "uk"])
def test_placeholders_survive_translation(language: str) -> None:
    for message in MESSAGES:
        assert set(re.findall(r"\{\w+\}", message)) == set(re.findall(r"\{\w+\}", tr(message, language))), message


def test_polish_is_the_source_and_unknown_texts_fall_back() -> None:
    assert tr("Zakończ sesję", "pl") == "Zakończ sesję"
    assert tr("Zakończ sesję", "uk") == "Завершити сеанс"
    assert tr("not in any catalog", "en") == "not in any catalog"


def sessions(n: int, language: str) -> str:
    return ntr("{n} sesja", "{n} sesje", n, language, many="{n} sesji")


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 sesja"), (2, "2 sesje"), (4, "4 sesje"), (5, "5 sesji"), (12, "12 sesji"), (22, "22 sesje"),
     (25, "25 sesji"), (0, "0 sesji"), (112, "112 sesji")],
)  # fmt: skip
def test_polish_numbers_agree_with_their_noun(n: int, expected: str) -> None:
    assert sessions(n, "pl") == expected


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [("uk", 1, "Останні 30 днів: 1 сеанс"), ("uk", 2, "Останні 30 днів: 2 сеанси"),
     ("uk", 5, "Останні 30 днів: 5 сеансів"), ("uk", 21, "Останні 30 днів: 21 сеанс"),
     ("uk", 11, "Останні 30 днів: 11 сеансів"), ("en", 1, "Last 30 days: 1 session"),
     ("en", 2, "Last 30 days: 2 sessions"), ("en", 0, "Last 30 days: 0 sessions"),
     ("pl", 22, "Ostatnie 30 dni: 22 sesje"), ("pl", 12, "Ostatnie 30 dni: 12 sesji")],
)  # fmt: skip
def test_translations_pick_their_own_plural_form(language: str, n: int, expected: str) -> None:
    text = ntr(
        "Ostatnie 30 dni: {n} sesja", "Ostatnie 30 dni: {n} sesje", n, language, many="Ostatnie 30 dni: {n} sesji"
    )
    assert text == expected


def test_plural_texts_are_found_in_the_source() -> None:
    assert ("Ostatnie 30 dni: {n} sesja", "Ostatnie 30 dni: {n} sesje") in PLURALS


@pytest.mark.parametrize(("language", "forms"), [("en", 2), ("uk", 3)])
def test_every_plural_text_is_translated_in_every_form(language: str, forms: int) -> None:
    missing = [m for m, _ in PLURALS if len(plural_catalog(language).get(m, ())) != forms]
    assert missing == [], f"untranslated plural forms in {language}: run scripts/update_translations.py"


@pytest.mark.parametrize("language", ["en", "uk"])
def test_plural_placeholders_survive_translation(language: str) -> None:
    for singular, plural in PLURALS:
        for form in plural_catalog(language)[singular]:
            assert set(re.findall(r"\{\w+\}", form)) == set(re.findall(r"\{\w+\}", singular + plural)), form


def test_an_untranslated_plural_falls_back_to_the_polish_forms() -> None:
    assert ntr("{n} osoba", "{n} osoby", 3, "en", many="{n} osób") == "3 osoby"
    assert ntr("{n} osoba", "{n} osoby", 7, "uk", many="{n} osób") == "7 osób"


def test_polish_plurals_do_not_load_babel() -> None:
    """Polish is the start-up language: its plural rule is gettext's, not a catalogue's."""
    code = (
        "import sys; from kiosk.core.i18n import ntr; "
        "assert ntr('{n} sesja', '{n} sesje', 3, 'pl', many='{n} sesji') == '3 sesje'; "
        "assert not [m for m in sys.modules if m.startswith('babel')], 'babel imported'"
    )
    import subprocess

    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
