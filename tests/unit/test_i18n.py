"""Every UI text is translated into English and Ukrainian, with its placeholders intact."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from kiosk.core.i18n import catalog, tr

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from update_translations import source_messages

MESSAGES = sorted(source_messages())


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
