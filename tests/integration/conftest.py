"""Shared helpers of the integration tests: real clients against a real fake server, all on
loopback sockets, with every limit of the fake server switched on (its default)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from aiowialon import Wialon
from wialon_mock import MockServer

#: Builds a client of the fake server; keywords go to ``Wialon(...)``.
ClientFactory = Callable[..., Wialon]


def client_of(server: MockServer, **options: Any) -> Wialon:
    """A client pointed at ``server`` with the default settings unless ``options`` say else."""
    settings: dict[str, Any] = {
        "scheme": "http",
        "host": server.host,
        "port": server.port,
        "token": server.token,
    }
    settings.update(options)
    return Wialon(**settings)


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """A fake server with a small fleet and the documented limits on.

    Its journal keeps every request of a test here (the default keeps the last 1000), so a
    check for refused requests sees them all.
    """
    async with MockServer(units=6, seed=5, journal_size=20_000) as srv:
        yield srv


@pytest.fixture
async def make_client(server: MockServer) -> AsyncIterator[ClientFactory]:
    """A factory of clients of ``server``; every client made is closed afterwards."""
    made: list[Wialon] = []

    def make(**options: Any) -> Wialon:
        client = client_of(server, **options)
        made.append(client)
        return client

    yield make
    for client in reversed(made):
        await client.close()


def limit_errors(server: MockServer) -> list[dict[str, Any]]:
    """Journal entries the server refused for a limit (error 10 or 1003)."""
    return [entry for entry in server.journal() if entry["error"] in (10, 1003)]
