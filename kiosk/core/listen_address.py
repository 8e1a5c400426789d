"""``HOST:PORT`` as a technician writes a listening address: ``127.0.0.1:9464``,
``0.0.0.0:9464``, ``[::1]:9464``, ``infomat-jastkow:9464``. No Qt, no config."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

_FORM = re.compile(r"^(?:\[(?P<v6>[0-9a-fA-F:.]+)\]|(?P<host>[A-Za-z0-9.-]+)):(?P<port>\d{1,5})$")


@dataclass(frozen=True)
class ListenAddress:
    host: str
    port: int

    @property
    def loopback_only(self) -> bool:
        """Reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False  # a host name: whatever it resolves to, probably the LAN

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_listen(text: str) -> ListenAddress:
    """The address, or ValueError saying what is wrong and how to write it."""
    match = _FORM.match(text.strip())
    example = "write HOST:PORT, e.g. '127.0.0.1:9464', '0.0.0.0:9464' or '[::1]:9464'"
    if match is None:
        raise ValueError(f"{text!r} is not an address to listen on; {example}")
    port = int(match["port"])
    if not 1 <= port <= 65535:
        raise ValueError(f"port {port} in {text!r} is not between 1 and 65535")
    host = match["v6"] or match["host"]
    if match["v6"]:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(f"{host!r} in {text!r} is not an IPv6 address; {example}") from None
    return ListenAddress(host, port)
