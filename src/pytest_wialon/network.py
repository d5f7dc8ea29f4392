"""Network blocking during replay: every connection off this machine is refused.

While a cassette replays, nothing should reach a server: a request the cassette holds is
answered from it, and code that talks to some other host (a geocoder, a second API) would
make the test depend on the network without anyone noticing. Name resolution of a
non-loopback host and connecting a socket to a non-loopback address both raise
:class:`NetworkBlocked` naming the host; loopback stays open, since the test's own servers
(and pytest-xdist) live there.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["NetworkBlocked", "blocked_network", "is_loopback"]


class NetworkBlocked(RuntimeError):
    """A connection the replaying test tried to open to another machine."""


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1, ``localhost`` and names under ``.localhost`` (RFC 6761)."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


@contextmanager
def blocked_network(where: str, attempts: list[str]) -> Iterator[None]:
    """Refuse connections off the machine inside the block; each refusal is noted in ``attempts``.

    ``where`` names the cassette in the error, so the reader knows why the network is off.
    """
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def refuse(host: str, port: Any) -> NetworkBlocked:
        shown = f"{host}:{port}" if port not in (None, "") else host
        attempts.append(shown)
        return NetworkBlocked(
            f"pytest-wialon: network blocked while replaying {where}: the test tried to reach "
            f"{shown}; only loopback is open during replay (turn blocking off with "
            "--wialon-block-network=no, or record the call)"
        )

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is not None and not is_loopback(str(host)):
            raise refuse(str(host), port)
        return real_getaddrinfo(host, port, *args, **kwargs)

    def guard(real: Callable[..., Any]) -> Callable[..., Any]:
        def connect(sock: socket.socket, address: Any) -> Any:
            inet = sock.family in (socket.AF_INET, socket.AF_INET6)
            if inet and isinstance(address, tuple) and not is_loopback(str(address[0])):
                raise refuse(str(address[0]), address[1])
            return real(sock, address)

        return connect

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = guard(real_connect)  # type: ignore[method-assign]  # patched on purpose
    socket.socket.connect_ex = guard(real_connect_ex)  # type: ignore[method-assign]  # same
    try:
        yield
    finally:
        socket.getaddrinfo = real_getaddrinfo
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
