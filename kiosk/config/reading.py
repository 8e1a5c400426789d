"""Reading a config file and reporting its problems: no pydantic, so the start-up path
(:mod:`kiosk.config.snapshot`) gives the same messages as ``kiosk check-config``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a config file; a warning does not stop the file from being used."""

    file: str
    line: int | None
    key: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = f"warning: {self.message}" if self.warning else self.message
        return f"{where}: {self.key}: {message}" if self.key else f"{where}: {message}"


class ConfigError(ValueError):
    """A config file that cannot be used; ``errors`` lists every problem found."""

    def __init__(self, errors: list[ConfigIssue]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def read_config_text(path: Path, name: str) -> str:
    """The file as text; :class:`ConfigError` for anything that is not a readable UTF-8 file."""
    return decode_config(read_config_bytes(path, name), name)


def read_config_bytes(path: Path, name: str) -> bytes:
    """The file's bytes; :class:`ConfigError` for a directory, a huge or unreadable file."""
    try:
        if path.is_dir():
            raise _fail(name, "is a directory, not a config file")
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise _fail(name, f"file is too large ({size // 1024} KiB); a kiosk config is a few KiB of TOML")
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "file not found") from None
    except PermissionError:
        raise _fail(name, "cannot read the file (permission denied)") from None
    except OSError as exc:
        raise _fail(name, f"cannot read the file ({exc.strerror or exc})") from None


def decode_config(raw: bytes, name: str) -> str:
    """UTF-8 text without a byte-order mark; :class:`ConfigError` for binary or other encodings."""
    if b"\x00" in raw:
        raise _fail(name, "this is a binary file, not a TOML text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            [ConfigIssue(name, line, "", "the file is not UTF-8 text; save it as UTF-8 (e.g. in Notepad: UTF-8)")]
        ) from None
    return text.removeprefix("\ufeff")


def _fail(name: str, message: str) -> ConfigError:
    return ConfigError([ConfigIssue(name, None, "", message)])
