"""The county file end to end: real minisign keys and signatures, an HTTPS server with a
test CA, the kiosk's pull refusing each kind of bad release while the last good stays."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.fleet.pull import LocalFleet, county_config, pull
from kiosk.fleet.store import ReleaseStore
from tests.support.county import (
    CountyServer,
    Keypair,
    county_text,
    minisign_keypair,
    minisign_sign,
    needs_minisign,
)
from tests.support.server import Response

pytestmark = needs_minisign


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Keypair, Keypair]:
    directory = tmp_path_factory.mktemp("keys")
    return minisign_keypair(directory, "a"), minisign_keypair(directory, "b")


@pytest.fixture
def county(tmp_path: Path):
    server = CountyServer(tmp_path / "county")
    yield server
    server.close()


def local_file(tmp_path: Path, county: CountyServer, keys: list[str], kiosk_id: str = "jastkow-ug", **fleet) -> Path:
    settings = {"config_url": county.url, "public_keys": keys, "ca_file": county.ca, "timeout_seconds": 2, **fleet}
    lines = [f"{k} = {v!r}" if isinstance(v, int) else f"{k} = {_toml(v)}" for k, v in settings.items()]
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nid = "{kiosk_id}"\nname = "Lokalny"\n\n[fleet]\n' + "\n".join(lines) + "\n")
    return path


def _toml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\") + '"'


def release(tmp_path: Path, key: Keypair, serial: int, legacy: bool = False, **kwargs) -> tuple[bytes, bytes]:
    path = tmp_path / f"county-{serial}-{time.monotonic_ns()}.toml"
    path.write_text(county_text(serial, **kwargs), encoding="utf-8")
    return path.read_bytes(), minisign_sign(path, key, legacy=legacy)


def fleet_of(path: Path) -> LocalFleet:
    fleet = LocalFleet.of(load_config(path))
    assert fleet is not None
    return fleet


def test_a_good_release_is_applied_merged_for_each_kiosk(tmp_path, county, keys) -> None:
    a, _ = keys
    county.publish(*release(tmp_path, a, 1))
    store = ReleaseStore(tmp_path / "store")

    result = pull(fleet_of(local_file(tmp_path, county, [a.public])), store)
    assert result.line() == "applied serial 1"
    config = result.config
    assert config.kiosk.name == "Infomat Gminy Jastków" and config.kiosk.gmina == "Jastków"
    assert config.kiosk.id == "jastkow-ug"  # the local identity
    assert [s.id for s in config.services] == ["gov"]  # epuap hidden for this kiosk
    assert [o.name for o in config.content.offices] == ["Urząd Gminy Jastków", "Starostwo Powiatowe w Lublinie"]
    assert config.content.offices[0].phone == "81 000 00 00 (przykład)"
    assert store.load().serial == 1

    other = pull(
        fleet_of(local_file(tmp_path, county, [a.public], kiosk_id="starostwo-hol")), ReleaseStore(tmp_path / "s2")
    )
    assert [s.id for s in other.config.services] == ["gov", "epuap", "bip"]
    assert other.config.kiosk.name.startswith("Infomat Powiatu Lubelskiego")
    unnamed = pull(fleet_of(local_file(tmp_path, county, [a.public], kiosk_id="inny")), ReleaseStore(tmp_path / "s3"))
    assert [s.id for s in unnamed.config.services] == ["gov", "epuap"]


def test_the_legacy_signature_form_is_accepted_too(tmp_path, county, keys) -> None:
    a, _ = keys
    county.publish(*release(tmp_path, a, 4, legacy=True))
    assert pull(fleet_of(local_file(tmp_path, county, [a.public])), ReleaseStore(tmp_path / "s")).kind == "applied"


def _refused(tmp_path, county, keys, publish, expected_kind: str, **fleet) -> str:
    """Apply serial 5, publish something bad, pull: refused with ``expected_kind``, 5 stays."""
    a, _ = keys
    store = ReleaseStore(tmp_path / "store")
    fleet_settings = fleet_of(local_file(tmp_path, county, [a.public], **fleet))
    county.publish(*release(tmp_path, a, 5))
    assert pull(fleet_settings, store).line() == "applied serial 5"
    publish()
    result = pull(fleet_settings, store)
    assert result.kind == "refused" and result.refusal.kind == expected_kind, result.line()
    assert store.load().serial == 5 and result.serial == 5
    assert county_config(fleet_settings, store).serial == 5  # the last good is still good
    return result.line()


def test_one_flipped_byte_is_refused(tmp_path, county, keys) -> None:
    def publish() -> None:
        body, signature = release(tmp_path, keys[0], 6)
        flipped = bytearray(body)
        flipped[body.index(b"Jastk")] ^= 0x01
        county.publish(bytes(flipped), signature)

    assert "does not match the file" in _refused(tmp_path, county, keys, publish, "signature")


def test_a_truncated_file_is_refused(tmp_path, county, keys) -> None:
    def publish() -> None:
        body, signature = release(tmp_path, keys[0], 6)
        county.publish(body[: len(body) // 2], signature)

    _refused(tmp_path, county, keys, publish, "signature")


def test_a_file_signed_by_another_key_is_refused(tmp_path, county, keys) -> None:
    line = _refused(tmp_path, county, keys, lambda: county.publish(*release(tmp_path, keys[1], 6)), "signature")
    assert "not a trusted key" in line


def test_an_older_or_equal_serial_is_a_rollback(tmp_path, county, keys) -> None:
    a = keys[0]
    assert "not newer than 5" in _refused(
        tmp_path, county, keys, lambda: county.publish(*release(tmp_path, a, 4)), "rollback"
    )
    store = ReleaseStore(tmp_path / "store")
    county.publish(*release(tmp_path, a, 5, body='\n[theme]\nprimary = "#000000"\n'))  # same serial, other bytes
    assert pull(fleet_of(tmp_path / "kiosk.toml"), store).refusal.kind == "rollback"


def test_an_expired_release_is_refused(tmp_path, county, keys) -> None:
    past = dt.datetime.now().astimezone() - dt.timedelta(minutes=1)
    line = _refused(
        tmp_path, county, keys, lambda: county.publish(*release(tmp_path, keys[0], 6, expires=past)), "expired"
    )
    assert "serial 6 expired" in line


def test_an_oversize_file_is_refused(tmp_path, county, keys) -> None:
    padding = "\n" + "# padding\n" * 600
    _refused(tmp_path, county, keys, lambda: county.publish(*release(tmp_path, keys[0], 6, body=padding)), "size",
             max_bytes=4096)  # fmt: skip


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_are_refused(tmp_path, county, keys, status) -> None:
    def publish() -> None:
        county.server.route("*", "/county.toml", Response("no", status=status))

    assert f"HTTP {status}" in _refused(tmp_path, county, keys, publish, "http")


def test_a_slow_server_is_refused(tmp_path, county, keys) -> None:
    def slow(_seen):
        time.sleep(4)
        return Response("late")

    _refused(tmp_path, county, keys, lambda: county.server.route("*", "/county.toml", slow), "network")


def test_a_redirect_to_plain_http_is_refused(tmp_path, county, keys) -> None:
    def publish() -> None:
        body, signature = release(tmp_path, keys[0], 6)
        county.publish(body, signature, path="/moved.toml")
        county.server.route(
            "*", "/county.toml", Response("", status=302, headers={"Location": "http://powiat.example/county.toml"})
        )

    assert "not https" in _refused(tmp_path, county, keys, publish, "redirect")


def test_a_redirect_within_https_is_followed(tmp_path, county, keys) -> None:
    a = keys[0]
    body, signature = release(tmp_path, a, 2)
    county.publish(body, signature, path="/v2/county.toml")
    for name in ("/county.toml", "/county.toml.minisig"):
        county.server.route("*", name, Response("", status=301, headers={"Location": f"/v2{name}"}))
    assert (
        pull(fleet_of(local_file(tmp_path, county, [a.public])), ReleaseStore(tmp_path / "s")).line()
        == "applied serial 2"
    )


def test_an_untrusted_server_certificate_is_refused(tmp_path, county, keys) -> None:
    a = keys[0]
    county.publish(*release(tmp_path, a, 1))
    path = local_file(tmp_path, county, [a.public])
    path.write_text(path.read_text().replace(f'ca_file = "{county.ca}"\n', ""))
    result = pull(fleet_of(path), ReleaseStore(tmp_path / "s"))
    assert result.refusal.kind == "network" and "not trusted" in result.line()


def test_a_schema_error_in_the_merged_config_is_refused_with_its_line(tmp_path, county, keys) -> None:
    def publish() -> None:
        county.publish(*release(tmp_path, keys[0], 6, body="\n[kiosks.jastkow-ug.session]\nidle_seconds = 5\n"))

    line = _refused(tmp_path, county, keys, publish, "schema")
    assert "session.idle_seconds" in line and "must be between 15 and 3600" in line and "for kiosk jastkow-ug" in line


def test_not_modified_reapplies_nothing(tmp_path, county, keys) -> None:
    a = keys[0]
    county.publish(*release(tmp_path, a, 3))
    store = ReleaseStore(tmp_path / "s")
    fleet = fleet_of(local_file(tmp_path, county, [a.public]))
    assert pull(fleet, store).kind == "applied"
    signatures = county.hits("/county.toml.minisig")
    again = pull(fleet, store)
    assert again.line() == "unchanged serial 3" and again.config is None
    assert county.hits("/county.toml.minisig") == signatures  # 304: the signature is not even fetched
    assert county.server.requests[-1].headers.get("if-none-match")


def test_a_second_key_lets_the_county_rotate(tmp_path, county, keys) -> None:
    a, b = keys
    store = ReleaseStore(tmp_path / "s")
    county.publish(*release(tmp_path, a, 1))
    fleet = fleet_of(local_file(tmp_path, county, [a.public, b.public]))
    assert pull(fleet, store).kind == "applied"
    county.publish(*release(tmp_path, b, 2))  # the new key signs from now on
    assert pull(fleet, store).line() == "applied serial 2"


def test_offline_start_uses_the_last_good_file_and_a_tampered_one_is_refused(tmp_path, county, keys) -> None:
    a = keys[0]
    store = ReleaseStore(tmp_path / "s")
    fleet = fleet_of(local_file(tmp_path, county, [a.public]))
    county.publish(*release(tmp_path, a, 7))
    assert pull(fleet, store).kind == "applied"
    county.close()

    offline = pull(fleet, store)
    assert offline.refusal.kind == "network" and offline.serial == 7
    start = county_config(fleet, store)
    assert start.kind == "applied" and start.config.kiosk.name == "Infomat Gminy Jastków"

    damage(store)
    tampered = county_config(fleet, store)
    assert tampered.kind == "refused" and tampered.refusal.kind == "signature"


def _kiosk(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=120)  # fmt: skip


def test_cli_pull_prints_one_line_and_exits_by_outcome(tmp_path, county, keys) -> None:
    a = keys[0]
    county.publish(*release(tmp_path, a, 1))
    path = local_file(tmp_path, county, [a.public])
    first = _kiosk("fleet", "pull", "--config", str(path), home=tmp_path)
    assert (first.returncode, first.stdout) == (0, "applied serial 1\n"), first.stderr
    again = _kiosk("fleet", "pull", "--config", str(path), home=tmp_path)
    assert (again.returncode, again.stdout) == (0, "unchanged serial 1\n")
    county.publish(*release(tmp_path, keys[1], 2))
    refused = _kiosk("fleet", "pull", "--config", str(path), home=tmp_path)
    assert refused.returncode == 2 and refused.stdout.startswith("refused: signature:"), refused.stdout


def test_cli_check_prints_each_kiosks_differences(tmp_path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(county_text(3))
    done = _kiosk("fleet", "check", str(path), "--kiosk", "inny", home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "kiosk jastkow-ug: OK" in done.stdout
    assert "  kiosk.name = 'Infomat Gminy Jastków'" in done.stdout
    assert "  services = ['gov']" in done.stdout
    assert "  services = ['gov', 'epuap', 'bip']" in done.stdout
    assert "kiosk inny: OK" in done.stdout

    path.write_text(county_text(3, body='\n[kiosks.zly]\ntheme = { primary = "red" }\n'))
    bad = _kiosk("fleet", "check", str(path), home=tmp_path)
    assert bad.returncode == 2 and "kiosk zly: 1 error\n" in bad.stdout and "theme.primary" in bad.stdout


def test_cli_keygen_and_sign_interoperate_with_minisign(tmp_path) -> None:
    from tests.support.county import MINISIGN

    made = _kiosk("fleet", "keygen", "--secret-key", str(tmp_path / "k.key"), "--public-key", str(tmp_path / "k.pub"),
                  "--password-stdin", home=tmp_path, stdin="hasło powiatu\n")  # fmt: skip
    assert made.returncode == 0 and made.stdout.splitlines()[1].startswith("RW"), made.stderr
    county = tmp_path / "county.toml"
    county.write_text(county_text(1))
    signed = _kiosk("fleet", "sign", str(county), "--secret-key", str(tmp_path / "k.key"), "--password-stdin",
                    home=tmp_path, stdin="hasło powiatu\n")  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    check = subprocess.run([MINISIGN, "-V", "-p", str(tmp_path / "k.pub"), "-m", str(county)], capture_output=True)
    assert check.returncode == 0, check.stderr
    # and the other way: minisign signs with the key kiosk fleet keygen made
    subprocess.run([MINISIGN, "-S", "-s", str(tmp_path / "k.key"), "-m", str(county), "-x", str(tmp_path / "m.sig")],
                   input="hasło powiatu\n".encode(), check=True, capture_output=True)  # fmt: skip
    wrong = _kiosk("fleet", "sign", str(county), "--secret-key", str(tmp_path / "k.key"), "--password-stdin",
                   home=tmp_path, stdin="zgadywanka\n")  # fmt: skip
    assert wrong.returncode == 2 and "wrong password" in wrong.stderr


def damage(store: ReleaseStore) -> None:
    """Alter the stored county file on disk, as a failing disk or a careless hand would."""
    import base64
    import json

    data = json.loads(store.path.read_text())
    data["county"] = base64.b64encode(base64.b64decode(data["county"]).replace(b"Jastk", b"Jastq", 1)).decode()
    store.path.write_text(json.dumps(data))


def test_a_damaged_store_heals_without_a_new_publication(tmp_path, county, keys) -> None:
    """Issue 27, 2: the old ETag got 304 for ever and the kiosk ran its bare local file."""
    a = keys[0]
    store = ReleaseStore(tmp_path / "s")
    fleet = fleet_of(local_file(tmp_path, county, [a.public]))
    county.publish(*release(tmp_path, a, 4))
    assert pull(fleet, store).kind == "applied"
    damage(store)
    assert county_config(fleet, store).refusal.kind == "signature"  # the start-up check refuses it

    healed = pull(fleet, store)
    assert healed.line() == "applied serial 4 (the stored county file was damaged; fetched again)"
    assert healed.damaged is not None and healed.damaged.kind == "stored-damaged"
    assert not county.server.requests[-2].headers.get("if-none-match")  # fetched afresh, not 304
    assert county_config(fleet, store).kind == "applied"  # the store is good again
    assert store.path.with_name("county.json.damaged").exists()  # kept for a technician
    assert pull(fleet, store).line() == "unchanged serial 4"  # and its ETag works again


def test_cli_pull_reports_a_healed_store_and_a_damaged_one_it_could_not_heal(tmp_path, county, keys) -> None:
    a = keys[0]
    county.publish(*release(tmp_path, a, 4))
    path = local_file(tmp_path, county, [a.public])
    assert _kiosk("fleet", "pull", "--config", str(path), home=tmp_path).returncode == 0
    store = ReleaseStore(tmp_path / "data" / "infomat" / "fleet")
    assert store.load() is not None, "the CLI stores where the test looks"
    damage(store)
    healed = _kiosk("fleet", "pull", "--config", str(path), home=tmp_path)
    assert (healed.returncode, healed.stdout) == (
        0, "applied serial 4 (the stored county file was damaged; fetched again)\n"), healed.stdout + healed.stderr
    damage(store)
    county.close()  # and now the county's server cannot be reached
    refused = _kiosk("fleet", "pull", "--config", str(path), home=tmp_path)
    assert refused.returncode == 2, refused.stdout
    assert refused.stdout.startswith("refused: the stored county file fails its check"), refused.stdout


def test_cli_check_refuses_an_expired_file_and_warns_a_week_ahead(tmp_path) -> None:
    """Issue 27, 4: `fleet check` accepted an expired file and `fleet sign` signed it."""
    path = tmp_path / "county.toml"
    now = dt.datetime.now().astimezone()
    path.write_text(county_text(3, expires=now - dt.timedelta(hours=1)))
    expired = _kiosk("fleet", "check", str(path), home=tmp_path)
    assert expired.returncode == 2 and "EXPIRED: every kiosk refuses it" in expired.stdout, expired.stdout
    path.write_text(county_text(3, expires=now + dt.timedelta(days=3, hours=5)))
    soon = _kiosk("fleet", "check", str(path), home=tmp_path)
    assert soon.returncode == 0 and "warning: expires in 3 d" in soon.stdout, soon.stdout
    path.write_text(county_text(3, expires=now + dt.timedelta(days=30)))
    fine = _kiosk("fleet", "check", str(path), home=tmp_path)
    assert fine.returncode == 0 and "expires in" not in fine.stdout and "EXPIRED" not in fine.stdout


def test_cli_sign_refuses_an_expired_county_file(tmp_path) -> None:
    key = tmp_path / "infomat.key"
    made = _kiosk("fleet", "keygen", "--no-password", "--secret-key", str(key),
                  "--public-key", str(tmp_path / "infomat.pub"), home=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = tmp_path / "county.toml"
    path.write_text(county_text(3, expires=dt.datetime.now().astimezone() - dt.timedelta(minutes=5)))
    refused = _kiosk("fleet", "sign", str(path), "--secret-key", str(key), home=tmp_path)
    assert refused.returncode == 2 and "not signed, the release is EXPIRED" in refused.stderr, refused.stderr
    assert not path.with_name("county.toml.minisig").exists()
    path.write_text(county_text(3))  # positive control: the same file, not expired, is signed
    signed = _kiosk("fleet", "sign", str(path), "--secret-key", str(key), home=tmp_path)
    assert signed.returncode == 0 and path.with_name("county.toml.minisig").exists(), signed.stderr


HOURS = '\n[schedule.hours]\nmon = "7:30-15:30"\ntue = "7:30-15:30"\n'


def test_the_commands_work_on_the_config_in_force(tmp_path, county, keys) -> None:
    """Issue 27, 4: `kiosk schedule` said "open; no [schedule.hours]" while the kiosk, on
    the county's hours, showed the closed screen; doctor had no line on the county file."""
    a = keys[0]
    county.publish(*release(tmp_path, a, 1, body=HOURS))
    path = local_file(tmp_path, county, [a.public])
    at = ["--at", "2026-11-30T18:00"]  # a Monday evening
    before = _kiosk("schedule", "--config", str(path), *at, home=tmp_path)
    assert before.stdout.splitlines() == [
        "open; no [schedule.hours]: always open", "config in force: local file only (no county file received yet)"
    ], before.stdout + before.stderr
    assert _kiosk("fleet", "pull", "--config", str(path), home=tmp_path).returncode == 0
    after = _kiosk("schedule", "--config", str(path), *at, home=tmp_path)
    assert after.stdout.splitlines() == [
        "closed; opens 2026-12-01 07:30 (hours)", "config in force: county serial 1"
    ], after.stdout + after.stderr
    doctor = _kiosk("doctor", "--config", str(path), "--skip-web-engine", home=tmp_path)
    assert "PASS  county file in force: serial 1, signature OK, expires in 29 d" in doctor.stdout, doctor.stdout
    assert "PASS  county file on the server: reachable, signature OK, serial 1, expires in 29 d" in doctor.stdout
    county.close()
    offline = _kiosk("doctor", "--config", str(path), "--skip-web-engine", home=tmp_path)
    assert "FAIL  county file on the server: " in offline.stdout
    assert "PASS  county file in force: serial 1" in offline.stdout  # the kiosk still runs it


def test_as_root_the_commands_refuse_or_act_for_the_kiosk_user() -> None:
    """Issue 27, 4: as root, `kiosk fleet pull` wrote to root's folders, not the kiosk's."""
    import pwd

    from kiosk.system.kiosk_user import choose_identity

    kiosk = pwd.struct_passwd(("kiosk", "x", 1001, 1001, "Infomat kiosk", "/home/kiosk", "/usr/sbin/nologin"))
    users = {"kiosk": kiosk}.get
    argv = ["fleet", "pull", "--config", "/etc/infomat/kiosk.toml"]
    refused = choose_identity(0, None, argv, users)
    assert refused.problem.endswith(
        "sudo -u kiosk kiosk fleet pull --config /etc/infomat/kiosk.toml   (or add --user kiosk)"
    )
    assert choose_identity(0, "kiosk", argv, users).user is kiosk
    assert choose_identity(0, None, argv, {}.get).problem == ""  # no kiosk user here: a workstation
    assert choose_identity(1001, None, argv, users).user is None  # the kiosk user itself
    assert "needs root" in choose_identity(1002, "kiosk", argv, users).problem
    assert "no such user" in choose_identity(0, "nikt", argv, users).problem


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("useradd"), reason="needs root and useradd")
def test_fleet_pull_as_root_for_the_kiosk_user_stores_in_its_folder(tmp_path, county, keys) -> None:
    import pwd

    name = f"infomat-t{os.getpid() % 100000}"
    home = tmp_path / name
    subprocess.run(["useradd", "--home-dir", str(home), "--create-home", "--shell", "/usr/sbin/nologin", name],
                   check=True, capture_output=True)  # fmt: skip
    try:
        user = pwd.getpwnam(name)
        a = keys[0]
        county.publish(*release(tmp_path, a, 2))
        path = local_file(tmp_path, county, [a.public])
        done = _kiosk("fleet", "pull", "--config", str(path), "--user", name, home=tmp_path / "root-home")
        assert (done.returncode, done.stdout) == (0, "applied serial 2\n"), done.stdout + done.stderr
        stored = home / ".local" / "share" / "infomat" / "fleet" / "county.json"
        assert stored.exists() and stored.stat().st_uid == user.pw_uid  # the kiosk can replace it later
        assert all(p.stat().st_uid == user.pw_uid for p in stored.parents if home in p.parents)
        assert not (tmp_path / "root-home" / "data" / "infomat" / "fleet").exists()  # nothing in root's folders
    finally:
        subprocess.run(["userdel", name], capture_output=True)
