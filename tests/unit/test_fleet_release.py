"""The county file's structure and merge rules, the [fleet] keys, and minisign's formats
(the real tool's interoperability is tested in tests/system/test_fleet.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.commands.fleet import differences
from kiosk.config import ConfigError, parse_config
from kiosk.core.minisign import MinisignError, generate, parse_public_key, parse_signature, sign, verify
from kiosk.fleet.release import ReleaseError, combine_local, merge_kiosk, parse_release
from tests.support.county import county_text

KEY = "RWRqmNZUiQsnipZyRg8NFzp5L0q6ao6f0vvCGwuVljWYJbG8/t8CZxvB"  # printed by minisign -G


def test_release_serial_and_expiry_are_read_and_a_local_time_is_warsaw() -> None:
    release = parse_release(county_text(7, expires=dt.datetime(2027, 1, 31, 23, 59, tzinfo=dt.UTC)))
    assert release.serial == 7 and release.expires == dt.datetime(2027, 1, 31, 23, 59, tzinfo=dt.UTC)
    assert set(release.kiosks) == {"jastkow-ug", "starostwo-hol"} and "release" not in release.common
    local = parse_release("[release]\nserial = 1\nexpires = 2027-07-01T00:00:00\n")
    assert local.expires.utcoffset() == dt.timedelta(hours=2)  # CEST
    assert local.expired(dt.datetime(2027, 6, 30, 22, 0, tzinfo=dt.UTC))
    assert not local.expired(dt.datetime(2027, 6, 30, 21, 59, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[kiosk]\nname = 'x'\n", "release"),
        ("[release]\nserial = 0\nexpires = 2027-01-01T00:00:00Z\n", "release.serial"),
        ("[release]\nserial = 2\nexpires = 2027-01-01\n", "release.expires"),
        ("[release]\nserial = 2\nexpires = 2027-01-01T00:00:00Z\nsigned_by = 'x'\n", "release.signed_by"),
        ("[release]\nserial = 2\nexpires = 2027-01-01T00:00:00Z\n[fleet]\nconfig_url = 'https://x/'\n", "fleet"),
        ("[release]\nserial = 2\nexpires = 2027-01-01T00:00:00Z\n[kiosk]\nid = 'a'\n", "kiosk.id"),
        ("[release]\nserial = 2\nexpires = 2027-01-01T00:00:00Z\n[kiosks.Zly_Id]\n", "kiosks.Zly_Id"),
        ("[release]\nserial = 2\nexpires = 2027-01-01T00:00:00Z\n[kiosks.a]\nhide_services = 'gov'\n",
         "kiosks.a.hide_services"),
        ("[release]\nserial = 2\nexpires = 2027-01-01T00:00:00Z\n[kiosks.a.fleet]\nconfig_url = 'x'\n",
         "kiosks.a.fleet"),
    ],
)  # fmt: skip
def test_a_county_file_with_a_wrong_structure_names_the_key(text: str, where: str) -> None:
    with pytest.raises(ReleaseError) as caught:
        parse_release(text)
    assert where in [".".join(map(str, loc)) for loc, _message in caught.value.problems]


def test_tables_merge_key_by_key_and_values_replace() -> None:
    common = {"kiosk": {"name": "Powiat", "county": "lubelski"}, "policy": {"allow": ["gov.pl"]}}
    merged = merge_kiosk(common, {"kiosk": {"name": "Gmina"}, "policy": {"allow": ["bip.gov.pl"]}})
    assert merged == {"kiosk": {"name": "Gmina", "county": "lubelski"}, "policy": {"allow": ["bip.gov.pl"]}}
    assert common["kiosk"]["name"] == "Powiat"  # the common part is not changed


def test_tiles_merge_by_id_new_ones_come_last_and_hidden_ones_go() -> None:
    common = {"services": [{"id": "gov", "title": "gov.pl"}, {"id": "epuap", "title": "ePUAP"}, {"id": "car"}]}
    merged = merge_kiosk(common, {
        "services": [{"id": "bip", "title": "BIP"}, {"id": "epuap", "title": "ePUAP (pomoc)"}],
        "hide_services": ["car"],
    })  # fmt: skip
    assert merged["services"] == [{"id": "gov", "title": "gov.pl"}, {"id": "epuap", "title": "ePUAP (pomoc)"},
                                  {"id": "bip", "title": "BIP"}]  # fmt: skip


def test_the_kiosks_own_offices_come_first_in_its_order() -> None:
    offices = [{"name": "Starostwo"}, {"name": "UG Jastków"}, {"name": "UG Konopnica"}]
    own = [{"name": "UG Konopnica", "phone": "1"}, {"name": "Punkt"}]
    merged = merge_kiosk({"content": {"offices": offices, "cache_days": 9}}, {"content": {"offices": own}})
    assert [o["name"] for o in merged["content"]["offices"]] == ["UG Konopnica", "Punkt", "Starostwo", "UG Jastków"]
    assert merged["content"]["offices"][0]["phone"] == "1" and merged["content"]["cache_days"] == 9


def test_local_keys_win_and_the_pin_only_when_set_locally() -> None:
    county = {"kiosk": {"name": "Powiat"}, "admin": {"pin_hash": "county"}, "stats": {"file": "x.sqlite3"}}
    local = {"kiosk": {"id": "k1", "name": "Lokalny"}, "fleet": {"config_url": "https://p/"}, "admin": {"pin_hash": ""}}
    combined = combine_local(county, local)
    assert combined["kiosk"] == {"name": "Powiat", "id": "k1"}  # the name is the county's, the id local
    assert combined["fleet"] == {"config_url": "https://p/"} and combined["admin"]["pin_hash"] == "county"
    assert combined["stats"] == {"file": "x.sqlite3"}  # not set locally: the county's
    assert combine_local(county, {"admin": {"pin_hash": "local"}})["admin"]["pin_hash"] == "local"


def test_differences_list_what_a_kiosk_has_of_its_own() -> None:
    release = parse_release(county_text(1))
    lines = differences(release.common, release.data_for("jastkow-ug"))
    assert "kiosk.gmina = 'Jastków'" in lines and "services = ['gov']" in lines
    assert "content.offices = ['Urząd Gminy Jastków', 'Starostwo Powiatowe w Lublinie']" in lines
    assert differences(release.common, release.data_for("nobody")) == []


@pytest.mark.parametrize(
    ("fleet", "message"),
    [
        ('config_url = "http://powiat.example/county.toml"\npublic_keys = ["KEY"]', "fetched over https://"),
        ('config_url = "https://powiat.example/county.toml"', "accepted only signed"),
        ('config_url = "https://p.example/c.toml"\npublic_keys = ["RWQnope"]', "copy the RW"),
        ('config_url = "https://p.example/c.toml"\npublic_keys = ["KEY", "KEY"]', "the same key as public_keys[0]"),
        ('public_keys = ["KEY", "KEY", "KEY"]', "at most 2"),
        ('config_url = "https://p.example/c.toml"\npublic_keys = ["KEY"]\nca_file = "county-ca.pem"', "not found"),
    ],
)
def test_fleet_keys_are_checked(fleet: str, message: str, tmp_path) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("[fleet]\n" + fleet.replace("KEY", KEY) + "\n", folder=tmp_path)
    assert message in str(caught.value) and "fleet." in str(caught.value)


def test_a_good_fleet_section_and_loopback_http_are_accepted() -> None:
    config = parse_config(f'[fleet]\nconfig_url = "http://127.0.0.1:8080/c.toml"\npublic_keys = ["{KEY}"]\n')
    assert config.fleet.poll_seconds == 300 and config.fleet.max_bytes == 1048576
    assert parse_public_key(KEY).id_hex == "8A270B8954D6986A"  # as minisign printed it


def test_own_signatures_verify_and_any_change_does_not() -> None:
    secret = generate()
    signature = sign(b"county", secret, "serial 1")
    assert verify(b"county", signature, [secret.public]) == (secret.public, "serial 1")
    with pytest.raises(MinisignError, match="does not match"):
        verify(b"countY", signature, [secret.public])
    lines = signature.decode().splitlines()
    lines[2] = "trusted comment: serial 9"
    with pytest.raises(MinisignError, match="trusted comment was altered"):
        verify(b"county", "\n".join(lines).encode(), [secret.public])
    with pytest.raises(MinisignError, match="not a trusted key"):
        verify(b"county", signature, [generate().public])
    for broken in (b"", b"\xff\xfe", b"untrusted comment: x\nnot base64!\ntrusted comment: x\nAAAA\n"):
        with pytest.raises(MinisignError):
            parse_signature(broken)
