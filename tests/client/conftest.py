"""Shared fixtures of the client tests: a fake Wialon server on a loopback port, and clients
pointed at it. Every test talks HTTP over a real socket; nothing of the client is mocked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from aiowialon import Wialon, flags
from wialon_mock import MockServer

#: Builds a client for the fake server; keywords go to ``Wialon(...)``.
ClientFactory = Callable[..., Wialon]


@pytest.fixture
async def mock_server() -> AsyncIterator[MockServer]:
    """A fake Wialon server with a small fleet, started on a free loopback port."""
    async with MockServer(units=5) as server:
        yield server


@pytest.fixture
async def make_client(mock_server: MockServer) -> AsyncIterator[ClientFactory]:
    """A factory of clients pointed at ``mock_server``; all of them are closed afterwards."""
    made: list[Wialon] = []

    def make(**kwargs: Any) -> Wialon:
        options: dict[str, Any] = {
            "scheme": "http",
            "host": mock_server.host,
            "port": mock_server.port,
            "token": mock_server.token,
        }
        options.update(kwargs)
        client = Wialon(**options)
        made.append(client)
        return client

    yield make
    for client in reversed(made):
        await client.close()


@pytest.fixture
async def client(make_client: ClientFactory) -> Wialon:
    """A client with the default settings, not logged in."""
    return make_client()


@pytest.fixture
async def session(client: Wialon) -> Wialon:
    """A client with an open session."""
    await client.login()
    return client


#: The ``spec`` of a search for every unit, sorted by name.
UNIT_SPEC: dict[str, Any] = {
    "itemsType": "avl_unit",
    "propName": "sys_name",
    "propValueMask": "*",
    "sortType": "sys_name",
}


async def search_all(
    wialon: Wialon, data_flags: int = flags.UnitsDataFlag.BASE, items_type: str = "avl_unit"
) -> dict[str, Any]:
    """``core/search_items`` over every item of ``items_type`` (through the client)."""
    found: dict[str, Any] = await wialon.core_search_items(
        spec={**UNIT_SPEC, "itemsType": items_type}, force=1, flags=data_flags, from_=0, to=0
    )
    return found


async def unit_ids(wialon: Wialon) -> list[int]:
    """The ids of every unit, in name order."""
    return [int(item["id"]) for item in (await search_all(wialon))["items"]]


async def first_unit(wialon: Wialon) -> int:
    """The id of the first unit by name."""
    return (await unit_ids(wialon))[0]
