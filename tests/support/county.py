"""A county's side of the fleet, with the real tools: keys and signatures from the Debian
``minisign`` binary, the county file served over HTTPS by a server whose certificate a
test CA signed."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.pki import ca_and_leaf
from tests.support.server import Response, Seen, SiteServer

MINISIGN = shutil.which("minisign")
needs_minisign = pytest.mark.skipif(MINISIGN is None, reason="needs the minisign tool (Debian package minisign)")


@dataclass(frozen=True)
class Keypair:
    public: str  # the RW… line
    secret: Path


def minisign_keypair(directory: Path, name: str = "county") -> Keypair:
    """A password-less key pair made by ``minisign -G -W``."""
    directory.mkdir(parents=True, exist_ok=True)
    pub, sec = directory / f"{name}.pub", directory / f"{name}.key"
    subprocess.run([MINISIGN, "-G", "-W", "-f", "-p", str(pub), "-s", str(sec)], check=True, capture_output=True)
    return Keypair(pub.read_text().splitlines()[1], sec)


def minisign_sign(path: Path, key: Keypair, legacy: bool = False) -> bytes:
    """``minisign -S`` of ``path`` (prehashed, or ``-l`` legacy); returns the .minisig bytes."""
    args = [MINISIGN, "-S", "-W", "-s", str(key.secret), "-m", str(path), "-t", f"county {path.name}"]
    subprocess.run([*args, "-l"] if legacy else args, check=True, capture_output=True)
    return path.with_name(path.name + ".minisig").read_bytes()


def county_text(serial: int, expires: dt.datetime | None = None, body: str = "") -> str:
    """A small valid county file with two kiosks of their own."""
    expires = expires or dt.datetime.now().astimezone() + dt.timedelta(days=30)
    return f"""[release]
serial = {serial}
expires = {expires.isoformat(timespec="seconds")}

[kiosk]
name = "Infomat Powiatu Lubelskiego, release {serial}"
county = "Powiat lubelski"

[policy]
allow = ["gov.pl"]

[[services]]
id = "gov"
title = "gov.pl"
url = "https://www.gov.pl/"
icon = "landmark"

[[services]]
id = "epuap"
title = "ePUAP"
url = "https://epuap.gov.pl/"
icon = "inbox"

[[content.offices]]
name = "Starostwo Powiatowe w Lublinie"
kind = "starostwo"

[[content.offices]]
name = "Urząd Gminy Jastków"

[kiosks.jastkow-ug]
kiosk = {{ name = "Infomat Gminy Jastków", gmina = "Jastków" }}
hide_services = ["epuap"]
content = {{ offices = [{{ name = "Urząd Gminy Jastków", phone = "81 000 00 00 (przykład)" }}] }}

[kiosks.starostwo-hol]
[[kiosks.starostwo-hol.services]]
id = "bip"
title = "BIP Starostwa"
url = "https://bip.gov.pl/"
{body}"""


class CountyServer:
    """The county's web server: ``county.toml`` and ``county.toml.minisig`` over HTTPS with
    ETags, plus whatever a test routes (redirects, errors, a slow answer)."""

    def __init__(self, directory: Path) -> None:
        self.ca, leaf, key = ca_and_leaf(directory / "pki")
        self.server = SiteServer(cert=(leaf, key))
        self.files: dict[str, bytes] = {}
        self.etag = True

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.server.port}/county.toml"

    def publish(self, county: bytes, signature: bytes, path: str = "/county.toml") -> None:
        self.files[path] = county
        self.files[path + ".minisig"] = signature
        for name in (path, path + ".minisig"):
            self.server.route("*", name, self._serve(name))

    def _serve(self, name: str):
        def serve(seen: Seen) -> Response:
            body = self.files[name]
            tag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if self.etag and seen.headers.get("if-none-match") == tag:
                return Response(b"", status=304, headers={"ETag": tag})
            return Response(body, headers={"ETag": tag} if self.etag else {}, content_type="application/toml")

        return serve

    def hits(self, path: str) -> int:
        return sum(1 for r in self.server.requests if r.path == path)

    def close(self) -> None:
        self.server.close()
