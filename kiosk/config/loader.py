"""Load a TOML config file into :class:`KioskConfig`, reporting every problem at once.

Each problem becomes one line ``PATH:LINE: key.path: message`` in plain words, with a
"did you mean …?" for unknown keys and misspelt choices. Reading never raises anything
but :class:`ConfigError`, whatever the file is (binary, huge, a directory, unreadable).
"""

from __future__ import annotations

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
from kiosk.config.syntax import duplicate_message, unclosed_string_message


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
        raise ConfigError([_syntax_issue(exc, name, text)]) from None
    locator = LineLocator(text)

    version = data.get("config_version", CONFIG_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version > CONFIG_VERSION:
        raise ConfigError(
            [
                ConfigIssue(
                    name,
                    locator.line_of(("config_version",)),
                    "config_version",
                    f"this file is written for config_version {version}, but this Infomat understands "
                    f"only up to {CONFIG_VERSION}; update Infomat or use an older config",
                )
            ]
        )

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
            problems.append((loc, f"{raw!r} is not a PNG, SVG or JPEG image"))
        elif not path.is_file():
            note = "" if Path(raw).is_absolute() else "; a relative path starts at the config file's folder"
            problems.append((loc, f"file {raw!r} not found (looked for {path}{note})"))
    return problems


_SYNTAX_POS_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_SYNTAX_END_RE = re.compile(r"\s*\(at end of document\)$")


def _syntax_issue(exc: tomllib.TOMLDecodeError, name: str, source: str) -> ConfigIssue:
    message = str(exc)
    match = _SYNTAX_POS_RE.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        text = _SYNTAX_POS_RE.sub("", message)
        if text.startswith(("Cannot overwrite a value", "Cannot declare")):
            clear = duplicate_message(source, line)
        elif text == "Illegal character '\\n'":
            clear = unclosed_string_message(source, line)
        else:
            clear = None
        if clear:
            return ConfigIssue(name, line, "", clear)
        return ConfigIssue(name, line, "", f"TOML syntax error at column {column}: {text}")
    text = _SYNTAX_END_RE.sub("", message)
    return ConfigIssue(name, None, "", f"TOML syntax error at the end of the file: {text}")


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
        return "a table"
    if isinstance(value, list):
        return "a list"
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


def _did_you_mean(word: str, choices: list[str]) -> str:
    alias = _ALIASES.get(word.lower())
    if alias in choices:
        return f"; did you mean '{alias}'?"
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


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
    value = error.get("input")
    ctx = error.get("ctx") or {}
    message = error["msg"]
    if kind == "value_error" and str(ctx.get("error", "")).startswith(CROSS_CHECK_MARK):
        return None  # reported from the raw data by cross_check(), with exact locations
    if kind == "extra_forbidden":
        model = _model_at(loc)
        known = list(model.model_fields) if model else []
        key = str(loc[-1])
        message = f"unknown key '{key}'" + _did_you_mean(key, known)
        if not _did_you_mean(key, known) and known:
            message += f" (known keys here: {', '.join(known)})"
    elif kind == "missing":
        message = "required key is missing"
    elif kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        ge, le = _field_bounds(loc)
        if ge is not None and le is not None:
            message = f"must be between {ge} and {le}, got {_describe(value)}"
        elif ge is not None:
            message = f"must be at least {ge}, got {_describe(value)}"
        else:
            message = f"must be at most {le}, got {_describe(value)}"
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        message = f"must be a whole number, got {_describe(value)}"
    elif kind in {"bool_type", "bool_parsing"}:
        message = f"must be true or false (without quotes), got {_describe(value)}"
    elif kind == "string_type":
        message = f"must be text in quotes, got {_describe(value)}"
    elif kind in {"list_type"}:
        message = f'must be a list such as ["a", "b"], got {_describe(value)}'
    elif kind in {"model_type", "dict_type", "model_attributes_type"}:
        message = f"must be a table ([section] or {{key = value}}), got {_describe(value)}"
    elif kind in {"date_type", "date_parsing", "date_from_datetime_inexact"}:
        message = f"must be a date such as 2026-11-28 (without quotes), got {_describe(value)}"
    elif kind == "literal_error":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        message = f"must be one of {', '.join(repr(e) for e in expected)}, got {_describe(value)}"
        if isinstance(value, str):
            message += _did_you_mean(value, expected)
        hint = _field_hint(loc)
        if hint:
            message += f" ({hint})"
    elif kind == "string_pattern_mismatch":
        hint = _field_hint(loc)
        message = f"{_describe(value)} has the wrong form" + (f"; expected {hint}" if hint else "")
    elif kind == "string_too_short":
        message = "must not be empty" if ctx.get("min_length") == 1 else message
    elif kind == "string_too_long":
        message = f"is too long (at most {ctx.get('max_length')} characters)"
    elif kind == "value_error":
        message = str(ctx.get("error", message))
    return ConfigIssue(name, line_of(loc), dotted(loc), message)
