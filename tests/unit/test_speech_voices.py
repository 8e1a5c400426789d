"""The doctor's "speech: a voice for pl, en, uk" line from the locale names Qt TextToSpeech
gives (the real engine's list: tests/system/test_speech_service.py)."""

from __future__ import annotations

from kiosk.system.speech_voices import engine_name, missing_languages, voices_check

ESPEAK = ["C", "de_DE", "en_GB", "en_US", "pl_PL", "ru_RU", "uk_UA"]  # part of espeak-ng's list


def test_every_language_has_a_voice() -> None:
    assert missing_languages(ESPEAK) == []
    check = voices_check(ESPEAK, "speechd")
    assert check.status == "PASS"
    assert check.line().startswith("PASS  speech: a voice for pl, en, uk: speechd: pl_PL, en_GB, uk_UA")


def test_a_missing_language_is_named() -> None:
    names = ["de_DE", "en_US", "ru_RU"]  # no Polish and no Ukrainian: ru is not uk
    assert missing_languages(names) == ["pl", "uk"]
    check = voices_check(names, "speechd")
    assert check.status == "FAIL"
    assert "no voice for pl, uk" in check.detail
    assert "speech-dispatcher-espeak-ng" in check.detail


def test_windows_names_and_no_voices_at_all() -> None:
    assert missing_languages(["pl-PL", "EN-us", "uk"]) == []  # BCP 47 spellings, a bare language
    assert (
        voices_check(["pl-PL", "en-US", "uk-UA"], "").line().endswith("default engine: pl-PL, en-US, uk-UA (3 locales)")
    )
    assert "Windows settings" in voices_check(["en-US"], "").detail
    nothing = voices_check([], "speechd")
    assert nothing.status == "FAIL" and "no voices at all" in nothing.detail


def test_the_engine_per_platform() -> None:
    assert engine_name("linux") == "speechd"
    assert engine_name("win32") == ""
