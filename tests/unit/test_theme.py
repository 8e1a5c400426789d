"""WCAG 2.1 AA contrast, computed from the theme colours themselves."""

from __future__ import annotations

import pytest

from kiosk.ui.widgets.theme import contrast, county_palette, darken_until, high_contrast_palette, stylesheet, text_pairs

PALETTES = {
    "county default": county_palette(),
    "county Łęczna": county_palette("#17613a", "#a31621"),
    "county light colours from a careless config": county_palette("#9ecbff", "#ffd1dc"),
    "high contrast": high_contrast_palette(),
}


@pytest.mark.parametrize("name", PALETTES)
def test_every_text_pair_meets_wcag_aa(name: str) -> None:
    palette = PALETTES[name]
    failing = {
        pair: round(contrast(fg, bg), 2) for pair, (fg, bg) in text_pairs(palette).items() if contrast(fg, bg) < 4.5
    }
    assert failing == {}


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_unreadable_county_colour_is_darkened_just_enough() -> None:
    darker = darken_until("#9ecbff", "#ffffff")
    assert contrast(darker, "#ffffff") >= 4.5
    assert darker != "#000000"


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_stylesheet_scales_text(scale: float) -> None:
    sheet = stylesheet(county_palette(), scale)
    assert f"font-size: {round(22 * scale)}px" in sheet
