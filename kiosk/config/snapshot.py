"""Start from a snapshot of the last validated config: paint the home screen without pydantic.

Importing pydantic and validating ``kiosk.toml`` takes ~200 ms on a 2-core kiosk, over a
third of the start-up budget (home painted ≤ 0.5 s). A kiosk starts with the same file
day after day, so after each successful validation the config is saved as plain JSON,
keyed by the file's exact text, its path and the Infomat version. A start with that same
file builds its window from the snapshot (plain read-only records sharing the schema's
methods, :mod:`kiosk.config.methods`) and paints at once.

Right after the first paint, and before the web engine starts (so no page ever runs under
an unverified policy), the same text is validated as usual and compared with the snapshot
(:meth:`StartConfig.verify`). A difference — a schema changed without a version bump, a
tampered cache file — makes the runtime rebuild the window from the validated config.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config.methods import ConfigMethods, TextMethods
from kiosk.config.reading import decode_config, read_config_bytes
from kiosk.support.files import write_json_atomic

log = logging.getLogger("kiosk.config")

FORMAT = 2
_TEXT = "$text"
_DATE = "$date"
_DATETIME = "$datetime"


class Record:
    """A read-only section of a validated config, as plain data."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("config records are read-only")

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"


class TextRecord(TextMethods, Record):
    """A localized text from the snapshot; ``get(language)`` like the schema's."""


class ConfigRecord(ConfigMethods, Record):
    """The whole config from the snapshot; the same lookups as :class:`KioskConfig`."""

    def __init__(self, fields: dict[str, Any], source: Path) -> None:
        super().__init__({**fields, "_source": source})


def to_data(value: Any) -> Any:
    """A validated config (or any part of it) as JSON-compatible data."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        data = {name: to_data(getattr(value, name)) for name in fields}
        return {_TEXT: data} if isinstance(value, TextMethods) else data
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in the start-up snapshot")


def from_data(data: dict[str, Any], source: Path) -> ConfigRecord:
    """The records of a snapshot written by :func:`to_data`."""
    return ConfigRecord({name: _record(value) for name, value in data.items()}, source)


def _record(value: Any) -> Any:
    if isinstance(value, list):
        return [_record(item) for item in value]
    if isinstance(value, dict):
        if _DATE in value:
            return dt.date.fromisoformat(value[_DATE])
        if _DATETIME in value:
            return dt.datetime.fromisoformat(value[_DATETIME])
        if _TEXT in value:
            return TextRecord(value[_TEXT])
        return Record({name: _record(item) for name, item in value.items()})
    return value


def snapshot_key(text: str, source: Path) -> str:
    """Which file, which version of it, read by which Infomat."""
    from kiosk.version import __version__

    digest = hashlib.sha256()
    for part in (__version__, str(FORMAT), str(source), text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def start_snapshots() -> SnapshotStore:
    """The kiosk's own store: the ``start/`` folder of its cache folder."""
    from kiosk.paths import cache_dir

    return SnapshotStore(cache_dir() / "start")


class SnapshotStore:
    """One JSON file per config path in ``directory`` (the kiosk's cache folder)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, source: Path) -> Path:
        return self.directory / f"{hashlib.sha256(str(source).encode()).hexdigest()[:16]}.json"

    def load(self, source: Path, key: str) -> dict[str, Any] | None:
        """The snapshot data saved under ``key``, or None (missing, other key, unreadable)."""
        try:
            stored = json.loads(self._file(source).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict) or stored.get("key") != key or not isinstance(stored.get("config"), dict):
            return None
        return stored["config"]

    def save(self, source: Path, key: str, data: dict[str, Any]) -> None:
        path = self._file(source)
        try:
            write_json_atomic(path, {"key": key, "config": data})
        except OSError as exc:
            log.warning("cannot save the start-up snapshot %s: %s", path, exc.strerror or exc)

    def remember(
        self, source: Path, text: str, config: Any, saved: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """Save a validated ``config`` read from ``text`` as the snapshot of ``source``
        (unless it equals ``saved``, what the store already holds); returns its data, None
        when it cannot be kept."""
        try:
            data = to_data(config)
        except TypeError as exc:
            log.warning("no start-up snapshot: %s", exc)
            self.discard(source)
            return None
        if data != saved:
            self.save(source, snapshot_key(text, source), data)
        return data

    def discard(self, source: Path) -> None:
        self._file(source).unlink(missing_ok=True)


@dataclass
class StartConfig:
    """The config a kiosk starts with, and how to verify it after the first paint."""

    config: Any  # KioskConfig, or a ConfigRecord from the snapshot
    text: str
    name: str  # the path as given, for messages
    source: Path
    file_digest: str  # sha256 of the bytes read: the config watcher starts from exactly these
    snapshot: dict[str, Any] | None = None  # the data ``config`` was built from, when a snapshot
    verified: bool = True  # False while ``config`` is the snapshot's records, until :meth:`verify`

    @property
    def key(self) -> str:
        return snapshot_key(self.text, self.source)

    def verify(self, store: SnapshotStore) -> bool:
        """After the first paint: validate the start-up text (raises ConfigError) unless
        that was done already, keep the snapshot up to date, and say whether the window
        was built from something else than the validated config (then rebuild it)."""
        if not self.verified:
            self.config = _validate(self.text, self.name, self.source)
            self.verified = True
        built_from = self.snapshot
        self.snapshot = store.remember(self.source, self.text, self.config, saved=built_from)
        return built_from is not None and self.snapshot != built_from


def read_start_config(path: Path, store: SnapshotStore) -> StartConfig:
    """The config to paint the first screen with: the snapshot of this exact file when
    there is one (no pydantic), else the file validated now. Raises ConfigError."""
    name = str(path)
    source = path.resolve()
    raw = read_config_bytes(path, name)
    text = decode_config(raw, name)
    digest = hashlib.sha256(raw).hexdigest()
    data = store.load(source, snapshot_key(text, source))
    if data is not None:
        try:
            return StartConfig(from_data(data, source), text, name, source, digest, snapshot=data, verified=False)
        except (TypeError, ValueError, AttributeError) as exc:
            log.warning("ignoring a damaged start-up snapshot: %s", exc)
    return StartConfig(_validate(text, name, source), text, name, source, digest)


def _validate(text: str, name: str, source: Path) -> Any:
    """The KioskConfig for ``text`` (pydantic: imported only here, off the snapshot path)."""
    from kiosk.config.loader import validate_file_text

    return validate_file_text(text, name, source)
