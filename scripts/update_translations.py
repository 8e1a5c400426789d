"""Extract UI texts (tr(...), N_(...), ntr(...)) from kiosk/ and add new ones to assets/i18n/*.po.

Run after adding texts: python scripts/update_translations.py; then translate the empty
entries (Poedit or any editor). tests/unit/test_i18n.py fails while one is missing.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"tr": (1,), "N_": None, "ntr": (1, 2)}  # ntr: msgid, msgid_plural (kiosk/core/i18n.py)


def _extract() -> list[tuple[str | tuple[str, str], tuple[str, int]]]:
    return [
        (message, (f"kiosk/{filename}", lineno))
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / "kiosk", method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    ]


def source_messages() -> dict[str, list[tuple[str, int]]]:
    """msgid → places it is used (texts without plural forms)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for message, place in _extract():
        if isinstance(message, str) and message:
            found.setdefault(message, []).append(place)
    return found


def source_plural_messages() -> dict[tuple[str, str], list[tuple[str, int]]]:
    """(msgid, msgid_plural) of every ntr(...) call → places it is used."""
    found: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for message, place in _extract():
        if isinstance(message, tuple) and all(message):
            found.setdefault((str(message[0]), str(message[1])), []).append(place)
    return found


def update(language: str) -> int:
    path = ROOT / "assets" / "i18n" / f"{language}.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = Catalog(locale=language, project="Infomat")
    added = 0
    messages: dict[str | tuple[str, str], list[tuple[str, int]]] = {
        **source_messages(),
        **source_plural_messages(),
    }
    for msgid, places in messages.items():
        known = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        if known is not None and known.id == msgid:
            known.locations = list(places)  # where it is used now, not where it once was
        else:
            if known is not None:  # a text gained or lost its plural forms
                catalog.delete(known.id)
            added += 1
            empty = ("",) * catalog.num_plurals if isinstance(msgid, tuple) else ""
            catalog.add(msgid, empty, locations=places)
    for message in list(catalog):
        if message.id and message.id not in messages:
            catalog.delete(message.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True)
    return added


if __name__ == "__main__":
    for lang in ("en", "uk"):
        print(f"{lang}: {update(lang)} new text(s)")
