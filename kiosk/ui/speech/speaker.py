"""One voice for the kiosk: Qt TextToSpeech in the visitor's language, made lazily.

Nothing is built until speech is first wanted: a sighted visitor's kiosk never loads a
speech engine (speech off costs nothing). On Linux the engine is speech-dispatcher with
espeak-ng; on Windows, the system's voices.

Why a worker first: with no speech-dispatcher answering, creating Qt's speechd engine
blocks the thread for as long as libspeechd waits (measured: > 30 s with a hung daemon,
~2 s with a healthy one, Qt 6.11). So the service is checked (and started, detached, so
it outlives the kiosk: kiosk.system.speech_service) off the UI thread, and the engine is
made only once it answers; what was to be said meanwhile is said then."""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QLocale, QObject

from kiosk.support.worker import Worker
from kiosk.system.speech_service import SpeechService, ensure_speech_service

log = logging.getLogger("kiosk.speech")

RATE_STEP = 0.25
VOLUME_STEP = 0.2


def preferred_engine(available: list[str]) -> str:
    """speech-dispatcher where there is one (Linux); otherwise Qt's default for the platform."""
    return "speechd" if "speechd" in available else ""


class Speaker(QObject):
    """Says one thing at a time: a new text stops the one being spoken."""

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: None: chosen at the first word (tests set "mock", Qt's silent engine).
        self.engine_name = engine
        self._tts = None
        self._failed = False
        self._checking = False
        self._service_ok = False
        self._pending: tuple[str, str] | None = None
        self._locales: dict[str, QLocale | None] = {}
        self.rate = 0.0
        self.volume = 0.8
        self.last: tuple[str, str] | None = None
        #: The last few texts said, for tests and `repeat`; in memory only, cleared by the wipe.
        self.said: deque[str] = deque(maxlen=20)

    def start(self) -> None:
        """Get ready to speak: check the speech service in a worker (once)."""
        if self._tts is not None or self._failed or self._checking or self._service_ok:
            return
        if self.engine_name == "mock":  # Qt's silent engine for tests: no service behind it
            self._service_ok = True
            return
        self._checking = True
        worker = Worker(self)
        worker.run(ensure_speech_service, self._service_checked)

    def _service_checked(self, service: object) -> None:
        self._checking = False
        if isinstance(service, SpeechService) and (service.ok or service.status == "skipped"):
            self._service_ok = True
            if self._pending is not None:
                self.say(*self._pending)
        else:
            self._failed = True
            detail = service.detail if isinstance(service, SpeechService) else repr(service)
            log.error("no speech: the speech service does not answer (%s)", detail)

    @property
    def broken(self) -> bool:
        """Speech was wanted and cannot work on this kiosk (logged once)."""
        return self._failed

    def _engine(self):  # -> QTextToSpeech | None
        if not self._service_ok:
            self.start()
            return None
        if self._tts is None and not self._failed:
            from PySide6.QtTextToSpeech import QTextToSpeech  # only when a visitor wants speech

            name = self.engine_name
            if name is None:
                name = self.engine_name = preferred_engine(QTextToSpeech.availableEngines())
            tts = QTextToSpeech(name, self) if name else QTextToSpeech(self)
            if tts.state() == QTextToSpeech.State.Error:
                log.error("speech engine %r does not work: %s", name or "default", tts.errorString())
                self._failed = True
                return None
            self._tts = tts
        return self._tts

    def _locale(self, tts, language: str) -> QLocale | None:
        if language not in self._locales:
            wanted = QLocale(language).language()
            matches = [locale for locale in tts.availableLocales() if locale.language() == wanted]
            self._locales[language] = matches[0] if matches else None
            if not matches:
                log.warning("no voice for %s: speaking with the default voice", language)
        return self._locales[language]

    def say(self, text: str, language: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        self.last = (text, language)
        self.said.append(text)
        tts = self._engine()
        if tts is None:
            self._pending = None if self._failed else (text, language)
            return
        self._pending = None
        tts.stop()
        locale = self._locale(tts, language)
        if locale is not None and tts.locale() != locale:
            tts.setLocale(locale)
        tts.setRate(self.rate)
        tts.setVolume(self.volume)
        tts.say(text)

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def repeat(self) -> None:
        if self.last is not None:
            self.say(*self.last)

    def adjust(self, command: str) -> None:
        """ "slower", "faster", "quieter", "louder": then the last text again, to hear it."""
        if command in ("slower", "faster"):
            step = RATE_STEP if command == "faster" else -RATE_STEP
            self.rate = max(-1.0, min(1.0, self.rate + step))
        elif command in ("quieter", "louder"):
            step = VOLUME_STEP if command == "louder" else -VOLUME_STEP
            self.volume = max(0.2, min(1.0, self.volume + step))
        self.repeat()

    def adjust_or_repeat(self, command: str) -> None:
        """A speech control: "repeat", or one of :meth:`adjust`'s."""
        if command == "repeat":
            self.repeat()
        else:
            self.adjust(command)

    def forget(self) -> None:
        """The wipe: silent, nothing of the visitor's remembered, their rate and volume gone."""
        self.stop()
        self.last = self._pending = None
        self.said.clear()
        self.rate, self.volume = 0.0, 0.8
