"""TOML syntax errors in words a technician acts on.

``tomllib`` says "Cannot overwrite a value" for a key written twice and "Illegal
character '\\n'" for a text whose closing quote is missing; neither names the key or says
what to do. The text is read again here to say it: which key, on which two lines.
"""

from __future__ import annotations

import re
import tomllib

from kiosk.config.locate import _HEADER_RE, _KEY_RE, _split_key
from kiosk.config.reading import ConfigIssue
from kiosk.config.wording import TOML_MESSAGES, say_again
from kiosk.core.technician import TN_, tech

_SYNTAX_POS_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_SYNTAX_END_RE = re.compile(r"\s*\(at end of document\)$")


def syntax_issue(exc: tomllib.TOMLDecodeError, name: str, source: str) -> ConfigIssue:
    """tomllib's error as a config problem: in plain words for a key written twice or a
    quote not closed; otherwise tomllib's own words (translated) with the line and column."""
    message = str(exc)
    match = _SYNTAX_POS_RE.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        text = _SYNTAX_POS_RE.sub("", message)
        if text.startswith(("Cannot overwrite a value", "Cannot declare")):
            clear = duplicate_message(source, line)
        elif text == "Illegal character '\\n'":
            clear = unclosed_string_message(source, line)
        else:
            clear = None
        if clear:
            return ConfigIssue(name, line, "", clear)
        detail = say_again(text, TOML_MESSAGES)
        return ConfigIssue(
            name, line, "", tech("TOML syntax error at column {column}: {detail}", column=column, detail=detail)
        )
    detail = say_again(_SYNTAX_END_RE.sub("", message), TOML_MESSAGES)
    return ConfigIssue(name, None, "", tech("TOML syntax error at the end of the file: {detail}", detail=detail))


def duplicate_message(text: str, line: int) -> str | None:
    """For tomllib's "Cannot overwrite a value" / "Cannot declare … twice" at ``line``: which
    key or table is written twice, and where it was first."""
    lines = text.splitlines()
    table: tuple[str, ...] = ()
    arrays: dict[tuple[str, ...], int] = {}
    first_key: dict[tuple[str, ...], int] = {}
    first_table: dict[tuple[str, ...], int] = {}
    for number, raw in enumerate(lines[:line], start=1):
        header = _HEADER_RE.match(raw)
        if header:
            path = tuple(_split_key(header.group(2)))
            if header.group(1) == "[[":
                arrays[path] = arrays.get(path, 0) + 1
                table = (*path, str(arrays[path]))
                continue
            table = path
            if number == line and path in first_table:
                message = TN_("the table [{table}] appears twice (first on line {first}); merge the two into one")
                return tech(message, table=".".join(path), first=first_table[path])
            first_table.setdefault(path, number)
            continue
        key = _KEY_RE.match(raw)
        if key:
            path = (*table, *_split_key(key.group(1)))
            if number == line and path in first_key:
                name, first = ".".join(_split_key(key.group(1))), first_key[path]
                if not table:
                    return tech(
                        "the key '{key}' is set twice (first on line {first}); keep one of them", key=name, first=first
                    )
                message = TN_("the key '{key}' in [{table}] is set twice (first on line {first}); keep one of them")
                inside = ".".join(p for p in table if not p.isdigit())
                return tech(message, key=name, table=inside, first=first)
            first_key.setdefault(path, number)
    return None


def unclosed_string_message(text: str, line: int) -> str | None:
    """For "Illegal character '\\n'" on a line that opens a quote and never closes it."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    value = lines[line - 1].split("=", 1)[-1]
    quotes = len(re.findall(r'(?<!\\)"', value))
    if quotes % 2 == 1:
        return tech('a text in quotes is not closed on this line: add the closing " at its end')
    return None
