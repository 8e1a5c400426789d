"""Remote screen and logs (issue 31) on the real kiosk window in a child process, its
metrics endpoint on loopback over HTTPS with test client certificates: the screenshot at
home and its refusal during a visit, the handshake refused without a certificate, the
logs bundle free of what the visitor typed and visited (with a positive control), and
docs/operations.md's curl and Ansible recipes run as written."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import ssl
import struct
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.hours import WARSAW
from tests.support.child_window import ROOT, ChildWindow
from tests.support.listeners import free_port
from tests.unit.test_metrics import make_pki

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl (make test installs it)")
SIZE = (1280, 800)
TYPED = "zolw7731tajny"  # what the visitor types into the page's field
SECRET_QUERY = "pesel44051401359"  # in the query of an address the visitor opens
CHROMIUM_SECRET = "token9982Sekret"  # in a URL that a Qt/Chromium message wrote into the log
MARKER_HOST = "znacznik-5521.example"  # a refused address: its host must be in the bundle
DOC = ROOT / "docs" / "operations.md"


class Endpoint:
    def __init__(self, port: int, pki: dict[str, Path]) -> None:
        self.base = f"https://127.0.0.1:{port}"
        self.county = ssl.create_default_context(cafile=pki["ca.pem"])
        self.county.load_cert_chain(pki["prometheus.pem"], pki["prometheus-key.pem"])
        self.pki = pki

    def get(self, path: str, context: ssl.SSLContext | None = None) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=90, context=context or self.county) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory) -> Iterator[tuple[ChildWindow, Endpoint]]:
    folder = tmp_path_factory.mktemp("pki")
    pki = make_pki(folder)
    port = free_port()
    extra = (f'[metrics]\nlisten = "127.0.0.1:{port}"\ntls_cert = "{pki["kiosk.pem"]}"\n'
             f'tls_key = "{pki["kiosk-key.pem"]}"\ntls_client_ca = "{pki["ca.pem"]}"\n')  # fmt: skip
    child = ChildWindow("--size", "x".join(map(str, SIZE)), "--file-log", "--extra", extra,
                        log=folder / "child.log")  # fmt: skip
    try:
        child.wait_ready()
        endpoint = Endpoint(port, pki)
        deadline = time.monotonic() + 30
        while True:
            try:
                if endpoint.get("/metrics")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield child, endpoint
    finally:
        child.close()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:20]
    return struct.unpack(">II", data[16:24])


def bundle_text(bundle: bytes) -> dict[str, str]:
    with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
        return {m.name: tar.extractfile(m).read().decode("utf-8", "replace") for m in tar.getmembers()}  # type: ignore[union-attr]


def test_the_logs_bundle_holds_no_visitor_data(kiosk) -> None:
    child, endpoint = kiosk  # first in this module: the child types only into its first session's page
    assert endpoint.get("/screenshot.png")[0] == 200
    assert child.send("form")["ok"]
    assert endpoint.get("/screenshot.png") == (409, b"")
    time.sleep(3)  # the page loads
    child.send(f"type {TYPED}")
    assert child.send("value")["value"] == TYPED  # the visitor really typed it
    assert child.send(f"open http://epuap.gov.pl:{{port}}/form?pesel={SECRET_QUERY}#krok2")["ok"]
    assert not child.send(f"open http://{MARKER_HOST}:{{port}}/sprawa?x={SECRET_QUERY}")["ok"]  # refused: logged
    log_file = Path(child.send("logfile")["path"])
    stamp = dt.datetime.now(WARSAW).strftime("%Y-%m-%d %H:%M:%S,000")
    with log_file.open("a", encoding="utf-8") as log:  # as Chromium's messages reach kiosk.qt
        log.write(f"{stamp} WARNING kiosk.qt: Uncaught TypeError at https://epuap.gov.pl/app.js?t={CHROMIUM_SECRET}\n")
    status, bundle = endpoint.get("/logs?since=1h")
    assert status == 200
    files = bundle_text(bundle)
    everything = "\n".join(files.values())
    assert MARKER_HOST in files["infomat-logs/kiosk.log"]  # positive control: this visit's lines are in it
    assert "kiosk.qt: Uncaught TypeError at https://epuap.gov.pl" in everything  # and the Chromium line, scrubbed
    for secret in (TYPED, SECRET_QUERY, CHROMIUM_SECRET, "krok2", "/sprawa"):
        assert secret not in everything, secret
    assert re.search(r"remote /screenshot.png by CN=prometheus: 409", everything)  # each request logged
    assert re.search(r"remote /screenshot.png by CN=prometheus: 200", everything)
    assert "checks:" in files["infomat-logs/doctor.txt"] and "pyside6 " in files["infomat-logs/versions.txt"]
    assert endpoint.get("/logs?since=soon")[0] == 400
    child.send("end")


def test_screenshot_at_home_refused_during_a_visit_and_without_a_certificate(kiosk) -> None:
    child, endpoint = kiosk
    status, png = endpoint.get("/screenshot.png")
    assert status == 200 and png_size(png) == SIZE  # the window, at its size

    stranger = ssl.create_default_context(cafile=endpoint.pki["ca.pem"])  # trusts the kiosk, has no certificate
    with pytest.raises((ssl.SSLError, ConnectionError, urllib.error.URLError)):
        endpoint.get("/screenshot.png", stranger)

    assert child.send("form")["ok"]
    status, body = endpoint.get("/screenshot.png")
    assert (status, body) == (409, b"")  # a visitor's page: no image at all
    assert child.send("end")["ok"]
    status, png = endpoint.get("/screenshot.png")
    assert status == 200 and png_size(png) == SIZE  # home again after the wipe


def recipe(name: str) -> str:
    match = re.search(rf"<!-- recipe: {name} -->\s*```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match, f"docs/operations.md has no '{name}' recipe"
    return match.group(1)


def with_values(values: dict[str, str]) -> str:
    """The doc's variables block with the test's values in place of the documented ones."""
    block = recipe("variables")
    documented = set(re.findall(r"^export (\w+)=", block, re.M))
    assert documented == set(values), documented ^ set(values)
    return re.sub(r"^export (\w+)=\S+", lambda m: f"export {m.group(1)}={values[m.group(1)]}", block, flags=re.M)


def run_recipe(name: str, values: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    script = with_values(values) + "\n" + recipe(name)
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def check_collected(out: Path, name: str) -> None:
    assert png_size((out / f"{name}.png").read_bytes()) == SIZE
    files = bundle_text((out / f"{name}-logs.tar.gz").read_bytes())
    assert "infomat-logs/kiosk.log" in files and MARKER_HOST not in files["infomat-logs/config.txt"]


def test_the_curl_and_ansible_recipes_run_as_written(kiosk, tmp_path: Path) -> None:
    _child, endpoint = kiosk
    pki = {k: str(v) for k, v in endpoint.pki.items()}
    (tmp_path / "kiosks.txt").write_text("127.0.0.1\n")
    values = {
        "INFOMAT_CERT": pki["prometheus.pem"], "INFOMAT_KEY": pki["prometheus-key.pem"], "INFOMAT_CA": pki["ca.pem"],
        "INFOMAT_PORT": endpoint.base.rsplit(":", 1)[1], "INFOMAT_KIOSKS": str(tmp_path / "kiosks.txt"),
        "INFOMAT_INVENTORY": "127.0.0.1,", "INFOMAT_OUT": str(tmp_path / "curl"),
    }  # fmt: skip
    done = run_recipe("curl", values)
    assert done.returncode == 0, done.stdout + done.stderr
    check_collected(tmp_path / "curl", "127.0.0.1")

    if shutil.which("ansible-playbook", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("ansible-core (pip install -e '.[test]')")
    values["INFOMAT_OUT"] = str(tmp_path / "ansible")
    started = time.monotonic()
    done = run_recipe("ansible", values)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "failed=0" in done.stdout, done.stdout
    check_collected(tmp_path / "ansible", "127.0.0.1")
    print(f"ansible collected one kiosk in {time.monotonic() - started:.1f} s")
