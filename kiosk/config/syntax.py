"""TOML syntax errors in words a technician acts on.

``tomllib`` says "Cannot overwrite a value" for a key written twice and "Illegal
character '\\n'" for a text whose closing quote is missing; neither names the key or says
what to do. The text is read again here to say it: which key, on which two lines.
"""

from __future__ import annotations

import re

from kiosk.config.locate import _HEADER_RE, _KEY_RE, _split_key


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
                name = ".".join(path)
                return f"the table [{name}] appears twice (first on line {first_table[path]}); merge the two into one"
            first_table.setdefault(path, number)
            continue
        key = _KEY_RE.match(raw)
        if key:
            path = (*table, *_split_key(key.group(1)))
            if number == line and path in first_key:
                name = ".".join(_split_key(key.group(1)))
                where = f" in [{'.'.join(p for p in table if not p.isdigit())}]" if table else ""
                return f"the key '{name}'{where} is set twice (first on line {first_key[path]}); keep one of them"
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
        return 'a text in quotes is not closed on this line: add the closing " at its end'
    return None
