"""Admin PIN: slow salted hash, constant format, and a rate limit on guesses."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError, parse_config
from kiosk.core.pin_hash import (
    DEFAULT_ITERATIONS,
    MIN_ITERATIONS,
    check_pin_format,
    hash_pin,
    parse_pin_hash,
    verify_pin,
)
from kiosk.system.pin import PinLimiter, PinLimitFile

FAST = MIN_ITERATIONS  # the lowest the config accepts; keeps the tests quick


def test_hash_round_trip_and_salt() -> None:
    first = hash_pin("482913", iterations=FAST)
    second = hash_pin("482913", iterations=FAST)
    assert first != second  # a fresh salt every time
    assert verify_pin("482913", first) and verify_pin("482913", second)
    assert not verify_pin("482914", first)
    assert not verify_pin("", first)


def test_default_is_slow_and_parsable() -> None:
    stored = hash_pin("1234", salt=b"0123456789abcdef")
    iterations, salt, digest = parse_pin_hash(stored)
    assert iterations == DEFAULT_ITERATIONS >= 600_000
    assert salt == b"0123456789abcdef" and len(digest) == 32
    assert "1234" not in stored


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "1234",
        "pbkdf2_sha256$600000$$",
        "pbkdf2_sha256$600000$c2FsdA==$AAAA",  # short salt and digest
        "pbkdf2_sha256$1000$c2FsdHNhbHRzYWx0$" + "A" * 43 + "=",  # too few iterations
        "md5$1$x$y",
        "pbkdf2_sha256$600000$!!!!$????",
    ],
)
def test_malformed_hash_never_matches(stored: str) -> None:
    assert not verify_pin("1234", stored)


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", "١٢٣٤"])
def test_pin_format(pin: str) -> None:
    with pytest.raises(ValueError, match="PIN"):
        check_pin_format(pin)


def test_config_accepts_a_real_hash_and_refuses_others() -> None:
    stored = hash_pin("2468", iterations=FAST)
    assert parse_config(f'[admin]\npin_hash = "{stored}"').admin.pin_hash == stored
    with pytest.raises(ConfigError) as info:
        parse_config('[admin]\npin_hash = "2468"')
    assert "kiosk hash-pin" in str(info.value.errors[0])


def test_limiter_allows_three_then_doubles_and_resets() -> None:
    limiter = PinLimiter()
    assert limiter.record_failure(0) == 0 and limiter.record_failure(1) == 0
    assert limiter.record_failure(2) == 30  # third wrong PIN: 30 s
    assert limiter.seconds_locked(10) == 22
    assert limiter.seconds_locked(40) == 0
    assert limiter.record_failure(40) == 60
    assert limiter.record_failure(200) == 120
    for t in range(10):
        limiter.record_failure(1000 + t * 2000)
    assert limiter.record_failure(50_000) == limiter.max_lockout == 900
    limiter.record_success()
    assert limiter.seconds_locked(50_001) == 0 and limiter.record_failure(50_002) == 0


def test_hash_pin_cli_prints_a_verifiable_hash(monkeypatch, capsys) -> None:
    import io

    from kiosk.commands.entry import main

    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert main(["hash-pin", "--stdin"]) == 0
    printed = capsys.readouterr().out.strip()
    assert verify_pin("97531", printed)
    monkeypatch.setattr("sys.stdin", io.StringIO("abc\n"))
    assert main(["hash-pin", "--stdin"]) == 2
    assert "digits" in capsys.readouterr().err


def test_attempt_record_survives_a_restart_and_a_reboot(tmp_path) -> None:
    record = PinLimitFile(tmp_path / "admin-pin.json")
    limiter = PinLimiter()
    for t in (0, 1, 2, 3):
        limiter.record_failure(t)  # 4th wrong PIN: 60 s from t=3
    record.save(limiter, now=10.0, wall=1_000_000.0)  # 53 s left
    # New process after a reboot: monotonic time starts again near zero.
    restored = record.load(now=5.0, wall=1_000_020.0)
    assert restored.failures == 4
    assert restored.seconds_locked(5.0) == pytest.approx(33.0)
    assert restored.record_failure(40.0) == 120  # keeps doubling from where it was


def test_attempt_record_cannot_lock_longer_than_the_maximum(tmp_path) -> None:
    path = tmp_path / "admin-pin.json"
    path.write_text('{"failures": 9, "locked_until": 99999999999}', encoding="utf-8")  # clock set back
    restored = PinLimitFile(path).load(now=0.0, wall=1_000_000.0)
    assert restored.seconds_locked(0.0) == PinLimiter.max_lockout


@pytest.mark.parametrize("content", ["", "not json", "[]", '{"failures": "x", "locked_until": 0}'])
def test_an_unreadable_attempt_record_starts_clean_and_says_so(tmp_path, content, caplog) -> None:
    path = tmp_path / "admin-pin.json"
    path.write_text(content, encoding="utf-8")
    restored = PinLimitFile(path).load(now=0.0, wall=0.0)
    assert restored.failures == 0 and restored.seconds_locked(0.0) == 0
    assert any("unreadable PIN attempt record" in r.getMessage() for r in caplog.records)
