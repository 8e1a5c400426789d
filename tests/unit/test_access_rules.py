"""The pure rules of access: explore by touch, the focus ring's contrast, what is said for
a web field (never its value), and the visitor's access choices reset with the rest."""

from __future__ import annotations

import pytest

from kiosk.ui.speech.describe import describe_field
from kiosk.ui.speech.explore import DOUBLE_TAP_SECONDS, TapMemory
from kiosk.ui.widgets.focus import RING_INNER, RING_OUTER
from kiosk.ui.widgets.theme import contrast, county_palette, high_contrast_palette
from kiosk.ui.window.choices import Choices


def test_a_first_tap_speaks_and_a_second_soon_after_acts() -> None:
    taps = TapMemory()
    assert not taps.acts(1, 10.0)  # speaks
    assert taps.acts(1, 10.0 + DOUBLE_TAP_SECONDS - 0.01)  # acts
    assert not taps.acts(1, 10.2)  # after acting, the next tap speaks again


def test_a_slow_second_tap_or_another_control_speaks_again() -> None:
    taps = TapMemory()
    assert not taps.acts(1, 0.0)
    assert not taps.acts(1, DOUBLE_TAP_SECONDS + 0.1)  # too slow: speaks (and starts a new pair)
    assert taps.acts(1, DOUBLE_TAP_SECONDS + 0.3)
    assert not taps.acts(2, DOUBLE_TAP_SECONDS + 0.4)  # another control: speaks


@pytest.mark.parametrize("palette", [county_palette(), county_palette("#f5f5f5", "#ffee00"), high_contrast_palette()])
def test_the_focus_ring_stands_out_on_every_colour_of_both_themes(palette) -> None:
    backgrounds = {palette.background, palette.surface, palette.primary, palette.accent, palette.border}
    for colour in backgrounds:
        assert max(contrast(RING_OUTER, colour), contrast(RING_INNER, colour)) >= 3.0, colour
    assert contrast(RING_OUTER, RING_INNER) >= 3.0


def test_a_field_is_said_by_its_label_and_kind_never_its_value() -> None:
    assert describe_field(["Numer PESEL", "input", "text"], "pl") == "Numer PESEL, pole tekstowe"
    assert describe_field(["Hasło", "input", "password"], "pl") == "Hasło, pole hasła"
    assert describe_field(["Dalej", "button", ""], "pl") == "Dalej, przycisk"
    assert describe_field(["Wyślij", "input", "submit"], "pl") == "Wyślij, przycisk"
    assert (
        describe_field('["Numer PESEL", "input", "tel"]', "pl") == "Numer PESEL, pole tekstowe"
    )  # as the page sends it
    assert describe_field("not json", "pl") == ""
    assert describe_field(None, "pl") == ""
    assert describe_field(["x", "input"], "pl") == ""  # not what the script returns: nothing said


def test_access_choices_follow_the_config_modes() -> None:
    assert Choices.default("pl") == Choices("pl")
    both = Choices.default("pl", speech="always", low_reach="always")
    assert both.speech and both.low_reach
    assert not Choices.default("pl", speech="button").speech
    assert Choices("pl").with_speech(True).with_low_reach(True) == Choices("pl", speech=True, low_reach=True)
