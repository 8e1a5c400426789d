"""The reachable band (EN 301 549 8.3: 380–1220 mm above the floor) and its config warning."""

from __future__ import annotations

from kiosk.config.loader import parse_config
from kiosk.core.reach import Band, band_share, reach_band


def test_unknown_mounting_is_the_lower_half() -> None:
    assert reach_band(1920) == Band(960, 1920)
    assert reach_band(1080, 0, 700) == Band(540, 1080)


def test_a_portrait_screen_on_a_standing_kiosk() -> None:
    # lower edge 700 mm, 710 mm tall: the top 1410 mm; 1220 mm is 190 mm below the top
    band = reach_band(1920, 700, 710)
    assert band.top == round(190 * 1920 / 710)
    assert band.bottom == 1920  # 380 mm is below the screen
    assert band.holds(1919) and not band.holds(band.top - 1)


def test_a_screen_above_the_band_has_none() -> None:
    assert reach_band(1080, 1300, 400).height == 0
    assert band_share(1300, 400) == 0.0
    assert band_share(800, 400) == 1.0


def test_check_config_warns_when_the_band_is_small() -> None:
    high = parse_config("[kiosk]\nscreen_bottom_mm = 1150\nscreen_height_mm = 700\n")
    assert [w.key for w in high.warnings] == ["kiosk.screen_bottom_mm"]
    assert "mount the screen lower" in high.warnings[0].message
    low = parse_config("[kiosk]\nscreen_bottom_mm = 700\nscreen_height_mm = 700\n")
    assert low.warnings == []
