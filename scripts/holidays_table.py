"""Write assets/data/holidays-PL.json: Polish public holidays for the years a kiosk shipped
today will run, in every visitor language, from the ``holidays`` package.

Why shipped: importing ``holidays`` costs ~240 ms, which a kiosk's very first start would
pay before its home screen paints (kiosk/content/holidays_pl.py reads this table first).
tests/unit/test_holidays_table.py checks the table against the package, so it cannot go
stale silently; run this again after upgrading ``holidays`` or to extend the years.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_YEAR, LAST_YEAR = 2026, 2040


def table() -> dict[str, dict[str, dict[str, str]]]:
    from kiosk.content.holidays_pl import _LANGUAGE, _compute

    return {
        language: {str(year): _compute(year, language) for year in range(FIRST_YEAR, LAST_YEAR + 1)}
        for language in _LANGUAGE
    }


if __name__ == "__main__":
    path = ROOT / "assets" / "data" / "holidays-PL.json"
    path.write_text(json.dumps(table(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {FIRST_YEAR}–{LAST_YEAR}")
