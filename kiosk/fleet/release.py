"""The county file: one TOML for every kiosk, with a release serial, an expiry and
per-kiosk differences, merged here into the config each kiosk validates.

Merge rules (docs/fleet.md says them in a technician's words):

* ``[release]`` and ``[kiosks]`` are taken out; the rest is the common part.
* ``[kiosks.<id>]`` is merged over the common part for the kiosk with that ``[kiosk] id``:
  tables key by key, any other value (text, number, list of texts) replaced.
* ``services``: an entry with an ``id`` the county already has changes that tile in place
  (key by key); a new ``id`` adds a tile at the end; ``hide_services = [ids]`` drops tiles.
* ``content.offices``: an entry with a ``name`` the county has changes that office; the
  offices the kiosk names come first, in its order (its own gmina on top), then the rest.
* ``[fleet]`` cannot be in the county file at all, nor ``[kiosk] id`` (a kiosk's identity
  and whom it trusts are local); a local ``[metrics]`` table and ``[stats] file`` win over
  the county's (a release closed every kiosk's metrics port before); ``admin.pin_hash``
  there is used only by kiosks whose local file sets none.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.core.technician import TN_, tech

WARSAW = ZoneInfo("Europe/Warsaw")
#: A release closer than this to its expiry is worth a warning (fleet check, doctor).
EXPIRY_WARNING_DAYS = 7
KIOSK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"

#: Keys a kiosk keeps from its own file whatever the county file says (per machine, or secrets).
LOCAL_KEYS: tuple[tuple[str, ...], ...] = (
    ("fleet",),
    ("kiosk", "id"),
    ("metrics",),  # the address a county's Prometheus scrapes, and this machine's TLS files
    ("stats", "file"),
)
#: Local keys that win only when the local file sets them.
LOCAL_WHEN_SET: tuple[tuple[str, ...], ...] = (("admin", "pin_hash"),)


class ReleaseError(ValueError):
    """The county file's own structure is wrong (not the kiosk schema): ``problems`` are
    (key path, message) pairs, each message an English technician text (``TN_``)."""

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.problems = problems
        super().__init__(self.said().english())

    def said(self) -> StructureProblems:
        """The problems, to be put into words where they are shown (a refusal keeps this)."""
        return StructureProblems(tuple((tuple(loc), message) for loc, message in self.problems))


@dataclass(frozen=True)
class StructureProblems:
    problems: tuple[tuple[tuple[str | int, ...], str], ...]

    def english(self) -> str:
        return "; ".join(f"{'.'.join(map(str, loc))}: {message}" for loc, message in self.problems)

    def shown(self) -> str:
        """In the technician's language."""
        return "; ".join(problem_line(loc, message) for loc, message in self.problems)


def problem_line(loc: tuple[str | int, ...], message: str) -> str:
    """ "release.serial: must be …" in the technician's language."""
    return tech("{key}: {problem}", key=".".join(map(str, loc)), problem=tech(message))


@dataclass(frozen=True)
class Release:
    """A parsed county file (its signature is checked before this is made)."""

    serial: int
    expires: dt.datetime  # aware
    common: dict[str, Any]
    kiosks: dict[str, dict[str, Any]]
    text: str

    def expired(self, now: dt.datetime) -> bool:
        return now >= self.expires

    def data_for(self, kiosk_id: str) -> dict[str, Any]:
        """The config data of kiosk ``kiosk_id`` (the common part if the file names it not)."""
        override = self.kiosks.get(kiosk_id)
        if override is None:
            return copy.deepcopy(self.common)
        return merge_kiosk(self.common, override)


def parse_release(text: str) -> Release:
    """The county file's release data and parts; :class:`ReleaseError` or
    ``tomllib.TOMLDecodeError`` when it is not a county file."""
    import re

    data = tomllib.loads(text)
    problems: list[tuple[tuple[str | int, ...], str]] = []
    release = data.pop("release", None)
    kiosks = data.pop("kiosks", {})
    serial, expires = 0, dt.datetime.min.replace(tzinfo=WARSAW)
    if not isinstance(release, dict):
        problems.append((("release",), TN_("a county file needs [release] with serial = N and expires = <date-time>")))
    else:
        unknown = set(release) - {"serial", "expires"}
        problems += [(("release", key), TN_("unknown key (known: serial, expires)")) for key in sorted(unknown)]
        raw_serial = release.get("serial")
        if isinstance(raw_serial, bool) or not isinstance(raw_serial, int) or raw_serial < 1:
            problems.append(
                (("release", "serial"), TN_("must be a whole number of at least 1, raised with every release"))
            )
        else:
            serial = raw_serial
        raw_expires = release.get("expires")
        if isinstance(raw_expires, dt.datetime):
            expires = raw_expires if raw_expires.tzinfo else raw_expires.replace(tzinfo=WARSAW)
        else:
            problems.append(
                (("release", "expires"), TN_("must be a date and time without quotes, e.g. 2027-01-31T23:59:00+01:00"))
            )
    if "fleet" in data:
        problems.append((("fleet",), TN_("cannot be set by the county file: where a kiosk pulls from and which keys "
                                         "it trusts are set in each kiosk's own file")))  # fmt: skip
    if isinstance(data.get("kiosk"), dict) and "id" in data["kiosk"]:
        problems.append(
            (("kiosk", "id"), TN_("each kiosk's id is set in its own file; use [kiosks.<id>] for differences"))
        )
    if not isinstance(kiosks, dict):
        problems.append((("kiosks",), TN_("must be tables [kiosks.<id>]")))
        kiosks = {}
    for kiosk_id, override in kiosks.items():
        if not re.fullmatch(KIOSK_ID_PATTERN, kiosk_id):
            problems.append((("kiosks", kiosk_id), TN_("a kiosk id is lower-case letters, digits and '-'")))
        if not isinstance(override, dict):
            problems.append((("kiosks", kiosk_id), TN_("must be a table")))
            continue
        if "fleet" in override:
            problems.append((("kiosks", kiosk_id, "fleet"), TN_("cannot be set by the county file")))
        if isinstance(override.get("kiosk"), dict) and "id" in override["kiosk"]:
            problems.append((("kiosks", kiosk_id, "kiosk", "id"), TN_("the id is the name of this table already")))
        hidden = override.get("hide_services", [])
        if not (isinstance(hidden, list) and all(isinstance(h, str) for h in hidden)):
            problems.append(
                (("kiosks", kiosk_id, "hide_services"), TN_('must be a list of tile ids, e.g. ["info-car"]'))
            )
    if problems:
        raise ReleaseError(problems)
    return Release(serial, expires, data, kiosks, text)


def merge_kiosk(common: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` (a ``[kiosks.<id>]`` table) merged over ``common`` by the module's rules."""
    override = dict(override)
    hidden = set(override.pop("hide_services", []))
    merged = _merge_tables(common, {k: v for k, v in override.items() if k != "services"})
    services = _merge_by_key(common.get("services", []), override.get("services", []), "id", kiosk_first=False)
    services = [s for s in services if not (isinstance(s, dict) and s.get("id") in hidden)]
    if services or "services" in common or "services" in override:
        merged["services"] = services
    content = override.get("content")
    if isinstance(content, dict) and "offices" in content:
        common_offices = common.get("content", {}).get("offices", []) if isinstance(common.get("content"), dict) else []
        merged.setdefault("content", {})["offices"] = _merge_by_key(
            common_offices, content["offices"], "name", kiosk_first=True
        )
    return merged


def _merge_tables(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge_tables(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _merge_by_key(base: Any, over: Any, key: str, kiosk_first: bool) -> Any:
    """Lists of tables matched on ``key``; anything not a list is left for the schema to report."""
    if not isinstance(base, list) or not isinstance(over, list):
        return copy.deepcopy(over)
    merged = [copy.deepcopy(item) for item in base]
    index = {item.get(key): i for i, item in enumerate(base) if isinstance(item, dict)}
    written: list[Any] = []  # the kiosk's entries, merged, in its order
    added: list[Any] = []
    for item in over:
        position = index.get(item.get(key)) if isinstance(item, dict) else None
        if position is None:
            added.append(copy.deepcopy(item))
            written.append(added[-1])
        else:
            merged[position] = _merge_tables(merged[position], item)
            written.append(merged[position])
    if not kiosk_first:
        return merged + added
    named = {id(item) for item in written}
    return written + [item for item in merged if id(item) not in named]


def combine_local(county: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """The county data for this kiosk with the keys its own file keeps (:data:`LOCAL_KEYS`)."""
    out = copy.deepcopy(county)
    for path in LOCAL_KEYS + LOCAL_WHEN_SET:
        value = _get(local, path)
        if value is _MISSING or (path in LOCAL_WHEN_SET and not value):
            continue
        _set(out, path, copy.deepcopy(value))
    return out


_MISSING = object()


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return _MISSING
        data = data[part]
    return data


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    data[path[-1]] = value
