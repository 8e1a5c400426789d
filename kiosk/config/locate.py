"""Map TOML key paths to line numbers, so every config error can name its line.

``tomllib`` gives values but no positions. This scanner reads the text once and records
the line of every table header, every key, and every top-level element of an array,
keyed by the same location tuples pydantic uses (``("services", 1, "allow", 0)``).
It is deliberately forgiving: it only runs on text that ``tomllib`` already accepted,
and a path it cannot place falls back to its nearest placed parent.
"""

from __future__ import annotations

import re

Loc = tuple[str | int, ...]

_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY_PART = rf'(?:{_BARE_KEY}|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_RE = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED_KEY})\s*\]\]?")
_KEY_RE = re.compile(rf"^\s*({_DOTTED_KEY})\s*=\s*")


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(_KEY_PART, dotted)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


class LineLocator:
    """Line numbers (1-based) for key paths of one TOML document."""

    def __init__(self, text: str) -> None:
        self.lines: dict[Loc, int] = {}
        self._array_counts: dict[Loc, int] = {}
        self._scan(text)

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its nearest parent that has one."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    def _scan(self, text: str) -> None:
        lines = text.splitlines()
        table: Loc = ()
        index = 0
        while index < len(lines):
            raw = lines[index]
            header = _HEADER_RE.match(raw)
            if header:
                path = tuple(_split_key(header.group(2)))
                if header.group(1) == "[[":
                    count = self._array_counts.get(path, 0)
                    self._array_counts[path] = count + 1
                    self.lines.setdefault(path, index + 1)
                    table = (*path, count)
                else:
                    table = path
                self.lines.setdefault(table, index + 1)
                index += 1
                continue
            key = _KEY_RE.match(raw)
            if key:
                path = (*table, *_split_key(key.group(1)))
                self.lines[path] = index + 1
                index = self._scan_value(lines, index, key.end(), path)
                continue
            index += 1

    def _scan_value(self, lines: list[str], row: int, col: int, path: Loc) -> int:
        """Record element lines of an array / inline-table value; return the next row to scan."""
        depth = 0
        stack: list[Loc] = []
        element_index: list[int] = []
        expecting_element = False
        pending_key: list[str] = []
        quote: str | None = None
        while row < len(lines):
            line = lines[row]
            while col < len(line):
                ch = line[col]
                if quote:
                    if line.startswith(quote, col) and (len(quote) == 3 or line[col - 1] != "\\"):
                        col += len(quote) - 1
                        quote = None
                    col += 1
                    continue
                if ch == "#":
                    break
                if ch in "\"'":
                    triple = line[col : col + 3]
                    quote = triple if triple in ('"""', "'''") else ch
                    if expecting_element and stack:
                        self._mark_element(stack, element_index, row)
                        expecting_element = False
                    col += len(quote)
                    continue
                if ch == "[":
                    if expecting_element and stack:
                        self._mark_element(stack, element_index, row)
                    parent = path if not stack else (*stack[-1], element_index[-1])
                    stack.append(parent)
                    element_index.append(-1)
                    expecting_element = True
                    depth += 1
                elif ch == "]":
                    stack.pop()
                    element_index.pop()
                    depth -= 1
                    expecting_element = False
                elif ch == ",":
                    expecting_element = bool(stack)
                elif ch == "{":
                    if expecting_element and stack:
                        self._mark_element(stack, element_index, row)
                        expecting_element = False
                    depth += 1
                    base = path if not stack else (*stack[-1], element_index[-1])
                    match = _KEY_RE.match(line[col + 1 :])
                    if match:
                        pending_key = _split_key(match.group(1))
                        self.lines.setdefault((*base, *pending_key), row + 1)
                elif ch == "}":
                    depth -= 1
                elif not ch.isspace() and expecting_element and stack:
                    self._mark_element(stack, element_index, row)
                    expecting_element = False
                col += 1
            row += 1
            col = 0
            if depth <= 0 and quote is None:
                return row
        return row

    def _mark_element(self, stack: list[Loc], element_index: list[int], row: int) -> None:
        element_index[-1] += 1
        self.lines.setdefault((*stack[-1], element_index[-1]), row + 1)
