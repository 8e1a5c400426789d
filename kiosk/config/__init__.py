"""Technician configuration: schema, loader and reference docs."""

from kiosk.config.loader import ConfigError, ConfigIssue, load_config, parse_config
from kiosk.config.schema import CONFIG_VERSION, KioskConfig, LocalizedText, Service

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
