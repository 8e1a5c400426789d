"""The connection gate speaks SOCKS5 and opens only what the policy allows (no Qt)."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator

import pytest

from kiosk.core.policy import UrlPolicy
from kiosk.web.gate import ConnectionGate, HostMap


@pytest.fixture
def upstream() -> Iterator[tuple[int, list[bytes]]]:
    """An echo server on 127.0.0.1 that records what it received."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                while data := connection.recv(1024):
                    received.append(data)
                    connection.sendall(data.upper())

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1], received
    server.close()


@pytest.fixture
def gate() -> Iterator[ConnectionGate]:
    gate = ConnectionGate(HostMap("MAP * 127.0.0.1"))
    yield gate
    gate.close()


def socks_connect(gate: ConnectionGate, host: str, port: int, command: int = 1) -> tuple[socket.socket, int]:
    client = socket.create_connection(("127.0.0.1", gate.port), timeout=5)
    client.sendall(b"\x05\x01\x00")
    assert client.recv(2) == b"\x05\x00"
    name = host.encode()
    client.sendall(bytes([5, command, 0, 3, len(name)]) + name + struct.pack("!H", port))
    reply = client.recv(10)
    return client, reply[1]


def test_an_allowed_host_is_connected_and_relayed(gate, upstream) -> None:
    port, received = upstream
    gate.set_policy(lambda: UrlPolicy(["epuap.gov.pl"]))
    client, code = socks_connect(gate, "epuap.gov.pl", port)
    assert code == 0
    client.sendall(b"hello")
    assert client.recv(5) == b"HELLO"
    assert received == [b"hello"]
    client.close()


@pytest.mark.parametrize("host", ["evil.example", "epuap.gov.pl.evil.example", "127.0.0.1", "localhost"])
def test_a_host_no_rule_allows_is_refused_before_any_connection(gate, upstream, host) -> None:
    port, received = upstream
    gate.set_policy(lambda: UrlPolicy(["epuap.gov.pl"], ["bad.epuap.gov.pl"]))
    client, code = socks_connect(gate, host, port)
    assert code == 2  # "connection not allowed by ruleset"
    assert client.recv(1) == b""
    assert received == [] and gate.refused == 1 and gate.opened == 0


def test_a_port_the_rule_does_not_name_is_refused(gate, upstream) -> None:
    port, _ = upstream
    gate.set_policy(lambda: UrlPolicy(["https://epuap.gov.pl:443"]))
    assert socks_connect(gate, "epuap.gov.pl", port)[1] == 2
    gate.set_policy(lambda: UrlPolicy([f"epuap.gov.pl:{port}"]))
    assert socks_connect(gate, "epuap.gov.pl", port)[1] == 0


def test_without_a_policy_or_with_a_broken_one_nothing_connects(gate, upstream) -> None:
    port, received = upstream
    assert socks_connect(gate, "epuap.gov.pl", port)[1] == 2

    def broken() -> UrlPolicy:
        raise RuntimeError("window gone")

    gate.set_policy(broken)
    assert socks_connect(gate, "epuap.gov.pl", port)[1] == 2
    assert received == []


@pytest.mark.parametrize("command", [2, 3])  # BIND, UDP ASSOCIATE
def test_only_connect_is_served(gate, upstream, command) -> None:
    port, _ = upstream
    gate.set_policy(lambda: UrlPolicy(["epuap.gov.pl"]))
    assert socks_connect(gate, "epuap.gov.pl", port, command)[1] == 7


def test_an_allowed_host_that_does_not_answer_is_reported_as_refused(gate) -> None:
    gate.set_policy(lambda: UrlPolicy(["epuap.gov.pl"]))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    assert socks_connect(gate, "epuap.gov.pl", closed_port)[1] == 5


def test_host_map_follows_chromium_rules_first_match_wins() -> None:
    resolve = HostMap("MAP evil.example 127.0.0.2, MAP *.evil.example 127.0.0.2, MAP * 127.0.0.1")
    assert resolve("evil.example", 80) == "127.0.0.2"
    assert resolve("a.b.evil.example", 80) == "127.0.0.2"
    assert resolve("epuap.gov.pl", 80) == "127.0.0.1"
    with pytest.raises(ValueError, match="EXCLUDE"):
        HostMap("EXCLUDE foo")


@pytest.mark.parametrize(
    ("host", "port", "allowed"),
    [
        ("epuap.gov.pl", 443, True),
        ("www.epuap.gov.pl", 8443, True),
        ("bad.epuap.gov.pl", 443, False),  # blocked for every path
        ("login.gov.pl", 443, True),
        ("sub.login.gov.pl", 443, False),  # '.login.gov.pl' is that host only
        ("docs.pl", 443, True),  # only a path is allowed there: the host must still connect
        ("evil.example", 443, False),
        ("127.0.0.2", 80, False),
        ("::1", 443, False),
    ],
)
def test_allows_origin_asks_whether_any_url_there_could_be_allowed(host, port, allowed) -> None:
    policy = UrlPolicy(
        ["epuap.gov.pl", ".login.gov.pl", "https://docs.pl/formularze@wersja=2"], ["bad.epuap.gov.pl"]
    )
    assert policy.allows_origin(host, port) is allowed
