"""Whether the server answers only this machine: decided on the addresses the configured host
resolves to, never on how its name is spelled (a host named 127.example.org is not loopback)."""

from __future__ import annotations

import ipaddress
import socket


def is_loopback_host(host: str) -> bool:
    """True when every address `host` resolves to is a loopback address; an empty host (every
    interface) or one that does not resolve is not."""
    host = host.strip().strip("[]")
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0] for info in found}
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)
