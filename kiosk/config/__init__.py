"""Technician configuration: schema, loader and reference docs.

The names below are loaded on first use: importing :mod:`kiosk.config.snapshot` (the
start-up path) must not import pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.config.loader import load_config, parse_config
    from kiosk.config.reading import ConfigError, ConfigIssue
    from kiosk.config.schema import CONFIG_VERSION, KioskConfig, LocalizedText, Service

_HOMES = {
    "ConfigError": "kiosk.config.reading",
    "ConfigIssue": "kiosk.config.reading",
    "load_config": "kiosk.config.loader",
    "parse_config": "kiosk.config.loader",
    "CONFIG_VERSION": "kiosk.config.schema",
    "KioskConfig": "kiosk.config.schema",
    "LocalizedText": "kiosk.config.schema",
    "Service": "kiosk.config.schema",
}

__all__ = [
    "CONFIG_VERSION",
    "ConfigError",
    "ConfigIssue",
    "KioskConfig",
    "LocalizedText",
    "Service",
    "load_config",
    "parse_config",
]


def __getattr__(name: str) -> Any:
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module 'kiosk.config' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
