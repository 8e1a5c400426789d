"""The usage figures: their machine names (stable, for scripts), what they count, and the
labels of the EU project report (English source texts; Polish in the technician's
catalogue, assets/i18n/technician/pl/stats.po). No Qt, no SQL.

Two granularities, on purpose (docs/security.md "Usage statistics"): per *hour* only how
many sessions started and ended; everything that says something about a session (its
length, the service, the language, the accessibility mode) only per *day*, so no hour row
can describe the one visitor who was there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.core.technician import TN_, tech

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
    """A figure of the report's summary sheet: machine name and its label (English source,
    shown in the technician's language: ``tech(indicator.label)``)."""

    name: str
    label: str


#: The summary sheet of the XLSX report: the indicators of an EU project's reports.
SUMMARY = (
    Indicator("sessions", TN_("Number of sessions (people using the PIAP)")),
    Indicator("sessions_started", TN_("Sessions started")),
    Indicator("services_opened", TN_("E-service opens")),
    Indicator("session_time", TN_("Total time in use (h:mm)")),
    Indicator("blocked_navigations", TN_("Blocked attempts to open pages not on the list")),
    Indicator("running_time", TN_("Kiosk running time (h:mm)")),
)

#: Durations a report for people gives as h:mm: the figure, its h:mm column, seconds per unit.
DURATIONS = {"session_seconds": ("session_time", 1), "running_minutes": ("running_time", 60)}

LABELS = {
    "kiosk_id": TN_("Kiosk ID"),
    "kiosk_name": TN_("Kiosk"),
    "date": TN_("Period"),
    "sessions_started": TN_("Sessions started"),
    "sessions": TN_("Sessions ended"),
    "sessions_idle": TN_("Ended after inactivity"),
    "sessions_visitor": TN_("Ended by the visitor"),
    "sessions_crash": TN_("Ended by a page failure"),
    "session_seconds": TN_("Total session time (s)"),
    "session_time": TN_("Total session time (h:mm)"),
    "duration_under_1_min": TN_("Sessions < 1 min"),
    "duration_1_5_min": TN_("Sessions 1–5 min"),
    "duration_5_15_min": TN_("Sessions 5–15 min"),
    "duration_15_30_min": TN_("Sessions 15–30 min"),
    "duration_over_30_min": TN_("Sessions > 30 min"),
    "services_opened": TN_("E-service opens"),
    "blocked_navigations": TN_("Blocked pages"),
    "language_pl": TN_("Sessions in Polish"),
    "language_en": TN_("Sessions in English"),
    "language_uk": TN_("Sessions in Ukrainian"),
    "text_150": TN_("Sessions with 150 % text"),
    "text_200": TN_("Sessions with 200 % text"),
    "high_contrast": TN_("Sessions with high contrast"),
    "running_minutes": TN_("Running time (min)"),
    "running_time": TN_("Running time (h:mm)"),
}


def label(column: str, titles: Mapping[str, str] | None = None) -> str:
    """A column's header in the technician's language; a service's with its title beside its id."""
    if column.startswith(SERVICE_PREFIX):
        service = column[len(SERVICE_PREFIX) :]
        title = (titles or {}).get(service)
        return service_label(service, title)
    if column.startswith(REASON_PREFIX) and column not in LABELS:
        return tech("Ended: {reason}", reason=column[len(REASON_PREFIX) :])
    return tech(LABELS[column]) if column in LABELS else column


def service_label(service: str, title: str | None) -> str:
    """The header of a service column: "E-service: ePUAP (epuap)", or the id alone without a title."""
    if title:
        return tech("E-service: {title} ({id})", title=title, id=service)
    return tech("E-service: {id}", id=service)
