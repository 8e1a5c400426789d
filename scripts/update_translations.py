"""Extract texts from kiosk/ and add new ones to the catalogues; drop the ones no longer used.

- Visitor texts (tr(...), N_(...), ntr(...), Polish source) → assets/i18n/{en,uk}.po.
- Technician texts (tech(...), TN_(...), tech_n(...), English source) and argparse's own
  texts → assets/i18n/technician/pl/<topic>.po, the topic by where the text is first used.

Run after adding texts: python scripts/update_translations.py; then translate the empty
entries (Poedit or any editor) and run it once more: it also compiles
assets/i18n/technician/pl.mo, which the kiosk reads. tests/unit/test_i18n.py and
test_technician_i18n.py fail while an entry is missing or the .mo is stale.
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


TECHNICIAN_KEYWORDS = {"tech": (1,), "TN_": None, "tech_n": (1, 2)}  # kiosk/core/technician.py
#: Topic file of a technician text: the first prefix of the first place it is used.
TOPICS = (
    ("argparse", "argparse"),
    ("kiosk/config/", "config"),
    ("kiosk/fleet/", "fleet"),
    ("kiosk/ui/admin/", "fleet"),
    ("kiosk/commands/fleet.py", "fleet"),
    ("kiosk/commands/schedule.py", "fleet"),
    ("kiosk/core/schedule.py", "fleet"),
    ("kiosk/stats/", "stats"),
    ("kiosk/commands/stats.py", "stats"),
    ("kiosk/commands/logs.py", "stats"),
    ("kiosk/commands/statement", "stats"),
    ("kiosk/system/", "system"),
    ("kiosk/commands/", "system"),
    ("", "other"),
)


def technician_messages() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """msgid (or msgid, msgid_plural) → places, for every technician text and argparse's."""
    import argparse

    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT / "kiosk", method_map=[("**.py", "python")], keywords=TECHNICIAN_KEYWORDS
    ):
        if message and (isinstance(message, str) or all(message)):
            found.setdefault(message if isinstance(message, str) else tuple(message), []).append(
                (f"kiosk/{filename}", lineno)
            )
    from babel.messages.extract import extract

    with open(argparse.__file__, "rb") as handle:
        for _lineno, message, _comments, _context in extract(
            "python", handle, keywords={"_": None, "ngettext": (1, 2)}
        ):
            if message and (isinstance(message, str) or all(message)):
                found.setdefault(message if isinstance(message, str) else tuple(message), []).append(("argparse", None))
    return found


def topic_of(places: list[tuple[str, int]]) -> str:
    first = places[0][0]
    return next(topic for prefix, topic in TOPICS if first.startswith(prefix))


def update_technician(language: str = "pl") -> int:
    """Add new technician texts to their topic file; drop texts no file uses any more."""
    messages = technician_messages()
    folder = ROOT / "assets" / "i18n" / "technician" / language
    catalogs: dict[str, Catalog] = {}
    for topic in {t for _p, t in TOPICS}:
        path = folder / f"{topic}.po"
        if path.exists():
            with path.open("rb") as handle:
                catalogs[topic] = read_po(handle, locale=language)
        else:
            catalogs[topic] = Catalog(locale=language, project="Infomat", fuzzy=False)
    added = 0
    for msgid, places in messages.items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        home = next((c for c in catalogs.values() if c.get(key) is not None and c.get(key).id == msgid), None)
        if home is not None:
            home.get(key).locations = list(places)
            continue
        for catalog in catalogs.values():
            if catalog.get(key) is not None:
                catalog.delete(key)  # a text gained or lost its plural forms
        catalog = catalogs[topic_of(places)]
        empty = ("",) * catalog.num_plurals if isinstance(msgid, tuple) else ""
        catalog.add(msgid, empty, locations=places)
        added += 1
    folder.mkdir(parents=True, exist_ok=True)
    for topic, catalog in catalogs.items():
        for message in list(catalog):
            if message.id and message.id not in messages:
                catalog.delete(message.id)
        if len(catalog) or (folder / f"{topic}.po").exists():
            with (folder / f"{topic}.po").open("wb") as handle:
                write_po(handle, catalog, width=100, sort_output=True)
    compile_technician(language)
    return added


def compiled_technician(language: str = "pl") -> Catalog:
    """Every topic file of ``language`` in one catalogue (what the .mo holds)."""
    merged = Catalog(locale=language, project="Infomat", fuzzy=False)
    for path in sorted((ROOT / "assets" / "i18n" / "technician" / language).glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and not message.fuzzy:
                    merged.add(message.id, message.string)
    return merged


def compile_technician(language: str = "pl") -> Path:
    """assets/i18n/technician/<language>.mo: what the kiosk reads (stdlib gettext, ~1 ms)."""
    from babel.messages.mofile import write_mo

    path = ROOT / "assets" / "i18n" / "technician" / f"{language}.mo"
    with path.open("wb") as handle:
        write_mo(handle, compiled_technician(language))
    return path


if __name__ == "__main__":
    for lang in ("en", "uk"):
        print(f"{lang}: {update(lang)} new text(s)")
    print(f"technician pl: {update_technician()} new text(s)")
