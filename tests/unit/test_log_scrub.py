"""The scrubber every log line passes before it leaves a kiosk (issue 31): a URL keeps its
scheme and host, never its path, query, fragment or credentials."""

from __future__ import annotations

import pytest

from kiosk.support.scrub import scrub_line, scrub_text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("opened https://epuap.gov.pl/wniosek?pesel=44051401359#krok2", "opened https://epuap.gov.pl"),
        ("GET http://user:haslo@example.com:8080/a/b?c=d done", "GET http://example.com:8080 done"),
        ('js error at "https://login.gov.pl/x?token=abc" line 3', 'js error at "https://login.gov.pl" line 3'),
        ("HTTPS://Epuap.GOV.pl/Sprawa", "https://Epuap.GOV.pl"),
        ("https://EVIL\\@epuap.gov.pl/", "https://EVIL"),  # the parser differential: nothing after the host
        ("ws://chat.example/socket?room=7", "ws://chat.example"),
        ("refused javascript:alert(document.cookie) and data:text/html,<b>x", "refused javascript:… and data:…"),
        ("mailto:jan.kowalski@example.com tel:+48123456789", "mailto:… tel:…"),
        ("file:///home/kiosk/Pobrane/wniosek.pdf", "file://"),
        ("blocked epuap.gov.pl/sprawa?nr=123 (policy)", "blocked epuap.gov.pl (policy)"),
        ("relative /search?q=moje+dane", "relative /search?…"),
        ("2026-05-01 10:00:00,123 INFO    kiosk.web: blocked", "2026-05-01 10:00:00,123 INFO    kiosk.web: blocked"),
        ("session ended (idle) after 75 s; wipe took 12.5 ms", "session ended (idle) after 75 s; wipe took 12.5 ms"),
        ('File "/work/main/kiosk/app.py", line 3', 'File "/work/main/kiosk/app.py", line 3'),
        ("about:blank", "about:…"),
    ],
)
def test_each_url_keeps_only_its_scheme_and_host(line: str, expected: str) -> None:
    assert scrub_line(line) == expected


def test_a_text_is_scrubbed_line_by_line_and_keeps_its_lines() -> None:
    text = "a https://x.example/p?q=1\nb\n"
    assert scrub_text(text) == "a https://x.example\nb\n"


def test_no_secret_survives_in_any_position() -> None:
    secret = "Tajne123"
    for url in (f"https://h.example/{secret}", f"https://h.example/?x={secret}", f"https://h.example/#{secret}",
                f"https://{secret}:p@h.example/", f"h.example/?x={secret}", f"javascript:{secret}"):  # fmt: skip
        assert secret not in scrub_line(f"line {url} end"), url
