"""UI translations: gettext catalogs (assets/i18n/<lang>.po), Polish source strings.

Why gettext .po rather than Qt .ts: translators of county offices know Poedit, the
message ids are the Polish texts a technician sees in the code, and the same catalogs
serve modules that do not import Qt (offices, today's line). Catalogs are read with Babel
when a visitor first picks a translation; dates are formatted by Qt (kiosk/core/dates.py).

Use ``tr(text, language)`` where text is shown; mark texts defined elsewhere with ``N_``.
"""

from __future__ import annotations

import logging
from functools import cache

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


@cache
def catalog(language: str) -> dict[str, str]:
    """msgid → translation for ``language`` (empty for Polish, the source language)."""
    if language == "pl":
        return {}
    from babel.messages.pofile import read_po  # only when a visitor picks a translation (~20 ms)

    path = asset("i18n", f"{language}.po")
    try:
        with path.open("rb") as handle:
            po = read_po(handle, locale=language)
    except (OSError, ValueError) as exc:
        log.error("cannot read translations %s: %s", path, exc)
        return {}
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def tr(text: str, language: str) -> str:
    """``text`` (Polish) in ``language``; Polish when no translation exists."""
    return catalog(language).get(text, text) if language != "pl" else text
