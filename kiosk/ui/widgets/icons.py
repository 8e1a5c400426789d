"""Icons by role name, drawn from the Font Awesome Free 6 font that ships with qtawesome
(icons CC BY 4.0, font SIL OFL 1.1).

The font and its name→codepoint map are read straight from the qtawesome package:
importing qtawesome itself pulls in qtpy and every Qt module it wraps (~250 ms, half the
home screen's start-up budget, measured). Config files name icons with plain words
(``icon = "car"``); an unknown name falls back to a globe.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPixmap

log = logging.getLogger("kiosk.ui")

ICONS = {
    "signature": "signature",
    "inbox": "inbox",
    "landmark": "landmark",
    "car": "car",
    "search": "magnifying-glass",
    "receipt": "receipt",
    "shield": "shield-halved",
    "book": "book",
    "building": "building-columns",
    "map": "map",
    "briefcase": "briefcase",
    "globe": "globe",
    "home": "house",
    "back": "arrow-left",
    "end": "right-from-bracket",
    "blocked": "ban",
    "offline": "wifi",
    "certificate": "lock",
    "error": "triangle-exclamation",
    "accessibility": "universal-access",
    "news": "newspaper",
    "calendar": "calendar-days",
    "stats": "chart-simple",
    "clock": "clock",
    "retry": "rotate-right",
    "text_size": "font",
    "speech": "volume-high",
    "low_reach": "wheelchair",
    "more": "arrow-down",
    "repeat": "rotate-left",
    "slower": "backward",
    "faster": "forward",
    "louder": "volume-high",
    "quieter": "volume-low",
    "read": "ear-listen",
    "contrast": "circle-half-stroke",
    "language": "language",
    "ok": "circle-check",
    "phone": "phone",
    "qr": "qrcode",
    "place": "location-dot",
    "help": "bell-concierge",
}
_RENDER_PX = 96


def _font_dir() -> Path:
    from kiosk.paths import asset

    bundled = asset("fonts")
    if any(bundled.glob("fontawesome6-solid-webfont-*.ttf")):
        return bundled
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("qtawesome (icon font) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@lru_cache(maxsize=1)
def _font() -> tuple[str, dict[str, str]] | None:
    try:
        directory = _font_dir()
        ttf = sorted(directory.glob("fontawesome6-solid-webfont-*.ttf"))[-1]
        charmap = sorted(directory.glob("fontawesome6-solid-webfont-charmap-*.json"))[-1]
    except (FileNotFoundError, IndexError) as exc:
        log.error("icon font missing (%s); icons will be blank", exc)
        return None
    font_id = QFontDatabase.addApplicationFont(str(ttf))
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        log.error("cannot load the icon font %s", ttf)
        return None
    return families[0], json.loads(charmap.read_text(encoding="utf-8"))


@lru_cache(maxsize=256)
def icon(name: str, colour: str = "#1d4e89") -> QIcon:
    """The icon for a role or config name, drawn in ``colour``."""
    pixmap = QPixmap(_RENDER_PX, _RENDER_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    loaded = _font()
    if loaded is not None:
        family, charmap = loaded
        glyph = charmap.get(ICONS.get(name, "globe")) or charmap["globe"]
        painter = QPainter(pixmap)
        font = QFont(family)
        font.setPixelSize(int(_RENDER_PX * 0.86))
        painter.setFont(font)
        painter.setPen(QColor(colour))
        painter.drawText(QRect(0, 0, _RENDER_PX, _RENDER_PX), Qt.AlignmentFlag.AlignCenter, chr(int(glyph, 16)))
        painter.end()
    return QIcon(pixmap)


@lru_cache(maxsize=64)
def toggle_icon(name: str, off_colour: str, on_colour: str) -> QIcon:
    """A checkable button's icon: ``on_colour`` while checked (it stands on the fill colour)."""
    both = QIcon()
    for state, colour in ((QIcon.State.Off, off_colour), (QIcon.State.On, on_colour)):
        both.addPixmap(icon(name, colour).pixmap(_RENDER_PX, _RENDER_PX), QIcon.Mode.Normal, state)
    return both
