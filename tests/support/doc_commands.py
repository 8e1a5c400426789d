"""A guide's fenced blocks as steps a test can run "as written" (tests/system/test_docs_pl.py).

The marks a guide uses, each an HTML comment on the line right before a fence:

- ``<!-- plik: PATH -->`` before a ``toml`` block: the technician writes this file;
  ``<!-- dopisz: PATH -->``: appends the block to it. A ``toml`` block without a mark is a
  fragment: it must pass ``kiosk check-config`` on its own.
- ``<!-- test: nie uruchamiany — WHY -->``: a block the test does not run (Windows, systemd,
  an upload), with the reason.
- ``<!-- test: kod wyjścia nie jest sprawdzany — WHY -->``: run, its quoted output checked,
  its exit status not.

Unmarked ``sh`` blocks run whole (exit status 0). ``console`` blocks hold ``$ command`` lines
(a trailing backslash continues one), each run on its own, followed by the output lines the
command must print: ``…`` stands for text left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MARK = re.compile(r"^<!--\s*(plik|dopisz|test):\s*(.*?)\s*-->\s*$")
NOT_RUN = "nie uruchamiany"
NO_EXIT_CHECK = "kod wyjścia nie jest sprawdzany"


@dataclass
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    mark: str = ""  # "plik" | "dopisz" | "test" | ""
    argument: str = ""  # the path, or the test mark's words

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"

    @property
    def not_run(self) -> bool:
        return self.mark == "test" and self.argument.startswith(NOT_RUN)

    @property
    def exit_checked(self) -> bool:
        return not (self.mark == "test" and self.argument.startswith(NO_EXIT_CHECK))

    @property
    def reason(self) -> str:
        return self.argument.split("—", 1)[1].strip() if "—" in self.argument else ""


@dataclass
class Command:
    text: str  # the command as the shell gets it (continuations kept)
    expected: list[str] = field(default_factory=list)  # output lines, "…" = left out


def blocks(path: Path) -> list[Block]:
    """Every fenced block of ``path`` with the mark on the line before it (if any)."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    current: list[str] | None = None
    start, lang, mark, argument = 0, "", "", ""
    for number, line in enumerate(lines, 1):
        if current is None and line.startswith("```"):
            current, start, lang = [], number, line[3:].strip()
            previous = lines[number - 2] if number > 1 else ""
            match = MARK.match(previous)
            mark, argument = (match.group(1), match.group(2)) if match else ("", "")
        elif current is not None and line.startswith("```"):
            found.append(Block(path, start, lang, "\n".join(current) + "\n", mark, argument))
            current = None
        elif current is not None:
            current.append(line)
    assert current is None, f"{path.name}:{start}: the block is never closed"
    return found


def console_commands(block: Block) -> list[Command]:
    """The ``$ command`` lines of a console block, each with the output lines after it."""
    commands: list[Command] = []
    pending = ""
    for line in block.text.splitlines():
        if pending:
            pending += "\n" + line
            if not line.endswith("\\"):
                commands.append(Command(pending))
                pending = ""
        elif line.startswith("$ "):
            if line.endswith("\\"):
                pending = line[2:]
            else:
                commands.append(Command(line[2:]))
        elif line.strip():
            assert commands, f"{block.where}: output before any command: {line!r}"
            commands[-1].expected.append(line.rstrip())
    assert not pending, f"{block.where}: a command ends with a backslash"
    return commands


def shows(output: str, expected: str) -> bool:
    """Whether one line of ``output`` reads as ``expected``, where ``…`` is any text."""
    pieces = expected.split("…")
    for line in output.replace("\ufeff", "").splitlines():
        line = line.rstrip()
        if len(pieces) == 1:
            if line == expected:
                return True
            continue
        if not line.startswith(pieces[0]) or not line.endswith(pieces[-1]):
            continue
        position = len(pieces[0])
        for piece in pieces[1:-1]:
            found = line.find(piece, position)
            if found < 0:
                break
            position = found + len(piece)
        else:
            if len(line) - len(pieces[-1]) >= position:
                return True
    return False


INLINE = re.compile(r"`((?:sudo -u kiosk )?kiosk [^`]+)`")


def inline_commands(path: Path) -> list[tuple[int, str]]:
    """The `kiosk …` commands written inline in the prose (outside fenced blocks)."""
    found, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            found.extend((number, m.group(1)) for m in INLINE.finditer(line))
    return found
