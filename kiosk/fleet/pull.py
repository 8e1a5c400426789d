"""From a downloaded county file to the config this kiosk runs, in the order of trust:
signature → serial → expiry → schema of the merged config → stored as last good.

Pure decisions with no Qt: ``kiosk fleet pull``, the running kiosk's poller and the
start-up path all go through :func:`pull` and :func:`county_config`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.minisign import MinisignError, parse_public_key, verify
from kiosk.core.technician import TN_
from kiosk.fleet.fetch import Download, FetchSettings, Refusal, RefusedError, download, refuse
from kiosk.fleet.release import Release, ReleaseError, combine_local, parse_release
from kiosk.fleet.said import Said
from kiosk.fleet.store import ReleaseStore, StoredRelease

if TYPE_CHECKING:
    from kiosk.config.schema import KioskConfig

log = logging.getLogger("kiosk.fleet")


NOTHING_STORED = Refusal("storage", TN_("no county file received yet"))


@dataclass(frozen=True)
class PullResult:
    kind: str  # applied | unchanged | refused
    serial: int | None = None  # of the release now in force (applied / unchanged)
    refusal: Refusal | None = None
    config: KioskConfig | None = None  # applied: the config to switch to
    digest: str | None = None  # applied: sha256 of the county file's bytes
    damaged: Refusal | None = None  # the stored release failed its check before this pull (set aside)
    expires: dt.datetime | None = None  # applied: when the release in force expires

    def said(self) -> Said:
        """What ``kiosk fleet pull`` prints and the log says: "applied serial 4", "refused: …"."""
        if self.refusal is not None:
            if self.damaged is not None:
                return Said.of(TN_("refused: {damage}, but {reason}"), damage=self.damaged, reason=self.refusal)
            return Said.of(TN_("refused: {reason}"), reason=self.refusal)
        done = Said.of(TN_("applied serial {serial}") if self.kind == "applied" else TN_("unchanged serial {serial}"),
                       serial=self.serial)  # fmt: skip
        if self.damaged is not None:
            return Said.of(TN_("{outcome} (the stored county file was damaged; fetched again)"), outcome=done)
        return done

    def line(self) -> str:
        """The outcome in the technician's language (``english()`` for the log)."""
        return self.said().shown()

    def english(self) -> str:
        return self.said().english()


@dataclass(frozen=True)
class LocalFleet:
    """What this kiosk's own file says about the fleet, and the file's raw data (its local keys)."""

    settings: FetchSettings
    keys: tuple[Any, ...]  # minisign PublicKey
    poll_seconds: int
    kiosk_id: str
    local_data: dict[str, Any]
    source: Path | None  # the local file: the county file's relative paths start at its folder

    @classmethod
    def of(cls, local: KioskConfig) -> LocalFleet | None:
        """None when ``local`` has no ``[fleet] config_url``."""
        fleet = local.fleet
        if not fleet.config_url:
            return None
        data: dict[str, Any] = {}
        if local.source is not None:
            try:
                data = tomllib.loads(local.source.read_text(encoding="utf-8").removeprefix("\ufeff"))
            except (OSError, ValueError):
                data = {}
        ca = str(local.resolve(fleet.ca_file)) if fleet.ca_file else None
        settings = FetchSettings(fleet.config_url, ca, fleet.max_bytes, float(fleet.timeout_seconds))
        keys = tuple(parse_public_key(k) for k in fleet.public_keys)
        return cls(settings, keys, fleet.poll_seconds, local.kiosk_id, data, local.source)


def accept(fleet: LocalFleet, county: bytes, signature: bytes, now: dt.datetime) -> tuple[Release, KioskConfig]:
    """Verify and validate one county file for this kiosk (no serial check); raises RefusedError."""
    try:
        key, _comment = verify(county, signature, list(fleet.keys))
    except MinisignError as exc:
        raise refuse("signature", TN_("signature: {problem}"), problem=str(exc)) from None
    try:
        release = parse_release(county.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        raise refuse("schema", TN_("the county file is not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as exc:
        raise refuse("schema", TN_("the county file is not valid TOML: {problem}"), problem=str(exc)) from None
    except ReleaseError as exc:
        raise refuse("schema", TN_("the county file's structure: {problem}"), problem=exc.said()) from None
    if release.expired(now):
        when = release.expires.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")
        raise refuse("expired", TN_("serial {serial} expired at {when}; publish a new release"),
                     serial=release.serial, when=when)  # fmt: skip
    config = validate_for(release, fleet.kiosk_id, fleet.local_data, fleet.source, f"county serial {release.serial}")
    log.debug("county file serial %d signed by key %s", release.serial, key.id_hex)
    return release, config


def validate_for(
    release: Release, kiosk_id: str, local_data: dict[str, Any], source: Path | None, name: str,
    check_files: bool = True,
) -> KioskConfig:  # fmt: skip
    """The merged config of ``kiosk_id`` validated like a local file; raises RefusedError("schema")."""
    from kiosk.config.loader import validate_data
    from kiosk.config.locate import LineLocator
    from kiosk.config.reading import ConfigError

    locator = LineLocator(release.text)

    def line_of(loc: tuple[str | int, ...]) -> int | None:
        for end in range(len(loc), 0, -1):
            for candidate in (("kiosks", kiosk_id, *loc[:end]), tuple(loc[:end])):
                if candidate in locator.lines:
                    return locator.lines[candidate]
        return None

    data = combine_local(release.data_for(kiosk_id), local_data)
    folder = source.parent if source is not None else None
    try:
        config = validate_data(data, f"{name} for kiosk {kiosk_id}", line_of, folder, check_files=check_files)
    except ConfigError as exc:
        errors = tuple(str(issue) for issue in exc.errors)
        raise refuse("schema", TN_("the merged config has {count} error(s): {error}"), errors,
                     count=len(errors), error=errors[0]) from None  # fmt: skip
    config._source = source
    return config


def stored_damage(fleet: LocalFleet, stored: StoredRelease) -> Refusal | None:
    """Why the stored release no longer is what was verified when it was kept (its bytes
    against its signature, its serial against its record), or None. Expiry and the local
    file's schema are not damage: those are judged where the release is used."""
    try:
        verify(stored.county, stored.signature, list(fleet.keys))
        serial = parse_release(stored.county.decode("utf-8").removeprefix("\ufeff")).serial
    except (MinisignError, UnicodeDecodeError, tomllib.TOMLDecodeError, ReleaseError) as exc:
        problem = exc.said() if isinstance(exc, ReleaseError) else str(exc)
        return Refusal("stored-damaged", TN_("the stored county file fails its check ({problem}); it is fetched again"),
                       fields=(("problem", problem),))  # fmt: skip
    if serial != stored.serial:
        return Refusal("stored-damaged", TN_("the stored county file does not match its record; it is fetched again"))
    return None


def pull(fleet: LocalFleet, store: ReleaseStore, now: dt.datetime | None = None) -> PullResult:
    """Fetch, verify, check the serial and expiry, validate, store. Never raises.

    A stored release that fails its check is set aside first (issue 27: its ETag got 304
    answers for ever and the kiosk ran its bare local file until the county published
    again): the county file is fetched without the ETag, and any validly signed release
    not yet expired heals the store, the same serial included (the damaged record's
    serial cannot be trusted as a floor)."""
    now = now or dt.datetime.now().astimezone()
    stored = store.load()
    damaged = stored_damage(fleet, stored) if stored is not None and stored.url == fleet.settings.url else None
    if damaged is not None:
        log.error("county file: %s", damaged.message)
        store.set_aside()
        stored = None
    result = _pull(fleet, store, stored, now)
    return dataclasses.replace(result, damaged=damaged) if damaged is not None else result


def _pull(fleet: LocalFleet, store: ReleaseStore, stored: StoredRelease | None, now: dt.datetime) -> PullResult:
    etag = stored.etag if stored is not None and stored.url == fleet.settings.url else None
    try:
        got: Download = download(fleet.settings, etag)
        if got.body is None:
            assert stored is not None
            return PullResult("unchanged", stored.serial)
        if stored is not None and got.body == stored.county:
            return PullResult("unchanged", stored.serial)
        release, config = accept(fleet, got.body, got.signature, now)
        if stored is not None and release.serial <= stored.serial:
            raise refuse("rollback", TN_("serial {serial} is not newer than {in_force} in force"),
                         serial=release.serial, in_force=stored.serial)  # fmt: skip
        try:
            store.save(StoredRelease(got.body, got.signature, release.serial, fleet.settings.url, got.etag))
        except OSError as exc:
            raise refuse("storage", TN_("cannot keep the release: {problem}"), problem=exc.strerror or exc) from None
    except RefusedError as refused:
        return PullResult("refused", stored.serial if stored else None, refusal=refused.refusal)
    digest = hashlib.sha256(got.body).hexdigest()
    return PullResult("applied", release.serial, config=config, digest=digest, expires=release.expires)


def county_config(fleet: LocalFleet, store: ReleaseStore, now: dt.datetime | None = None) -> PullResult:
    """The stored last good release verified again (start-up, offline, a local file
    changed): ``applied`` with its config, or ``refused`` (nothing stored: kind refused,
    no refusal text). Never raises."""
    now = now or dt.datetime.now().astimezone()
    stored = store.load()
    if stored is None or stored.url != fleet.settings.url:
        return PullResult("refused", refusal=NOTHING_STORED)
    try:
        release, config = accept(fleet, stored.county, stored.signature, now)
        if release.serial != stored.serial:
            raise refuse("signature", TN_("the stored county file does not match its record"))
    except RefusedError as refused:
        return PullResult("refused", refusal=refused.refusal)
    digest = hashlib.sha256(stored.county).hexdigest()
    return PullResult("applied", release.serial, config=config, digest=digest, expires=release.expires)
