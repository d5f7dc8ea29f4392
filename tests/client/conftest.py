"""Shared fixtures of the client tests: a fake Wialon server on a loopback port, and clients
pointed at it. Every test talks HTTP over a real socket; nothing of the client is mocked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from aiowialon import Wialon, flags
from aiowialon.api_types import SearchItemsResponse
from aiowialon.transport import AiohttpTransport
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
) -> SearchItemsResponse:
    """``core/search_items`` over every item of ``items_type`` (through the client)."""
    return await wialon.core_search_items(
        spec={**UNIT_SPEC, "itemsType": items_type}, force=1, flags=data_flags, from_=0, to=0
    )


async def unit_ids(wialon: Wialon) -> list[int]:
    """The ids of every unit, in name order."""
    return [int(item["id"]) for item in (await search_all(wialon))["items"]]


async def first_unit(wialon: Wialon) -> int:
    """The id of the first unit by name."""
    return (await unit_ids(wialon))[0]


@contextmanager
def controlled_clock(loop: asyncio.AbstractEventLoop) -> Iterator[list[float]]:
    """Freeze ``loop.time()``; it moves only by what the test adds to the yielded cell.

    The rate limiter reads the event loop's clock, so with it frozen no capacity comes
    back on its own, however slow or fast the machine is; the test hands out time itself.
    """
    start = loop.time()
    offset = [0.0]
    # An instance attribute shadows the method for this loop only; removed again below.
    loop.time = lambda: start + offset[0]  # type: ignore[method-assign]  # test clock
    try:
        yield offset
    finally:
        del loop.time


async def finish(tasks: list[asyncio.Task[Any]], count: int) -> None:
    """Wait until ``count`` of ``tasks`` are done (answered by the server, not by the clock)."""
    while sum(task.done() for task in tasks) < count:
        await asyncio.wait(
            [task for task in tasks if not task.done()], return_when=asyncio.FIRST_COMPLETED
        )


def aiohttp_transport(client: Wialon) -> AiohttpTransport:
    """The client's default transport, whose HTTP session some tests look at."""
    transport = client.transport
    assert isinstance(transport, AiohttpTransport)
    return transport
