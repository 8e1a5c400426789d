"""UI translations: gettext catalogs (assets/i18n/<lang>.po), Polish source strings.

Why gettext .po rather than Qt .ts: translators of county offices know Poedit, the
message ids are the Polish texts a technician sees in the code, and the same catalogs
serve modules that do not import Qt (offices, today's line). Catalogs are read with Babel
when a visitor first picks a translation; dates are formatted by Qt (kiosk/core/dates.py).

Use ``tr(text, language)`` where text is shown; mark texts defined elsewhere with ``N_``;
use ``ntr(singular, plural, n, language, many=...)`` where a number agrees with a noun.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from kiosk.paths import asset

log = logging.getLogger("kiosk.i18n")

LANGUAGES = ("pl", "en", "uk")
#: What a language button says. Not the ISO 639 code: "UK" reads as Britain to a Polish or
#: Ukrainian visitor; "UA" is what Polish offices print on Ukrainian notices. Short, so the
#: header keeps its controls on one row in portrait and at 200 % text.
LANGUAGE_LABELS = {"pl": "PL", "en": "EN", "uk": "UA"}
#: Each language in its own words (where there is room, and for screen readers).
LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "uk": "Українська"}


def N_(text: str) -> str:
    """Mark a text for translation without translating it here."""
    return text


#: Polish plural forms, the standard gettext expression: 0 "1 sesja", 1 "2–4, 22–24… sesje",
#: 2 "0, 5–21, 25… sesji" (12–14 take the last form: "12 sesji").
POLISH_PLURAL_FORMS = "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"


class Catalog(NamedTuple):
    texts: dict[str, str]  # msgid -> translation
    plurals: dict[str, tuple[str, ...]]  # msgid (Polish singular) -> msgstr[0..nplurals-1]
    plural_index: Callable[[int], int]  # n -> which msgstr[] form, from the Plural-Forms header


@cache
def plural_rule(expression: str) -> Callable[[int], int]:
    """A Plural-Forms C expression as a function (gettext.c2py checks it, no eval of any input)."""
    import gettext

    return gettext.c2py(expression)


@cache
def _load(language: str) -> Catalog:
    if language == "pl":
        return Catalog({}, {}, plural_rule(POLISH_PLURAL_FORMS))
    from babel.messages.pofile import read_po  # only when a visitor picks a translation (~20 ms)

    path = asset("i18n", f"{language}.po")
    try:
        with path.open("rb") as handle:
            po = read_po(handle, locale=language)
    except (OSError, ValueError) as exc:
        log.error("cannot read translations %s: %s", path, exc)
        return Catalog({}, {}, plural_rule("(n != 1)"))
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for m in po:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):  # msgid + msgid_plural
            forms = tuple(str(s) for s in m.string)
            if len(forms) == po.num_plurals and all(forms):
                plurals[str(m.id[0])] = forms
        elif m.string:
            texts[str(m.id)] = str(m.string)
    return Catalog(texts, plurals, plural_rule(po.plural_expr))


def catalog(language: str) -> dict[str, str]:
    """msgid → translation for ``language`` (empty for Polish, the source language)."""
    return _load(language).texts


def plural_catalog(language: str) -> dict[str, tuple[str, ...]]:
    """Polish singular msgid → every plural form of its translation (msgstr[0], msgstr[1] …)."""
    return _load(language).plurals


def tr(text: str, language: str) -> str:
    """``text`` (Polish) in ``language``; Polish when no translation exists."""
    return catalog(language).get(text, text) if language != "pl" else text


def ntr(singular: str, plural: str, n: int, language: str, *, many: str) -> str:
    """The form of a text that agrees with the number ``n``, in ``language``; ``{n}`` is
    replaced by ``n``. Example: ``ntr("{n} sesja", "{n} sesje", n, lang, many="{n} sesji")``.

    Polish, the source language, has three forms and no catalogue, so the call carries all
    three where they are written: ``singular`` for 1, ``plural`` for 2–4, 22–24 …, and the
    keyword ``many`` for 0, 5–21, 25 … The first two are the catalogue's msgid and
    msgid_plural (what scripts/update_translations.py extracts, what a translator reads);
    ``many`` is Polish only. Keeping the three forms in one call, rather than in a table
    elsewhere, keeps a text and its forms where they are edited together.

    Translations pick msgstr[i] by their own Plural-Forms header (English 2 forms, Ukrainian
    3); without a complete translation the Polish forms are shown.
    """
    loaded = _load(language)
    forms = loaded.plurals.get(singular) or (singular, plural, many)
    index = loaded.plural_index(n) if singular in loaded.plurals else plural_rule(POLISH_PLURAL_FORMS)(n)
    return forms[min(int(index), len(forms) - 1)].replace("{n}", str(n))
