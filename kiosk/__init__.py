"""Infomat: a locked-down kiosk client for public internet kiosks.

The automation API (see docs): :class:`UrlPolicy`, :func:`load_config`,
:class:`ConfigError` and :class:`KioskWindow`. ``KioskWindow`` and the config names are
imported lazily so that the pure parts load without Qt and the start-up path without
pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.core.policy import RuleError, UrlPolicy
from kiosk.version import __version__

if TYPE_CHECKING:
    from kiosk.config import ConfigError, KioskConfig, load_config
    from kiosk.ui.window.window import KioskWindow

__all__ = ["ConfigError", "KioskConfig", "KioskWindow", "RuleError", "UrlPolicy", "__version__", "load_config"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the start-up path paints the home screen before pydantic loads.
    if name == "KioskWindow":
        from kiosk.ui.window.window import KioskWindow

        return KioskWindow
    if name in {"ConfigError", "KioskConfig", "load_config"}:
        import kiosk.config

        return getattr(kiosk.config, name)
    raise AttributeError(f"module 'kiosk' has no attribute {name!r}")
