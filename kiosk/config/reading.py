"""Reading a config file and reporting its problems: no pydantic, so the start-up path
(:mod:`kiosk.config.snapshot`) gives the same messages as ``kiosk check-config``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.core.technician import TN_, tech, tech_n

MAX_CONFIG_BYTES = 1024 * 1024
#: What ``kiosk check-config`` prints for a config without errors.
CONFIG_OK = TN_("OK")


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a config file; a warning does not stop the file from being used."""

    file: str
    line: int | None
    key: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        """``PATH:LINE: key.path: message``, the whole line in the technician's language."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = tech("warning: {message}", message=self.message) if self.warning else self.message
        if self.key:
            return tech("{where}: {key}: {message}", where=where, key=self.key, message=message)
        return tech("{where}: {message}", where=where, message=message)


class ConfigError(ValueError):
    """A config file that cannot be used; ``errors`` lists every problem found."""

    def __init__(self, errors: list[ConfigIssue]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def cannot_start(errors: list[ConfigIssue]) -> str:
    """The line above a config's problems when a kiosk cannot start with it."""
    return tech_n(
        "kiosk: cannot start, the config has {n} problem:", "kiosk: cannot start, the config has {n} problems:",
        len(errors),
    )  # fmt: skip


def read_config_text(path: Path, name: str) -> str:
    """The file as text; :class:`ConfigError` for anything that is not a readable UTF-8 file."""
    return decode_config(read_config_bytes(path, name), name)


def read_config_bytes(path: Path, name: str) -> bytes:
    """The file's bytes; :class:`ConfigError` for a directory, a huge or unreadable file."""
    try:
        if path.is_dir():
            raise _fail(name, tech("is a directory, not a config file"))
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            message = TN_("file is too large ({size} KiB); a kiosk config is a few KiB of TOML")
            raise _fail(name, tech(message, size=size // 1024))
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, tech("file not found")) from None
    except PermissionError:
        raise _fail(name, tech("cannot read the file (permission denied)")) from None
    except OSError as exc:
        raise _fail(name, tech("cannot read the file ({reason})", reason=exc.strerror or exc)) from None


def decode_config(raw: bytes, name: str) -> str:
    """UTF-8 text without a byte-order mark; :class:`ConfigError` for binary or other encodings."""
    if b"\x00" in raw:
        raise _fail(name, tech("this is a binary file, not a TOML text file"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = tech("the file is not UTF-8 text; save it as UTF-8 (e.g. in Notepad: UTF-8)")
        raise ConfigError([ConfigIssue(name, line, "", message)]) from None
    return text.removeprefix("\ufeff")


def _fail(name: str, message: str) -> ConfigError:
    return ConfigError([ConfigIssue(name, None, "", message)])
