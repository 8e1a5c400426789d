"""Test certificates: a self-signed one (untrusted) and a CA trusted only in the test HOME."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def _openssl(directory: Path, *args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=directory)


def _self_signed(directory: Path, subject: str, key: str, cert: str, *extensions: str) -> None:
    args = [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        subject,
        "-keyout",
        key,
        "-out",
        cert,
    ]
    for extension in extensions:
        args += ["-addext", extension]
    _openssl(directory, *args)


def make_self_signed(directory: Path, host: str = "secure.example") -> tuple[str, str]:
    """An untrusted certificate for ``host``: Chromium must refuse it."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    if not cert.exists():
        _self_signed(directory, f"/CN={host}", str(key), str(cert))
    return str(cert), str(key)


def ca_and_leaf(directory: Path, san: str = "IP:127.0.0.1", cn: str = "127.0.0.1") -> tuple[str, str, str]:
    """A test CA and a server certificate signed by it: (ca.pem, leaf.pem, leaf.key)."""
    directory.mkdir(parents=True, exist_ok=True)
    _self_signed(
        directory,
        "/CN=Infomat Test CA",
        "ca.key",
        "ca.pem",
        "basicConstraints=critical,CA:TRUE",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    _openssl(
        directory, "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={cn}",
        "-keyout", "leaf.key", "-out", "leaf.csr",
    )  # fmt: skip
    (directory / "ext.cnf").write_text(
        f"subjectAltName={san}\nextendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid,issuer\nsubjectKeyIdentifier=hash\n"
    )
    _openssl(
        directory, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-extfile", "ext.cnf", "-out", "leaf.pem",
    )  # fmt: skip
    return tuple(os.fspath(directory / name) for name in ("ca.pem", "leaf.pem", "leaf.key"))  # type: ignore[return-value]


def trusted_leaf(home: str, host: str = "hsts.example") -> tuple[str, str] | None:
    """A CA that Chromium trusts in this HOME's NSS db, and a leaf for ``host`` signed by it.

    Chromium records HSTS only over a valid certificate, so this is what makes HSTS
    testable. None without openssl and certutil (Debian libnss3-tools).
    """
    if not (shutil.which("openssl") and shutil.which("certutil")):
        return None
    pki = Path(home) / "test-pki"
    db = Path(home) / ".pki" / "nssdb"
    db.mkdir(parents=True)
    ca, leaf, key = ca_and_leaf(pki, f"DNS:{host}", host)
    for args in (["-N", "--empty-password"], ["-A", "-t", "C,,", "-n", "infomat-test-ca", "-i", ca]):
        subprocess.run(["certutil", "-d", f"sql:{db}", *args], check=True, capture_output=True)
    return leaf, key
