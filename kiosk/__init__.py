"""Infomat: a locked-down kiosk client for public internet kiosks.

The automation API (see docs): :class:`UrlPolicy`, :func:`load_config`,
:class:`ConfigError` and :class:`KioskWindow`. ``KioskWindow`` is imported lazily so
that the pure parts (policy, config) load without Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.policy import RuleError, UrlPolicy

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

__all__ = ["ConfigError", "KioskConfig", "KioskWindow", "RuleError", "UrlPolicy", "__version__", "load_config"]


def __getattr__(name: str) -> Any:
    if name == "KioskWindow":
        from kiosk.ui.window import KioskWindow

        return KioskWindow
    raise AttributeError(f"module 'kiosk' has no attribute {name!r}")
