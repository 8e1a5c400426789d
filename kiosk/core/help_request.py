"""The "Pomoc" request ([help] enabled): a visitor asked for a staff member. Qt-free.

One request at a time: it is made by a press, lasts until the visitor's session ends or
a technician clears it in the admin panel, and a second press while it waits makes no
new request (the visitor is told again that staff know). Nothing the visitor typed or
opened is part of it: only when it was made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class HelpRequest:
    """``requested_at``: when the waiting request was made (None: none waits)."""

    requested_at: dt.datetime | None = None
    cleared_by: str | None = None  # who ended the last request: "session" or "technician"

    @property
    def requested(self) -> bool:
        return self.requested_at is not None

    def request(self, now: dt.datetime) -> bool:
        """A press at ``now``: True when it made a new request, False while one waits."""
        if self.requested_at is not None:
            return False
        self.requested_at, self.cleared_by = now, None
        return True

    def clear(self, who: str) -> bool:
        """The request ends (``who``: "session" or "technician"); False if none waited."""
        if self.requested_at is None:
            return False
        self.requested_at, self.cleared_by = None, who
        return True

    def time_text(self) -> str:
        """``HH:MM`` of the waiting request, for the admin panel ("" when none waits)."""
        return self.requested_at.strftime("%H:%M") if self.requested_at is not None else ""
