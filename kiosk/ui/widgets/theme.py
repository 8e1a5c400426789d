"""Colours and the Qt style sheet. Pure data except :func:`stylesheet`, which only builds text.

Two palettes: the county theme (colours from the config) and high contrast. Every text /
background pair both palettes use is listed in :func:`text_pairs`, so a test can prove
WCAG 2.1 AA (≥ 4.5:1) for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from string import Template

from kiosk.paths import asset

BASE_FONT_PX = 22


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1.0 … 21.0)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darken_until(colour: str, against: str, ratio: float = 4.5) -> str:
    """``colour`` darkened just enough to reach ``ratio`` against ``against``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    current = colour
    while contrast(current, against) < ratio and (r or g or b):
        r, g, b = (max(0, int(c * 0.92)) for c in (r, g, b))
        current = f"#{r:02x}{g:02x}{b:02x}"
    return current


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    surface: str
    text: str
    muted: str
    primary: str
    on_primary: str
    accent: str
    on_accent: str
    heading: str
    border: str
    focus: str
    ok: str
    warning_bg: str
    warning_text: str


def county_palette(primary: str = "#1d4e89", accent: str = "#b0182a") -> Palette:
    """Calm public-sector light theme in the county colours (made readable if needed)."""
    base = Palette(
        name="county",
        background="#eef2f6",
        surface="#ffffff",
        text="#1b1f24",
        muted="#4a5563",
        primary=primary,
        on_primary="#ffffff",
        accent=accent,
        on_accent="#ffffff",
        heading=primary,
        border="#c5ced8",
        focus="#f2b705",
        ok="#1d6b35",
        warning_bg="#fff4d6",
        warning_text="#4d3800",
    )
    # A technician's colour choice must not make text unreadable.
    return replace(
        base,
        primary=darken_until(primary, "#ffffff"),
        accent=darken_until(accent, "#ffffff"),
        heading=darken_until(primary, "#ffffff"),
    )


def high_contrast_palette() -> Palette:
    return Palette(
        name="high_contrast",
        background="#000000",
        surface="#000000",
        text="#ffffff",
        muted="#ffffff",
        primary="#000000",
        on_primary="#ffff00",
        accent="#ffff00",
        on_accent="#000000",
        heading="#ffff00",
        border="#ffffff",
        focus="#00ffff",
        ok="#7CFC00",
        warning_bg="#000000",
        warning_text="#ffff00",
    )


def text_pairs(p: Palette) -> dict[str, tuple[str, str]]:
    """Every (foreground, background) pair the style sheet uses for text."""
    return {
        "body": (p.text, p.background),
        "muted on background": (p.muted, p.background),
        "card": (p.text, p.surface),
        "muted on card": (p.muted, p.surface),
        "header": (p.on_primary, p.primary),
        "tile title": (p.heading, p.surface),
        "accent button": (p.on_accent, p.accent),
        "primary button": (p.on_primary, p.primary),
        "open state": (p.ok, p.surface),
        "warning": (p.warning_text, p.warning_bg),
    }


def stylesheet(palette: Palette, scale: float = 1.0) -> str:
    """The application style sheet for ``palette`` with fonts scaled by ``scale``."""
    template = Template(asset("themes", "kiosk.qss").read_text(encoding="utf-8"))

    def px(size: float) -> str:
        return f"{round(size * scale)}px"

    values = {field: getattr(palette, field) for field in palette.__dataclass_fields__}
    values.update(
        font_small=px(BASE_FONT_PX * 0.82),
        font_base=px(BASE_FONT_PX),
        font_large=px(BASE_FONT_PX * 1.27),
        font_title=px(BASE_FONT_PX * 1.64),
        font_huge=px(BASE_FONT_PX * 2.4),
        tile_border="3px" if palette.name == "high_contrast" else "1px",
    )
    return template.substitute(values)
