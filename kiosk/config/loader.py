"""Load a TOML config file into :class:`KioskConfig`, reporting every problem at once.

Each problem becomes one line ``PATH:LINE: key.path: message`` in plain words, with a
"did you mean …?" for unknown keys and misspelt choices. Reading never raises anything
but :class:`ConfigError`, whatever the file is (binary, huge, a directory, unreadable).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kiosk.config.cross_checks import cross_check, cross_check_warnings
from kiosk.config.locate import LineLocator, Loc
from kiosk.config.reading import ConfigError, ConfigIssue, read_config_text
from kiosk.config.schema import CONFIG_VERSION, CROSS_CHECK_MARK, KioskConfig
from kiosk.config.syntax import syntax_issue
from kiosk.core.technician import TN_, tech, tech_n


def load_config(path: str | Path) -> KioskConfig:
    """Read and validate ``path``; raise :class:`ConfigError` listing all problems."""
    name = str(path)
    return validate_file_text(read_config_text(Path(path), name), name, Path(path).resolve())


def validate_file_text(text: str, name: str, source: Path) -> KioskConfig:
    """Validate ``text`` already read from the file ``source`` (relative paths in it start
    at its folder, and the files they name must exist); ``name`` is used in messages."""
    config = parse_config(text, name, folder=source.parent)
    config._source = source
    return config


def parse_config(text: str, name: str = "<config>", folder: Path | None = None) -> KioskConfig:
    """Validate TOML ``text``; ``name`` is used in messages. With ``folder`` (where the file
    is), the files it names are checked too; without, only absolute paths are.

    Warnings (allowed, but probably not meant) are kept in ``config.warnings``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([syntax_issue(exc, name, text)]) from None
    locator = LineLocator(text)

    version = data.get("config_version", CONFIG_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version > CONFIG_VERSION:
        message = TN_(
            "this file is written for config_version {version}, but this Infomat understands only up to "
            "{supported}; update Infomat or use an older config"
        )
        line = locator.line_of(("config_version",))
        issue = ConfigIssue(name, line, "config_version", tech(message, version=version, supported=CONFIG_VERSION))
        raise ConfigError([issue])

    return validate_data(data, name, locator.line_of, folder)


def validate_data(
    data: dict,
    name: str,
    line_of: Callable[[Loc], int | None],
    folder: Path | None = None,
    check_files: bool = True,
) -> KioskConfig:
    """Validate parsed config ``data`` (e.g. a county file merged for one kiosk); ``line_of``
    places a key path on a line of the text it came from. ``check_files=False``: the files
    it names are not looked for (they are on the kiosks, not on the machine checking)."""
    issues: list[ConfigIssue] = []
    config: KioskConfig | None = None
    try:
        config = KioskConfig.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            issue = _issue_from_pydantic(error, line_of, name)
            if issue is not None:
                issues.append(issue)
    files = missing_files(data, folder) if check_files else []
    for loc, message in [*cross_check(data), *files]:
        issues.append(ConfigIssue(name, line_of(loc), dotted(loc), message))
    if issues:
        unique = list(dict.fromkeys(issues))
        unique.sort(key=lambda i: i.line or 0)
        raise ConfigError(unique)
    assert config is not None
    config._warnings = [
        ConfigIssue(name, line_of(loc), dotted(loc), message, warning=True)
        for loc, message in cross_check_warnings(data)
    ]
    return config


IMAGE_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg")


def missing_files(data: dict, folder: Path | None) -> list[tuple[Loc, str]]:
    """Files the config names that the kiosk could not open: each an error with its key."""
    wanted: list[tuple[Loc, object, bool]] = []  # location, path, must be an image
    theme, content, attract = (
        data.get(k) if isinstance(data.get(k), dict) else {} for k in ("theme", "content", "attract")
    )
    if theme.get("logo"):
        wanted.append((("theme", "logo"), theme["logo"], True))
    for kind in ("news", "calendar"):
        section = content.get(kind) if isinstance(content.get(kind), dict) else {}
        if section.get("file") and not section.get("url"):
            wanted.append((("content", kind, "file"), section["file"], False))
    metrics = data.get("metrics") if isinstance(data.get("metrics"), dict) else {}
    wanted += [(("metrics", key), metrics[key], False) for key in ("tls_cert", "tls_key", "tls_client_ca")
               if metrics.get(key)]  # fmt: skip
    fleet = data.get("fleet") if isinstance(data.get("fleet"), dict) else {}
    if fleet.get("ca_file"):
        wanted.append((("fleet", "ca_file"), fleet["ca_file"], False))
    images = attract.get("images") if isinstance(attract.get("images"), list) else []
    wanted += [(("attract", "images", i), image, True) for i, image in enumerate(images)]
    problems: list[tuple[Loc, str]] = []
    for loc, raw, image in wanted:
        if not isinstance(raw, str):
            continue  # the schema reports the type
        path = Path(raw)
        if not path.is_absolute():
            if folder is None:
                continue
            path = folder / path
        if image and path.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append((loc, tech("{file} is not a PNG, SVG or JPEG image", file=repr(raw))))
        elif Path(raw).is_absolute() and not path.is_file():
            problems.append((loc, tech("file {file} not found (looked for {path})", file=repr(raw), path=path)))
        elif not path.is_file():
            message = TN_(
                "file {file} not found (looked for {path}; a relative path starts at the config file's folder)"
            )
            problems.append((loc, tech(message, file=repr(raw), path=path)))
    return problems


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, dict):
        return tech("a table")
    if isinstance(value, list):
        return tech("a list")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()  # as TOML writes it, not datetime.date(…)
    return repr(value)


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The schema model that holds the key at ``loc`` (for did-you-mean suggestions)."""
    model: Any = KioskConfig
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _unwrap_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap_model(annotation: Any) -> Any:
    for candidate in [annotation, *typing.get_args(annotation)]:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        inner = typing.get_args(candidate)
        for arg in inner:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return None


def _field_bounds(loc: Loc) -> tuple[Any, Any]:
    model = _model_at(loc)
    if model is None or not isinstance(loc[-1], str):
        return None, None
    field = model.model_fields.get(loc[-1])
    ge = le = None
    for meta in field.metadata if field else ():
        ge = getattr(meta, "ge", ge)
        le = getattr(meta, "le", le)
    return ge, le


def _field_hint(loc: Loc) -> str | None:
    model = _model_at(loc)
    if model is None or not isinstance(loc[-1], str):
        return None
    field = model.model_fields.get(loc[-1])
    extra = field.json_schema_extra if field else None
    if isinstance(extra, dict):
        return extra.get("hint")  # type: ignore[return-value]
    return None


# Common ways technicians write a choice that difflib would not connect to the right one.
_ALIASES = {"ua": "uk", "ukr": "uk", "pol": "pl", "polski": "pl", "eng": "en", "english": "en"}


def _did_you_mean(word: str, choices: list[str]) -> str | None:
    """The choice ``word`` was probably meant to be, if any."""
    alias = _ALIASES.get(word.lower())
    if alias in choices:
        return alias
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return match[0] if match else None


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    """Drop pydantic's union/validator tags so the path is what the technician wrote."""
    clean: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part in {"function-before", "function-after"}):
            continue
        if isinstance(part, str) and part in {"LocalizedText", "str", "int", "none", "lax-or-strict"}:
            continue
        clean.append(part)
    return tuple(clean)


def _issue_from_pydantic(error: ErrorDetails, line_of: Callable[[Loc], int | None], name: str) -> ConfigIssue | None:
    kind = error["type"]
    loc = _clean_loc(tuple(error["loc"]))
    ctx = error.get("ctx") or {}
    if kind == "value_error" and str(ctx.get("error", "")).startswith(CROSS_CHECK_MARK):
        return None  # reported from the raw data by cross_check(), with exact locations
    return ConfigIssue(name, line_of(loc), dotted(loc), _message(error, loc))


def _message(error: ErrorDetails, loc: Loc) -> str:
    """What is wrong with the value at ``loc``, in whole sentences of the technician's language."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    got = _describe(value)
    if kind == "extra_forbidden":
        model = _model_at(loc)
        known = list(model.model_fields) if model else []
        key = str(loc[-1])
        suggestion = _did_you_mean(key, known)
        if suggestion:
            return tech("unknown key '{key}'; did you mean '{suggestion}'?", key=key, suggestion=suggestion)
        if known:
            return tech("unknown key '{key}' (known keys here: {known})", key=key, known=", ".join(known))
        return tech("unknown key '{key}'", key=key)
    if kind == "missing":
        return tech("required key is missing")
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        ge, le = _field_bounds(loc)
        if ge is not None and le is not None:
            return tech("must be between {low} and {high}, got {value}", low=ge, high=le, value=got)
        if ge is not None:
            return tech("must be at least {low}, got {value}", low=ge, value=got)
        return tech("must be at most {high}, got {value}", high=le, value=got)
    simple = _SIMPLE.get(kind)
    if simple:
        return tech(simple, value=got)
    if kind == "literal_error":
        return _choice_message(loc, value, re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
    if kind == "string_pattern_mismatch":
        hint = _field_hint(loc)
        if hint:
            return tech("{value} has the wrong form; expected {hint}", value=got, hint=tech(hint))
        return tech("{value} has the wrong form", value=got)
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return tech("must not be empty")
    if kind in {"string_too_short", "string_too_long"}:
        limit = int(ctx.get("min_length" if kind == "string_too_short" else "max_length", 0))
        if kind == "string_too_short":
            return tech_n("is too short (at least {n} character)", "is too short (at least {n} characters)", limit)
        return tech_n("is too long (at most {n} character)", "is too long (at most {n} characters)", limit)
    if kind == "too_long":
        limit = int(ctx.get("max_length", 0))
        return tech_n("may have at most {n} item", "may have at most {n} items", limit)
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))  # said in the technician's language where raised
    return tech("is not valid: {detail}", detail=error["msg"])  # pydantic's words: a case not met yet


#: Messages that need only the value that was written.
_SIMPLE = {
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), TN_("must be a whole number, got {value}")),
    **dict.fromkeys(("bool_type", "bool_parsing"), TN_("must be true or false (without quotes), got {value}")),
    "string_type": TN_("must be text in quotes, got {value}"),
    "list_type": TN_('must be a list such as ["a", "b"], got {value}'),
    **dict.fromkeys(
        ("model_type", "dict_type", "model_attributes_type"),
        TN_("must be a table ([section] or {{key = value}}), got {value}"),
    ),
    **dict.fromkeys(
        ("date_type", "date_parsing", "date_from_datetime_inexact"),
        TN_("must be a date such as 2026-11-28 (without quotes), got {value}"),
    ),
    **dict.fromkeys(
        ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"),
        TN_("must be a date and time such as 2026-11-28T08:00:00+01:00 (without quotes), got {value}"),
    ),
}


def _choice_message(loc: Loc, value: object, expected: list[str]) -> str:
    """A value that is not one of the choices: the choices, what was probably meant, the hint."""
    choices = ", ".join(repr(e) for e in expected)
    suggestion = _did_you_mean(value, expected) if isinstance(value, str) else None
    hint = _field_hint(loc)
    fields = {"choices": choices, "value": _describe(value), "suggestion": suggestion, "hint": hint and tech(hint)}
    if suggestion and hint:
        return tech("must be one of {choices}, got {value}; did you mean '{suggestion}'? ({hint})", **fields)
    if suggestion:
        return tech("must be one of {choices}, got {value}; did you mean '{suggestion}'?", **fields)
    if hint:
        return tech("must be one of {choices}, got {value} ({hint})", **fields)
    return tech("must be one of {choices}, got {value}", **fields)
