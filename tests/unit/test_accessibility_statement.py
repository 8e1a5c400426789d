"""`kiosk accessibility-statement`: the deklaracja dostępności, filled from the config."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kiosk.commands.entry import main
from kiosk.commands.statement import accessibility_statement
from kiosk.commands.statement_text import StatementOptions, build_statement
from kiosk.config.loader import parse_config

DAY = dt.date(2026, 3, 2)
FULL = StatementOptions(
    prepared=DAY,
    published=dt.date(2025, 9, 1),
    contact_name="Anna Nowak",
    contact_email="dostepnosc@powiat.lublin.pl",
    contact_phone="81 123 45 67",
)
SPEECH_CLAIM = "Pojedyncze dotknięcie przycisku odczytuje jego nazwę"
TEMPLATE_H2 = [
    "Data publikacji i aktualizacji",
    "Status pod względem zgodności z ustawą",
    "Przygotowanie deklaracji dostępności",
    "Informacje zwrotne i dane kontaktowe",
    "Procedura wnioskowo-skargowa",
    "Dostępność architektoniczna",
    "Informacje o tłumaczu języka migowego",
]


def config(accessibility: str = "", kiosk: str = 'name = "Infomat"\ncounty = "Powiat lubelski"\n'):
    return parse_config(f"[kiosk]\n{kiosk}\n[accessibility]\n{accessibility}\n")


class Outline(HTMLParser):
    """Headings in order, ids, the lang and title, and whether every tag closes."""

    VOID = frozenset({"meta", "br", "img", "link", "hr", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.ids: list[str] = []
        self.lang = ""
        self.title = ""
        self.open: list[str] = []
        self.problems: list[str] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.ids += [found["id"] or ""] if "id" in found else []
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag in ("h1", "h2", "h3"):
            self.headings.append(tag)
        self.scripts += tag == "script"
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "title":
            self.title += data
        self.text.append(data)


def outline(text: str) -> Outline:
    parser = Outline()
    parser.feed(text)
    parser.close()
    return parser


def test_the_html_is_a_whole_document_with_h1_then_h2s_and_the_template_ids() -> None:
    page = accessibility_statement(config(), FULL, "html")
    parsed = outline(page)
    assert page.startswith("<!DOCTYPE html>") and parsed.doctype.lower() == "doctype html"
    assert parsed.lang == "pl" and parsed.title.startswith("Deklaracja dostępności")
    assert parsed.problems == [] and parsed.open == []
    assert parsed.headings[0] == "h1" and parsed.headings.count("h1") == 1
    assert parsed.headings[1] == "h2"  # no level skipped: h3 only under an h2
    assert all(not (a == "h1" and b == "h3") for a, b in zip(parsed.headings, parsed.headings[1:], strict=False))
    for template_id in (
        "a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja",
        "a11y-status", "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-osoba", "a11y-email",
        "a11y-telefon", "a11y-procedura", "a11y-architektura",
    ):  # fmt: skip
        assert parsed.ids.count(template_id) == 1, template_id
    assert len(parsed.ids) == len(set(parsed.ids))
    assert '<time id="a11y-data-publikacja" datetime="2025-09-01">1 września 2025 r.</time>' in page
    assert '<strong id="a11y-status">częściowo zgodna</strong>' in page
    text = "".join(parsed.text)
    for words in ("Status pod względem zgodności z ustawą", "Treści niedostępne", "Wyłączenia", "samooceny",
                  "7 dni", "2 miesiące", "Rzecznika Praw Obywatelskich", "Dostępność architektoniczna",
                  "tłumaczu języka migowego", "Anna Nowak", "ePUAP", "klawiatura ekranowa"):  # fmt: skip
        assert words.lower() in text.lower(), words
    assert "uzupełnij: imię" not in text


def test_config_values_are_escaped() -> None:
    hostile = config(kiosk='name = "Infomat <script>alert(1)</script>"\ncounty = "Powiat \\"A&B\\""\n')
    options = StatementOptions(prepared=DAY, contact_name="<b>Jan</b>", contact_email='a@b.pl" onclick="x')
    page = accessibility_statement(hostile, options, "html")
    parsed = outline(page)
    assert parsed.scripts == 0 and "<script>" not in page and "<b>" not in page
    assert "Infomat &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Powiat &quot;A&amp;B&quot;" in page or 'Powiat "A&amp;B"' in page
    assert 'href="mailto:a@b.pl&quot; onclick=&quot;x"' in page
    markdown = accessibility_statement(hostile, options, "md")
    assert "<script>" not in markdown and "\\<script\\>" in markdown


@pytest.mark.parametrize("mode", ["off", "button", "always"])
def test_speech_lines_follow_the_config(mode: str) -> None:
    page = accessibility_statement(config(f'speech = "{mode}"'), FULL, "md")
    if mode == "off":
        assert SPEECH_CLAIM not in page and "Mowa:" not in page
        assert "Kiosk nie odczytuje treści na głos" in page
    else:
        assert SPEECH_CLAIM in page and "Kiosk nie odczytuje" not in page
        assert ("przycisk w nagłówku ekranu włącza czytanie" in page) == (mode == "button")


def test_low_reach_lines_follow_the_config_and_the_mounting() -> None:
    off = accessibility_statement(config('low_reach = "off"'), FULL, "md")
    assert "Tryb niskiego zasięgu jest wyłączony" in off and "Niski zasięg:" not in off
    button = accessibility_statement(config('low_reach = "button"'), FULL, "md")
    assert "Niski zasięg: przycisk na dole ekranu" in button and "do dolnej połowy ekranu" in button
    high = config('low_reach = "always"', kiosk="screen_bottom_mm = 1150\nscreen_height_mm = 700\n")
    mounted = accessibility_statement(high, FULL, "md")
    assert "Niski zasięg: wszystkie przyciski" in mounted and "1150–1850 mm nad podłogą" in mounted
    assert "Ekran jest zamontowany za wysoko" in mounted  # only 10 % of it is in the band
    low = config('low_reach = "off"', kiosk="screen_bottom_mm = 400\nscreen_height_mm = 700\n")
    assert "Tryb niskiego zasięgu jest wyłączony" not in accessibility_statement(low, FULL, "md")


def test_markdown_has_the_same_sections() -> None:
    markdown = accessibility_statement(config(), FULL, "md")
    lines = markdown.splitlines()
    assert lines[0] == "# Deklaracja dostępności"
    h2 = [line[3:] for line in lines if line.startswith("## ")]
    assert [h for h in h2 if h in TEMPLATE_H2] == TEMPLATE_H2
    assert "**częściowo zgodna**" in markdown and "1 września 2025 r." in markdown and "<time" not in markdown


def test_missing_contact_leaves_placeholders_and_says_what_to_fill_in() -> None:
    statement = build_statement(config(), StatementOptions(prepared=DAY))
    page = accessibility_statement(config(), StatementOptions(prepared=DAY), "html")
    assert "[uzupełnij: imię i nazwisko" in page and "[uzupełnij: adres e-mail]" in page
    assert any("--contact-name" in line for line in statement.todo)
    assert any("--contact-email" in line for line in statement.todo)
    assert any("--contact-phone" in line for line in statement.todo)
    full = build_statement(config(), FULL)
    assert not any("--contact" in line for line in full.todo)


def test_the_command_writes_the_output_and_warns_about_the_contact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nname = "Infomat Jastków"\ngmina = "Jastków"\n[accessibility]\nspeech = "off"\n')
    out = tmp_path / "deklaracja.html"
    code = main(["accessibility-statement", "--config", str(path), "--output", str(out), "--published", "2026-01-15"])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "Infomat Jastków" in page and "Gmina Jastków" in page and 'datetime="2026-01-15"' in page
    assert SPEECH_CLAIM not in page
    err = capsys.readouterr().err
    for option in ("--contact-name", "--contact-email", "--contact-phone"):
        assert option in err
    md = tmp_path / "deklaracja.md"
    contact = ["--contact-name", "Jan Kowalski", "--contact-email", "jan@jastkow.pl", "--contact-phone", "81 501 00 00"]
    dates = ["--published", "2026-01-15", "--updated", "2026-02-01"]
    assert (
        main(
            ["accessibility-statement", "--config", str(path), "--format", "md", "--output", str(md), *contact, *dates]
        )
        == 0
    )
    assert md.read_text(encoding="utf-8").startswith("# Deklaracja dostępności")
    assert "Jan Kowalski" in md.read_text(encoding="utf-8")
    assert "--contact" not in capsys.readouterr().err


def test_bad_dates_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk]\n")
    assert main(["accessibility-statement", "--config", str(path), "--published", "1.01.2026"]) == 2
    assert main(["accessibility-statement", "--config", str(path), "--published", "2026-02-01",
                 "--updated", "2026-01-01"]) == 2  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "YYYY-MM-DD" in err[0] and "before" in err[1]
