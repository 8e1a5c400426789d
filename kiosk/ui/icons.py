"""Icons by role name, from qtawesome (Font Awesome Free 6: icons CC BY 4.0, font SIL OFL 1.1).

Config files name icons with plain words (``icon = "car"``); unknown names fall back
to a globe so a typo never leaves a tile without an icon.
"""

from __future__ import annotations

import qtawesome
from PySide6.QtGui import QIcon

ICONS = {
    "signature": "fa6s.signature",
    "inbox": "fa6s.inbox",
    "landmark": "fa6s.landmark",
    "car": "fa6s.car",
    "search": "fa6s.magnifying-glass",
    "receipt": "fa6s.receipt",
    "shield": "fa6s.shield-halved",
    "book": "fa6s.book",
    "building": "fa6s.building-columns",
    "map": "fa6s.map",
    "briefcase": "fa6s.briefcase",
    "globe": "fa6s.globe",
    "home": "fa6s.house",
    "back": "fa6s.arrow-left",
    "end": "fa6s.right-from-bracket",
    "blocked": "fa6s.ban",
    "offline": "fa6s.wifi",
    "certificate": "fa6s.lock",
    "error": "fa6s.triangle-exclamation",
    "accessibility": "fa6s.universal-access",
    "news": "fa6s.newspaper",
    "calendar": "fa6s.calendar-days",
    "stats": "fa6s.chart-simple",
    "clock": "fa6s.clock",
    "retry": "fa6s.rotate-right",
    "text_size": "fa6s.font",
    "contrast": "fa6s.circle-half-stroke",
    "language": "fa6s.language",
    "ok": "fa6s.circle-check",
    "phone": "fa6s.phone",
    "place": "fa6s.location-dot",
}


def icon(name: str, colour: str = "#1d4e89") -> QIcon:
    """The icon for a role or config name, drawn in ``colour``."""
    return qtawesome.icon(ICONS.get(name, ICONS["globe"]), color=colour)
