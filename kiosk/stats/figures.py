"""The usage figures: their machine names (CSV columns, stable), what they count, and the
Polish labels of the EU project report. No Qt, no SQL.

Two granularities, on purpose (docs/security.md "Usage statistics"): per *hour* only how
many sessions started and ended; everything that says something about a session (its
length, the service, the language, the accessibility mode) only per *day*, so no hour row
can describe the one visitor who was there.
"""

from __future__ import annotations

from dataclasses import dataclass

HOURLY = ("sessions_started", "sessions")

#: Session lengths, as the report's buckets: (machine name, upper bound in seconds).
DURATION_BUCKETS: tuple[tuple[str, float], ...] = (
    ("duration_under_1_min", 60),
    ("duration_1_5_min", 5 * 60),
    ("duration_5_15_min", 15 * 60),
    ("duration_15_30_min", 30 * 60),
    ("duration_over_30_min", float("inf")),
)
#: End reasons every report has a column for; later ones (e.g. a closing time) add theirs.
END_REASONS = ("idle", "visitor", "crash")
#: A hung renderer is recovered exactly like a crashed one: reports count both as "crash".
COUNTED_AS = {"hang": "crash"}
LANGUAGES = ("pl", "en", "uk")
TEXT_SIZES = (150, 200)

DAILY_FIXED = (
    *(f"sessions_{reason}" for reason in END_REASONS),
    "session_seconds",
    *(name for name, _ in DURATION_BUCKETS),
    "services_opened",
    "blocked_navigations",
    *(f"language_{code}" for code in LANGUAGES),
    *(f"text_{size}" for size in TEXT_SIZES),
    "high_contrast",
    "running_minutes",
)

#: The export's columns before the per-reason and per-service ones, in this order.
COLUMNS = ("kiosk_id", "date", *HOURLY, *DAILY_FIXED)
SERVICE_PREFIX = "service_"  # service_<id>: opens of one e-service
REASON_PREFIX = "sessions_"


def duration_bucket(seconds: float) -> str:
    return next(name for name, limit in DURATION_BUCKETS if seconds < limit)


def end_reason(reason: str) -> str:
    """The reason as reports count it; an unknown word is kept (a later reason), cleaned."""
    reason = COUNTED_AS.get(reason, reason)
    return "".join(c for c in reason.lower() if c.isalnum() or c == "_")[:30] or "visitor"


@dataclass(frozen=True)
class Indicator:
    """A figure of the report's summary sheet: machine name and the Polish label."""

    name: str
    label: str


#: The summary sheet of the XLSX report: the indicators of an EU project's reports.
SUMMARY = (
    Indicator("sessions", "Liczba sesji (osób korzystających z PIAP)"),
    Indicator("sessions_started", "Rozpoczęte sesje"),
    Indicator("services_opened", "Uruchomienia e-usług"),
    Indicator("session_seconds", "Łączny czas korzystania (s)"),
    Indicator("blocked_navigations", "Zablokowane próby otwarcia stron spoza listy"),
    Indicator("running_minutes", "Czas pracy infomatu (min)"),
)

LABELS = {
    "kiosk_id": "Infomat",
    "date": "Okres",
    "sessions_started": "Rozpoczęte sesje",
    "sessions": "Zakończone sesje",
    "sessions_idle": "Zakończone po bezczynności",
    "sessions_visitor": "Zakończone przez osobę",
    "sessions_crash": "Zakończone awarią strony",
    "session_seconds": "Łączny czas sesji (s)",
    "duration_under_1_min": "Sesje < 1 min",
    "duration_1_5_min": "Sesje 1–5 min",
    "duration_5_15_min": "Sesje 5–15 min",
    "duration_15_30_min": "Sesje 15–30 min",
    "duration_over_30_min": "Sesje > 30 min",
    "services_opened": "Uruchomienia e-usług",
    "blocked_navigations": "Zablokowane strony",
    "language_pl": "Sesje po polsku",
    "language_en": "Sesje po angielsku",
    "language_uk": "Sesje po ukraińsku",
    "text_150": "Sesje z tekstem 150 %",
    "text_200": "Sesje z tekstem 200 %",
    "high_contrast": "Sesje z wysokim kontrastem",
    "running_minutes": "Czas pracy (min)",
}


def label(column: str) -> str:
    if column.startswith(SERVICE_PREFIX):
        return f"E-usługa: {column[len(SERVICE_PREFIX) :]}"
    return LABELS.get(column, column)
