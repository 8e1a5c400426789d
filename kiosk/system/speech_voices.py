"""Which of the kiosk's languages have a voice: the ``kiosk doctor`` line "speech: a voice
for pl, en, uk".

The pure part (:func:`missing_languages`, :func:`voices_check`) takes locale names as Qt
gives them (``pl_PL``, ``uk_UA``, ``en_GB``…). :func:`available_locale_names` asks Qt
TextToSpeech for the engine the kiosk speaks with: ``speechd`` on Linux (speech-dispatcher
with espeak-ng), the platform's default engine elsewhere.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable

from kiosk.core.technician import TN_, tech, tech_n
from kiosk.system.check import Check

LANGUAGES = ("pl", "en", "uk")  # the kiosk's languages, [kiosk] language
CHECK_NAME = TN_("speech: a voice for pl, en, uk")
PACKAGES_HINT = "Debian: speech-dispatcher speech-dispatcher-espeak-ng espeak-ng"
_app = None


def engine_name(platform: str = sys.platform) -> str:
    """The Qt TextToSpeech engine the kiosk uses here ("" = Qt's default)."""
    return "speechd" if platform.startswith("linux") else ""


def language_of(locale_name: str) -> str:
    """ "pl_PL" / "pl-PL" / "PL" -> "pl"."""
    return locale_name.replace("-", "_").split("_")[0].lower()


def missing_languages(locale_names: Iterable[str], wanted: Iterable[str] = LANGUAGES) -> list[str]:
    """The wanted languages no locale name speaks, in the order wanted."""
    have = {language_of(name) for name in locale_names if name}
    return [language for language in wanted if language not in have]


def voices_check(locale_names: Iterable[str], engine: str) -> Check:
    """The doctor's line from the engine's locale names."""
    names = sorted(set(locale_names))
    label = engine or tech("default engine")
    missing = missing_languages(names)
    name = tech(CHECK_NAME)
    if not names:
        return Check("FAIL", name, tech("{engine}: no voices at all ({hint})", engine=label, hint=PACKAGES_HINT))
    locales = tech_n("{n} locale", "{n} locales", len(names))
    if missing:
        hint = (
            tech("{locales}; {hint}", locales=locales, hint=PACKAGES_HINT)
            if engine == "speechd"
            else tech("{locales}; add the language's voice in Windows settings", locales=locales)
        )
        detail = tech("{engine}: no voice for {languages} ({hint})", engine=label, languages=", ".join(missing),
                      hint=hint)  # fmt: skip
        return Check("FAIL", name, detail)
    found = [next(n for n in names if language_of(n) == language) for language in LANGUAGES]
    return Check("PASS", name, tech("{engine}: {found} ({locales})", engine=label, found=", ".join(found),
                                    locales=locales))  # fmt: skip


def available_locale_names(engine: str | None = None) -> tuple[list[str], str]:
    """(locale names of the engine, a problem or ""). Creates a QCoreApplication only if
    no application exists (the doctor has none; the kiosk has its QApplication)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTextToSpeech import QTextToSpeech

    engine = engine_name() if engine is None else engine
    if engine and engine not in QTextToSpeech.availableEngines():
        engines = ", ".join(QTextToSpeech.availableEngines())
        return [], tech("Qt TextToSpeech has no {engine} engine (has: {engines})", engine=repr(engine), engines=engines)
    global _app
    if QCoreApplication.instance() is None:
        _app = QCoreApplication(sys.argv[:1])  # kept: Qt TextToSpeech needs one while it lives
    speech = QTextToSpeech(engine) if engine else QTextToSpeech()
    if speech.state() == QTextToSpeech.State.Error:
        error = speech.errorString() or tech("error")
        return [], tech("{engine}: {error}", engine=engine or tech("default engine"), error=error)
    return [locale.name() for locale in speech.availableLocales()], ""


def query_locale_names(timeout: float = 30.0) -> tuple[list[str], str]:
    """:func:`available_locale_names` in a child process (the doctor's way: a QCoreApplication
    in the caller would forbid its QApplication later, and a hung engine costs only the
    timeout); in a frozen bundle, which cannot run ``-c``, in this process."""
    if getattr(sys, "frozen", False):
        try:
            return available_locale_names()
        except ImportError as exc:
            return [], tech("Qt TextToSpeech missing: {error}", error=exc)
    from kiosk.core.technician import language

    script = (
        f"import json\nfrom kiosk.core.technician import set_language\nset_language({language()!r})\n"
        "from kiosk.system.speech_voices import available_locale_names as a\nprint(json.dumps(a()))"
    )  # its problem in the doctor's language
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [], tech("Qt TextToSpeech gave no voices within {seconds} s", seconds=f"{timeout:.0f}")
    except OSError as exc:
        return [], tech("cannot ask Qt TextToSpeech: {error}", error=exc)
    try:
        names, problem = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        tail = (done.stderr.strip().splitlines() or [""])[-1]
        return [], tech("Qt TextToSpeech: exit code {code}: {error}", code=done.returncode, error=tail)
    return list(names), str(problem)
