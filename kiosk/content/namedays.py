"""Polish name days (imieniny) from assets/data/namedays_pl.json.

Data: duckduckgo/zeroclickinfo-goodies, share/goodie/name_days/Poland.txt (Apache-2.0),
cleaned as described in the file's ``_about`` field, which must be kept.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from kiosk.paths import asset


@lru_cache(maxsize=1)
def _load(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    data = json.loads((path or asset("data", "namedays_pl.json")).read_text(encoding="utf-8"))
    return data["days"]


def celebrants(day: dt.date) -> list[str]:
    """Names (nominative) celebrating on ``day``."""
    return list(_load()[day.strftime("%m-%d")]["nominative"])


def genitive_names(day: dt.date, limit: int = 3) -> list[str]:
    """The forms portals print after "Imieniny:" (genitive), at most ``limit``."""
    return list(_load()[day.strftime("%m-%d")]["genitive"][:limit])

