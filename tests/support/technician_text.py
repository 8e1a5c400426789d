"""Finding technician text that bypasses the Polish catalogue.

``pseudo_polish(monkeypatch)`` switches the technician's language to Polish and wraps every
translation from the real catalogue in ⟦…⟧ (untranslated texts stay bare). Whatever a
command prints is then checked with ``outside_catalogue``: text with letters outside the
marks was either never passed through ``tech()`` or has no Polish translation.
"""

from __future__ import annotations

import re

import pytest

from kiosk.core import technician

OPEN, CLOSE = "⟦", "⟧"
_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_SYNTAX = re.compile(r"^ {2,6}(?!⟦)\S+(?: \S+)*")


def pseudo_polish(monkeypatch: pytest.MonkeyPatch) -> None:
    texts, plurals = technician._catalog("pl")
    wrapped = (
        {k: _mark(v) for k, v in texts.items()},
        {k: tuple(_mark(form) for form in v) for k, v in plurals.items()},
    )
    monkeypatch.setattr(technician, "_catalog", lambda language: wrapped)
    technician.set_language("pl")
    monkeypatch.setattr(technician, "set_language", lambda language: None)  # main() keeps pseudo


def _mark(text: str) -> str:
    body = text.rstrip("\n")
    return f"{OPEN}{body}{CLOSE}{text[len(body) :]}"  # a closing newline stays last


def outside_catalogue(output: str) -> list[str]:
    """Lines of ``output`` with letters outside every ⟦…⟧ (nested marks allowed)."""
    bad = []
    for line in output.splitlines():
        rest = line
        while _INNERMOST.search(rest):
            rest = _INNERMOST.sub("", rest)
        if re.search(r"[^\W\d_]", rest):
            bad.append(line)
    return bad


def sentences(output: str) -> str:
    """``output`` without the usage block and argparse's syntax column: what a person reads."""
    kept, in_usage = [], False
    for line in output.splitlines():
        in_usage = "użycie:" in line or (in_usage and line.strip() != "")
        if not in_usage:
            kept.append(_SYNTAX.sub("", line))
    return "\n".join(kept)
