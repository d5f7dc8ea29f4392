"""Network blocking during replay: every connection off this machine is refused.

While a cassette replays, nothing should reach a server: a request the cassette holds is
answered from it, and code that talks to some other host (a geocoder, a second API) would
make the test depend on the network without anyone noticing. Name resolution of a
non-loopback host and connecting a socket to a non-loopback address both raise
:class:`NetworkBlocked` naming the host; loopback stays open, since the test's own servers
(and pytest-xdist) live there.

Resolution is refused where it starts, so the error names the host the code asked for, not
an address found for it: ``socket.getaddrinfo``/``gethostbyname``/``gethostbyname_ex`` (what
aiohttp's ``ThreadedResolver`` and asyncio's ``loop.getaddrinfo`` use), aiohttp's resolvers
(``ThreadedResolver`` and ``AsyncResolver``), and ``aiodns.DNSResolver``, which asks the DNS
through c-ares below Python's socket module and would otherwise be caught only at connect.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
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


#: aiodns.DNSResolver methods that ask the DNS about a name (the name is their first argument)
_AIODNS_BY_NAME = ("getaddrinfo", "gethostbyname", "query", "query_dns")
#: ... and the ones that ask about an address (a reverse lookup leaves the machine too)
_AIODNS_BY_ADDRESS = ("gethostbyaddr", "getnameinfo")


class _Patches:
    """Attributes replaced for the block, put back in reverse order at its end."""

    def __init__(self) -> None:
        self._saved: list[tuple[Any, str, Any, bool]] = []

    def replace(self, owner: Any, name: str, make: Callable[[Any], Any]) -> None:
        real = getattr(owner, name, None)
        if real is None:
            return  # not there (another release): nothing to guard
        # socket.socket inherits connect from _socket.socket: undo must delete, not copy
        own = name in vars(owner)
        self._saved.append((owner, name, real, own))
        setattr(owner, name, make(real))

    def undo(self) -> None:
        while self._saved:
            owner, name, real, own = self._saved.pop()
            if own:
                setattr(owner, name, real)
            else:
                delattr(owner, name)


@contextmanager
def blocked_network(where: str, attempts: list[str]) -> Iterator[None]:
    """Refuse connections off the machine inside the block; each refusal is noted in ``attempts``.

    ``where`` names the cassette in the error, so the reader knows why the network is off.
    """

    def refuse(host: str, port: Any) -> NetworkBlocked:
        shown = f"{host}:{port}" if port not in (None, "", 0) else host
        attempts.append(shown)
        return NetworkBlocked(
            f"pytest-wialon: network blocked while replaying {where}: the test tried to reach "
            f"{shown}; only loopback is open during replay (turn blocking off with "
            "--wialon-block-network=no, or record the call)"
        )

    def check(host: Any, port: Any = None) -> None:
        if isinstance(host, (bytes, bytearray)):
            host = bytes(host).decode("ascii", "replace")
        if host is not None and not is_loopback(str(host)):
            raise refuse(str(host), port)

    def by_name(real: Callable[..., Any]) -> Callable[..., Any]:
        def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
            check(host, args[0] if args else kwargs.get("port"))
            return real(host, *args, **kwargs)

        return lookup

    def method_by_name(real: Callable[..., Any]) -> Callable[..., Any]:
        def lookup(self: Any, host: Any, *args: Any, **kwargs: Any) -> Any:
            check(host, kwargs.get("port"))
            return real(self, host, *args, **kwargs)

        return lookup

    def method_by_address(real: Callable[..., Any]) -> Callable[..., Any]:
        def lookup(self: Any, address: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(address, tuple):
                check(address[0], address[1] if len(address) > 1 else None)
            else:
                check(address)
            return real(self, address, *args, **kwargs)

        return lookup

    def resolver(real: Callable[..., Any]) -> Callable[..., Any]:
        async def resolve(self: Any, host: str, port: int = 0, *args: Any, **kwargs: Any) -> Any:
            check(host, port)
            return await real(self, host, port, *args, **kwargs)

        return resolve

    def guard(real: Callable[..., Any]) -> Callable[..., Any]:
        def connect(sock: socket.socket, address: Any) -> Any:
            inet = sock.family in (socket.AF_INET, socket.AF_INET6)
            if inet and isinstance(address, tuple) and not is_loopback(str(address[0])):
                raise refuse(str(address[0]), address[1])
            return real(sock, address)

        return connect

    patches = _Patches()
    try:
        patches.replace(socket, "getaddrinfo", by_name)
        patches.replace(socket, "gethostbyname", by_name)
        patches.replace(socket, "gethostbyname_ex", by_name)
        patches.replace(socket.socket, "connect", guard)
        patches.replace(socket.socket, "connect_ex", guard)
        # Only what is already loaded: aiohttp brings its resolvers, and aiodns with them.
        resolvers = sys.modules.get("aiohttp.resolver")
        for name in ("ThreadedResolver", "AsyncResolver"):
            cls = getattr(resolvers, name, None)
            if isinstance(cls, type):
                patches.replace(cls, "resolve", resolver)
        aiodns = sys.modules.get("aiodns")
        dns = getattr(aiodns, "DNSResolver", None)
        if isinstance(dns, type):
            for name in _AIODNS_BY_NAME:
                patches.replace(dns, name, method_by_name)
            for name in _AIODNS_BY_ADDRESS:
                patches.replace(dns, name, method_by_address)
        yield
    finally:
        patches.undo()
