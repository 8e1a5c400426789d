"""The technician's language: every `kiosk` command, config problem, refusal reason and the
admin panel, in Polish or English.

Visitors pick their language on the screen (:mod:`kiosk.core.i18n`, Polish source texts);
technicians get theirs from the machine, as every command line tool does: Polish when
``LC_ALL`` / ``LC_MESSAGES`` / ``LANG`` (or GNU ``LANGUAGE``) is Polish, or with ``--lang pl``;
English otherwise, so ``LANG=C`` output stays greppable and matches the English docs.

The source texts here are English (what ``LANG=C`` prints needs no catalogue); the Polish
catalogue is ``assets/i18n/technician/pl/*.po``, one file per topic so a translator opens
what they know (compiled into ``<lang>.mo``). Use ``tech("… {name} …", name=value)`` where a text is printed; mark texts
defined elsewhere with ``TN_`` and translate them where printed; ``tech_n`` agrees a number
with its noun. argparse's own texts ("usage:", "error: …") go through the same catalogue
(:func:`translate_argparse`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import cache

from kiosk.core.i18n import POLISH_PLURAL_FORMS, plural_rule
from kiosk.paths import asset

log = logging.getLogger("kiosk.i18n")

LANGUAGES = ("pl", "en")
_state = {"language": "en"}


def TN_(text: str) -> str:
    """Mark a technician text for translation without translating it here."""
    return text


def language_from_environment(environ: Mapping[str, str]) -> str:
    """ "pl" or "en" from the locale variables, in the order gettext reads them."""
    locale = environ.get("LC_ALL") or environ.get("LC_MESSAGES") or environ.get("LANG") or ""
    if locale.split(".")[0] in ("", "C", "POSIX"):
        return "en"  # GNU gettext ignores LANGUAGE in the C locale; so do we
    wanted = (environ.get("LANGUAGE") or "").split(":")[0] or locale
    return "pl" if wanted.lower().startswith("pl") else "en"


def set_language(language: str) -> None:
    """Use ``language`` ("pl" | "en") for every technician text from now on."""
    _state["language"] = language if language in LANGUAGES else "en"


def language() -> str:
    return _state["language"]


@cache
def _catalog(language: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """msgid → translation and msgid → plural forms, from the compiled catalogue.

    The .po files are compiled into one ``assets/i18n/technician/<lang>.mo`` by
    scripts/update_translations.py (a test keeps it current): the standard library reads
    it in ~1 ms, where babel's .po reader costs ~190 ms — on `kiosk run`'s start-up path."""
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    if language == "en":
        return texts, plurals
    import gettext

    path = asset("i18n", "technician", f"{language}.mo")
    try:
        with path.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
    except (OSError, ValueError) as exc:
        log.error("cannot read translations %s: %s", path, exc)
        return texts, plurals
    forms: dict[str, dict[int, str]] = {}
    # GNUTranslations keeps msgid → msgstr in ``_catalog`` (plural forms under
    # (msgid, index)); membership, not gettext(), tells a missing text from an equal one.
    for key, value in compiled._catalog.items():  # type: ignore[attr-defined]
        if isinstance(key, tuple):
            forms.setdefault(key[0], {})[key[1]] = value
        elif key and value:
            texts[key] = value
    for msgid, by_index in forms.items():
        if all(by_index.values()):
            plurals[msgid] = tuple(by_index[i] for i in sorted(by_index))
    return texts, plurals


def translated(text: str) -> str:
    """``text`` in the technician's language, unformatted (English when no translation)."""
    return _catalog(language())[0].get(text, text) if language() != "en" else text


def tech(text: str, /, **fields: object) -> str:
    """``text`` in the technician's language, its ``{placeholders}`` filled from ``fields``."""
    result = translated(text)
    return result.format(**fields) if fields else result


def tech_n(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """The form of a text that agrees with ``n`` (``{n}`` is filled too), e.g.
    ``tech_n("{n} check failed", "{n} checks failed", failed)``."""
    forms = _catalog(language())[1].get(singular) if language() != "en" else None
    if forms:
        chosen = forms[min(int(plural_rule(POLISH_PLURAL_FORMS)(n)), len(forms) - 1)]
    else:
        chosen = singular if n == 1 else plural
    return chosen.format(n=n, **fields)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    forms = _catalog(language())[1].get(singular) if language() != "en" else None
    if forms:
        return forms[min(int(plural_rule(POLISH_PLURAL_FORMS)(n)), len(forms) - 1)]
    return singular if n == 1 else plural


def translate_argparse() -> None:
    """argparse's own texts ("usage: ", "the following arguments are required: %s") in the
    technician's language: argparse calls its module-level ``_``/``ngettext`` at format time
    (CPython 3.11–3.13 ``from gettext import gettext as _, ngettext``)."""
    import argparse

    argparse._ = translated  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]


def take_language_option(argv: list[str], environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """The technician's language and ``argv`` without its ``--lang pl|en``: the option may
    stand anywhere (``kiosk doctor --lang pl``) and wins over the environment. It is taken
    out before parsing because the parser's own texts are already in the chosen language."""
    rest: list[str] = []
    chosen = ""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            chosen = next(words, "")
        elif word.startswith("--lang="):
            chosen = word.removeprefix("--lang=")
        else:
            rest.append(word)
            continue
        if chosen not in LANGUAGES:
            return language_from_environment(environ), argv  # argparse reports the bad value
    return chosen or language_from_environment(environ), rest
