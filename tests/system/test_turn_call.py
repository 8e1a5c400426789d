"""Calls through the gate (issue 30, 2): WebRTC media reaches a TURN server over TCP
through the connection gate when the open service allows the TURN host, and never
otherwise; the kiosk sends no UDP datagram at all.

What Chromium does (measured, QtWebEngine 6.11.3 / Chromium 140): with the kiosk's
``--host-resolver-rules`` the TURN name does not resolve ("Failed to resolve address for
turn…, errorcode: -105" from the network service), and WebRTC then connects to a
``?transport=tcp`` / ``turns:`` server *by name* through the proxy — the gate receives a
SOCKS5 CONNECT with the host name, decides by the policy and only then resolves it.

The real kiosk (``kiosk run --open``) runs in a network and mount namespace of its own:
its /etc/hosts names the service and the TURN host, and a TCP-only bridge carries its
connections through Unix sockets to the site server and coturn outside. coturn relays
media over UDP between its two allocations, outside, so the namespace's UDP counters
(/proc/PID/net/snmp) count what the kiosk sends and nothing else. The page itself tries
a UDP TURN server by address too: the kiosk must not send it a datagram.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.kiosk_process import kiosk_command, kiosk_env, one_service_config
from tests.support.listeners import free_port
from tests.support.server import Response, Seen, SiteServer
from tests.support.unix_bridge import UnixToTcp

pytestmark = pytest.mark.web

REPO = Path(__file__).resolve().parents[2]
SERVICE_HOST = "tlumacz-pjm.example"
TURN_HOST = "turn.pjm-relay.example"  # another domain: the service's own rule does not cover it
TURN_USER, TURN_PASSWORD = "kiosk", "call-secret"

PAGE = """<!doctype html><title>PJM</title><canvas id=c width=160 height=120></canvas><script>
const servers = [{urls: 'turn:%(turn)s?transport=tcp', username: '%(user)s', credential: '%(password)s'},
                 {urls: 'turn:127.0.0.1:%(udp)d?transport=udp', username: '%(user)s', credential: '%(password)s'}];
const config = {iceServers: servers, iceTransportPolicy: 'relay'};
const a = new RTCPeerConnection(config), b = new RTCPeerConnection(config);
const relays = {a: 0, b: 0};
const pass = (from, to, name) => e => {
  if (!e.candidate) return;
  if (e.candidate.type === 'relay') relays[name]++;
  to.addIceCandidate(e.candidate);
};
a.onicecandidate = pass(a, b, 'a');
b.onicecandidate = pass(b, a, 'b');
const canvas = document.getElementById('c'), draw = canvas.getContext('2d');
let n = 0;
setInterval(() => { draw.fillStyle = 'hsl(' + (n++ * 7 %% 360) + ',80%%,50%%)'; draw.fillRect(0, 0, 160, 120); }, 40);
const stream = canvas.captureStream(25);
a.addTrack(stream.getVideoTracks()[0], stream);
(async () => {
  const offer = await a.createOffer(); await a.setLocalDescription(offer); await b.setRemoteDescription(offer);
  const answer = await b.createAnswer(); await b.setLocalDescription(answer); await a.setRemoteDescription(answer);
})();
setInterval(async () => {
  let frames = 0, bytes = 0;
  (await b.getStats()).forEach(s => {
    if (s.type === 'inbound-rtp') { frames = s.framesDecoded || 0; bytes = s.bytesReceived || 0; }
  });
  fetch('/status', {method: 'POST', body: JSON.stringify({frames, bytes, relays,
    ice: a.iceConnectionState, gathering: [a.iceGatheringState, b.iceGatheringState]})});
}, 500);
</script>"""


def _namespaces_work() -> bool:
    if os.geteuid() != 0 or not all(shutil.which(tool) for tool in ("unshare", "ip", "turnserver")):
        return False
    probe = subprocess.run(["unshare", "-mn", "sh", "-c", "ip link set lo up"], capture_output=True)
    return probe.returncode == 0


def _udp_sent(pid: int) -> int:
    """Datagrams sent from the network namespace of ``pid`` (IPv4, UDP-Lite, IPv6)."""
    total = 0
    lines = Path(f"/proc/{pid}/net/snmp").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=True):
        if names.startswith(("Udp:", "UdpLite:")):
            total += int(dict(zip(names.split(), values.split(), strict=True))["OutDatagrams"])
    for line in Path(f"/proc/{pid}/net/snmp6").read_text().splitlines():
        name, value = line.split()
        if name in ("Udp6OutDatagrams", "UdpLite6OutDatagrams"):
            total += int(value)
    return total


class Coturn:
    """coturn in the foreground on 127.0.0.1 (TCP only towards clients), one static user."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.log = directory / "turn.log"
        conf = directory / "turnserver.conf"
        conf.write_text(
            f"listening-ip=127.0.0.1\nrelay-ip=127.0.0.1\nlistening-port={self.port}\n"
            f"lt-cred-mech\nuser={TURN_USER}:{TURN_PASSWORD}\nrealm=pjm-relay.example\n"
            f"userdb={directory / 'turndb'}\npidfile={directory / 'turn.pid'}\n"
            "no-udp\nno-dtls\nno-tls\nno-cli\nno-multicast-peers\nallow-loopback-peers\n"
            "fingerprint\nverbose\nsimple-log\nlog-file=stdout\n"
        )
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(["turnserver", "-c", str(conf)], stdout=out, stderr=out)
        end = time.monotonic() + 10
        while "TCP listener opened" not in self.text() and time.monotonic() < end:
            assert self.process.poll() is None, self.text()
            time.sleep(0.1)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _run_call(
    tmp_path: Path, coturn: Coturn, allow: list[str], wait: float, until_logged: str = ""
) -> tuple[dict, int, str]:
    """The kiosk opens the call service; the page's last status, UDP sent, the kiosk's log.

    The call is watched until media flows, or for ``wait`` seconds after both peers finished
    gathering and ``until_logged`` is in the kiosk's log (a loaded machine may log the gate's
    refusal after gathering ends)."""
    site = SiteServer()
    statuses: list[dict] = []

    def status(seen: Seen) -> Response:
        statuses.append(json.loads(seen.body))
        return Response("ok")

    values = {"turn": f"{TURN_HOST}:{coturn.port}", "user": TURN_USER, "password": TURN_PASSWORD, "udp": free_port()}
    site.route(SERVICE_HOST, "/", PAGE % values)
    site.route(SERVICE_HOST, "/status", status)
    run = tmp_path / f"run-{len(allow)}"
    run.mkdir()
    bridge_out = UnixToTcp(run, [site.port, coturn.port])
    (run / "hosts").write_text(f"127.0.0.1 localhost {SERVICE_HOST} {TURN_HOST}\n")
    (run / "resolv.conf").write_text("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")
    rules = ", ".join(f'"{rule}"' for rule in allow)
    url = f"http://{SERVICE_HOST}:{site.port}/"
    extra = f'allow = [{rules}]\nmedia = ["camera", "microphone"]\n'
    config = one_service_config(run, "TURN test", "tlumacz", "Tłumacz PJM", url, extra)
    env = kiosk_env(run)
    kiosk = kiosk_command(config, "tlumacz")
    script = (
        f"ip link set lo up && mount --bind {run / 'hosts'} /etc/hosts"
        f" && mount --bind {run / 'resolv.conf'} /etc/resolv.conf"
        f" && {{ {sys.executable} -m tests.support.unix_bridge {run} {site.port} {coturn.port}"
        f" > {run / 'bridge.out'} 2>&1 & echo $! > {run / 'bridge.pid'}; }}"
        f' && while ! grep -q ready {run / "bridge.out"}; do sleep 0.05; done && exec "$@"'
    )
    err_path = run / "kiosk.err"
    with err_path.open("wb") as err:
        process = subprocess.Popen(
            ["unshare", "-mn", "sh", "-c", script, "sh", *kiosk], env=env, stdout=err, stderr=err, cwd=REPO
        )
    try:
        end = time.monotonic() + 60
        settled_at = None
        while time.monotonic() < end:
            assert process.poll() is None, err_path.read_text(errors="replace")[-3000:]
            last = statuses[-1] if statuses else {}
            if last.get("frames", 0) >= 25:
                break
            if settled_at is None and last.get("gathering") == ["complete", "complete"]:
                settled_at = time.monotonic()
            settled = settled_at is not None and time.monotonic() - settled_at > wait
            if settled and until_logged in err_path.read_text(errors="replace"):
                break
            time.sleep(0.2)
        sent = _udp_sent(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
        bridge_pid = run / "bridge.pid"
        if bridge_pid.exists():
            os.kill(int(bridge_pid.read_text()), signal.SIGTERM)
        bridge_out.close()
        site.close()
    assert statuses, err_path.read_text(errors="replace")[-3000:]
    return statuses[-1], sent, err_path.read_text(errors="replace")


@pytest.mark.skipif(not _namespaces_work(), reason="needs root, unshare, ip and coturn (turnserver)")
def test_media_flows_over_turn_tcp_through_the_gate_only_when_the_service_allows_it(tmp_path: Path) -> None:
    coturn = Coturn(tmp_path)
    try:
        allowed, allowed_udp, _ = _run_call(tmp_path, coturn, [SERVICE_HOST, TURN_HOST], wait=30)
        log_after_allowed = coturn.text()
        blocked = f"blocked a connection to {TURN_HOST}:{coturn.port}"
        refused, refused_udp, refused_log = _run_call(tmp_path, coturn, [SERVICE_HOST], wait=5, until_logged=blocked)
        log_after_refused = coturn.text()
    finally:
        coturn.close()
    # Media flowed from peer A to peer B, both relayed by coturn over TCP.
    assert allowed["frames"] >= 25 and allowed["bytes"] > 0, allowed
    assert allowed["ice"] in ("connected", "completed"), allowed
    assert allowed["relays"]["a"] > 0 and allowed["relays"]["b"] > 0, allowed
    assert "tcp or tls connected to" in log_after_allowed  # coturn: a client over TCP
    assert "ALLOCATE processed, success" in log_after_allowed
    assert allowed_udp == 0, f"the kiosk sent {allowed_udp} UDP datagrams"
    # Without the TURN host in the service's allow list the gate refuses it: no relay
    # candidate, no media, coturn never hears from the kiosk again.
    assert blocked in refused_log, [line for line in refused_log.splitlines() if "kiosk." in line][-20:]
    assert refused["frames"] == 0 and refused["bytes"] == 0, refused
    assert refused["relays"] == {"a": 0, "b": 0}, refused
    assert refused["ice"] not in ("connected", "completed"), refused
    for line in ("tcp or tls connected to", "ALLOCATE processed, success"):
        assert log_after_refused.count(line) == log_after_allowed.count(line), line
    assert refused_udp == 0, f"the kiosk sent {refused_udp} UDP datagrams"
