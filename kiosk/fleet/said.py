"""A technician text kept as its English source and fields, put into words when shown.

A refusal is made once (in a worker thread, a shell command, the start-up path) and
shown many times: in the log (always English, so logs stay greppable), by ``kiosk fleet
pull``, and in the admin panel. Keeping the English msgid and its fields, not a finished
sentence, lets each of them say it in the technician's language of that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.core.technician import tech


@dataclass(frozen=True)
class Said:
    """``text``: an English technician text (marked with ``TN_`` where it is written) whose
    ``{placeholders}`` come from ``fields``; a field may itself be something said (any
    object with ``english()`` and ``shown()``), put into the same language."""

    text: str
    fields: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, text: str, /, **fields: Any) -> Said:
        return cls(text, tuple(fields.items()))

    def english(self) -> str:
        """For the log."""
        values = {name: _english(value) for name, value in self.fields}
        return self.text.format(**values) if values else self.text

    def shown(self) -> str:
        """For the technician: in :func:`kiosk.core.technician.language`."""
        return tech(self.text, **{name: _shown(value) for name, value in self.fields})

    def __str__(self) -> str:
        return self.shown()


def _english(value: Any) -> Any:
    return value.english() if callable(getattr(value, "english", None)) else value


def _shown(value: Any) -> Any:
    return value.shown() if callable(getattr(value, "shown", None)) else value
