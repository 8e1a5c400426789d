"""The deklaracja dostępności as a document: sections of lines whose values carry the ids
of the minister's template, written as a complete accessible HTML5 page or as Markdown.
Pure; every value is escaped for the format it is written in."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Literal

from kiosk.version import __version__

MONTHS = (
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
    "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
)  # fmt: skip

# ---------------------------------------------------------------- the document model


@dataclass(frozen=True)
class Value:
    """A value the template marks with an id; ``date`` makes it a <time>; ``todo`` a placeholder."""

    id: str
    text: str
    date: dt.date | None = None
    href: str = ""
    todo: bool = False


Inline = str | Value
Line = tuple[Inline, ...]


@dataclass(frozen=True)
class Block:
    kind: Literal["p", "ul", "h3"]
    lines: tuple[Line, ...]
    id: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Statement:
    title: str
    intro: Line
    sections: tuple[Section, ...]
    todo: tuple[str, ...] = field(default=())  # English lines: what to fill in before publishing


def polish_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} r."


def p(*parts: Inline, id: str = "") -> Block:
    return Block("p", (tuple(parts),), id)


def ul(*lines: Line, id: str = "") -> Block:
    return Block("ul", tuple(lines), id)


def h3(text: str, id: str = "") -> Block:
    return Block("h3", ((text,),), id)


def render_html(statement: Statement) -> str:
    def inline(part: Inline) -> str:
        if isinstance(part, str):
            return html.escape(part, quote=False)
        text = html.escape(part.text, quote=False)
        attrs = f' id="{html.escape(part.id)}"' if part.id else ""
        if part.todo:
            attrs += ' class="uzupelnij"'
        if part.date is not None:
            return f'<time{attrs} datetime="{part.date.isoformat()}">{text}</time>'
        if part.href:
            return f'<a{attrs} href="{html.escape(part.href)}">{text}</a>'
        if part.id == "a11y-status":
            return f"<strong{attrs}>{text}</strong>"
        return f"<span{attrs}>{text}</span>" if attrs else text

    def line(parts: Line) -> str:
        return "".join(inline(p) for p in parts)

    def block(b: Block) -> str:
        attrs = f' id="{html.escape(b.id)}"' if b.id else ""
        if b.kind == "ul":
            items = "\n".join(f"    <li>{line(item)}</li>" for item in b.lines)
            return f"  <ul{attrs}>\n{items}\n  </ul>"
        return f"  <{b.kind}{attrs}>{line(b.lines[0])}</{b.kind}>"

    body = []
    for section in statement.sections:
        body.append(f'  <h2 id="{html.escape(section.id)}">{html.escape(section.heading, quote=False)}</h2>')
        body += [block(b) for b in section.blocks]
    title = html.escape(statement.title, quote=False)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="pl">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title} – {html.escape(_app_name(statement), quote=False)}</title>",
            "<style>body{font-family:sans-serif;line-height:1.5;max-width:50em;margin:1em auto;padding:0 1em}"
            ".uzupelnij{background:#ffef99;color:#000}</style>",
            "</head>",
            "<body>",
            "<!-- The a11y-… ids follow the template of the deklaracja dostępności (a11y-wstep, a11y-podmiot,",
            "     a11y-url, a11y-data-publikacja, a11y-data-aktualizacja, a11y-status, a11y-data-sporzadzenie,",
            "     a11y-data-przeglad, a11y-audytor, a11y-kontakt, a11y-osoba, a11y-email, a11y-telefon,",
            "     a11y-procedura, a11y-architektura), so monitoring tools find the parts; the other a11y-…",
            f"     ids are this program's own. Written by kiosk accessibility-statement (Infomat {__version__}). -->",
            '<main id="a11y-deklaracja">',
            f"  <h1>{title}</h1>",
            f'  <p id="a11y-wstep">{line(statement.intro)}</p>',
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _app_name(statement: Statement) -> str:
    return next((p.text for p in statement.intro if isinstance(p, Value) and p.id == "a11y-url"), "")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(statement: Statement) -> str:
    def inline(part: Inline) -> str:
        if isinstance(part, str):
            return part
        if part.todo:
            return f"**{_md_escape(part.text)}**"
        if part.id == "a11y-status":
            return f"**{_md_escape(part.text)}**"
        return _md_escape(part.text)

    def line(parts: Line) -> str:
        return "".join(inline(p) for p in parts)

    out = [f"# {statement.title}", "", line(statement.intro), ""]
    for section in statement.sections:
        out += [f"## {section.heading}", ""]
        for b in section.blocks:
            if b.kind == "ul":
                out += [f"- {line(item)}" for item in b.lines]
            elif b.kind == "h3":
                out.append(f"### {line(b.lines[0])}")
            else:
                out.append(line(b.lines[0]))
            out.append("")
    out.append(f"<!-- kiosk accessibility-statement (Infomat {__version__}) -->")
    return "\n".join(out) + "\n"
