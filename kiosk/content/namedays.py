"""Polish name days (imieniny) from assets/data/namedays_pl.json, the most common names first.

Data: duckduckgo/zeroclickinfo-goodies, share/goodie/name_days/Poland.txt (Apache-2.0),
cleaned and completed as described in the file's ``_about`` field, which must be kept.
The order comes from assets/data/name_popularity_pl.txt (how common a name is in Poland):
portals print "Natalii, Edmunda, Blanki, Eligiusza", not the alphabetical "Blanki, Długosza".
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


@lru_cache(maxsize=1)
def popularity() -> dict[str, int]:
    """Nominative name → rank (0 = most common)."""
    lines = asset("data", "name_popularity_pl.txt").read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return {name: rank for rank, name in enumerate(names)}  # no name twice (tested)


def _rank(nominative: str) -> int:
    ranks = popularity()
    return ranks.get(nominative, len(ranks))  # unlisted: after every listed name, in data order


def celebrants(day: dt.date) -> list[str]:
    """Names (nominative) celebrating on ``day``, the most common first."""
    return sorted(_load()[day.strftime("%m-%d")]["nominative"], key=_rank)


def shared_beginning(a: str, b: str) -> int:
    """How many first letters two words share."""
    count = 0
    for x, y in zip(a, b, strict=False):  # up to the shorter word
        if x != y:
            break
        count += 1
    return count


def pair_forms(nominatives: list[str], genitives: list[str]) -> dict[str, str]:
    """Each nominative with its genitive among the day's forms: the pairs sharing the
    longest beginning are matched first (Natalia → Natalii, Marek → Marka, Kajus → Kajusa
    before Kaja → Kai); a name sharing no more than its first letter with any form is left out."""
    # A form spelt like the name itself is another name's nominative (Czesława is the
    # genitive of Czesław; Czesława's own is Czesławy): it counts two letters less.
    candidates = sorted(
        (
            (shared_beginning(n, g) - 2 * (g == n), -abs(len(g) - len(n)), n, g)
            for n in nominatives
            for g in dict.fromkeys(genitives)
        ),
        reverse=True,
    )
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for shared, _, nominative, genitive in candidates:
        enough = min(2, len(nominative) - 2)  # Lew → Lwa shares one letter
        if shared >= enough and nominative not in pairs and genitive not in taken:
            pairs[nominative] = genitive
            taken.add(genitive)
    return pairs


def genitive_names(day: dt.date, limit: int = 4) -> list[str]:
    """The forms portals print after "Imieniny:" (genitive), one per celebrant, the most
    common first, at most ``limit``. (The source's genitive list also holds variants and
    a few stray nominatives; the day's nominatives decide what is shown.)"""
    entry = _load()[day.strftime("%m-%d")]
    pairs = pair_forms(entry["nominative"], entry["genitive"])
    return [pairs[name] for name in celebrants(day) if name in pairs][:limit]
