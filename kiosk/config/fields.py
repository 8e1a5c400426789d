"""The building blocks of the config schema: the strict base model, the checked value
types (rules, URLs, hours, colours, keys) and localized texts."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Annotated, Literal

# No pydantic plugins: looking them up scans every installed distribution's entry points
# (~30 ms of start-up, measured) and a kiosk has no use for them.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from kiosk.config.methods import TextMethods
from kiosk.config.wording import rule_problem, say_again
from kiosk.core.hours import normalise, parse_night_range, parse_ranges
from kiosk.core.listen_address import parse_listen
from kiosk.core.minisign import MinisignError, parse_public_key
from kiosk.core.pin_hash import parse_pin_hash
from kiosk.core.policy import RuleError, parse_rule
from kiosk.core.technician import TN_, tech
from kiosk.core.urls import fleet_url_allowed, parse_url

Language = Literal["pl", "en", "uk"]
#: Icons a tile may name (drawn by kiosk/ui/widgets/icons.py; docs/icons.png shows them).
TileIcon = Literal[
    "signature", "inbox", "landmark", "car", "search", "receipt", "shield", "book", "building", "map",
    "briefcase", "globe", "home", "news", "calendar", "clock", "phone", "place", "accessibility",
]  # fmt: skip


class StrictModel(BaseModel):
    """Unknown keys are errors; TOML types are taken as written (no "120" → 120)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


def _check_rule(rule: str) -> str:
    try:
        parse_rule(rule)
    except RuleError as exc:
        raise ValueError(rule_problem(exc.rule, exc.problem)) from None
    return rule


def _said_again(check: Callable[[str], object], text: str) -> None:
    """``check(text)``; its ValueError (English, from kiosk.core) in the technician's language."""
    try:
        check(text)
    except ValueError as exc:
        raise ValueError(say_again(str(exc))) from None


def _check_web_url(url: str) -> str:
    if parse_url(url) is None:
        raise ValueError(tech("{url} is not a complete http:// or https:// address", url=repr(url)))
    return url


def _normalise_dashes(value: object) -> object:
    # Polish websites write hours with an en dash ("7:30–15:30"); a technician copies them.
    return normalise(value) if isinstance(value, str) else value


def _check_hours(text: str) -> str:
    _said_again(parse_ranges, text)
    return text


def _check_night(text: str) -> str:
    if text:
        _said_again(parse_night_range, text)
    return text


def _check_clock(text: str) -> str:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(tech("write a time of day as 'HH:MM', e.g. '03:30', got {value}", value=repr(text)))
    return text


def _check_listen(text: str) -> str:
    if text:
        _said_again(parse_listen, text)
    return text


def _check_prom_file(text: str) -> str:
    if text and not text.endswith(".prom"):
        message = TN_("node_exporter's textfile collector reads only files ending in .prom, got {value}")
        raise ValueError(tech(message, value=repr(text)))
    return text


def _check_fleet_url(url: str) -> str:
    if url and not fleet_url_allowed(url):
        message = TN_("{url}: the county file is fetched over https:// (plain http only from this machine)")
        raise ValueError(tech(message, url=repr(url)))
    return url


def _check_public_key(text: str) -> str:
    try:
        parse_public_key(text)
    except MinisignError as exc:
        advice = TN_("{problem}; copy the RW… line that minisign -G or kiosk fleet keygen printed")
        raise ValueError(tech(advice, problem=say_again(str(exc)))) from None
    return text


def _check_pin_hash(text: str) -> str:
    if text:
        _said_again(parse_pin_hash, text)
    return text


Rule = Annotated[str, AfterValidator(_check_rule)]
FleetUrl = Annotated[str, AfterValidator(_check_fleet_url)]
MinisignKey = Annotated[str, AfterValidator(_check_public_key)]
PinHash = Annotated[str, AfterValidator(_check_pin_hash)]
Listen = Annotated[str, AfterValidator(_check_listen)]
PromFile = Annotated[str, AfterValidator(_check_prom_file)]
WebUrl = Annotated[str, AfterValidator(_check_web_url)]
Hours = Annotated[str, BeforeValidator(_normalise_dashes), AfterValidator(_check_hours)]
NightRange = Annotated[str, BeforeValidator(_normalise_dashes), AfterValidator(_check_night)]
ClockTime = Annotated[str, AfterValidator(_check_clock)]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", json_schema_extra={"hint": TN_("#RRGGBB")})]


class LocalizedText(TextMethods, StrictModel):
    """A text in Polish with optional English and Ukrainian versions."""

    pl: str = Field(min_length=1, description="Polish text (always shown when no translation).")
    en: str | None = Field(None, description="English text.")
    uk: str | None = Field(None, description="Ukrainian text.")


def _text_from_plain_string(value: object) -> object:
    return {"pl": value} if isinstance(value, str) else value


Text = Annotated[LocalizedText, BeforeValidator(_text_from_plain_string)]
