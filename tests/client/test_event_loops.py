"""A client belongs to one event loop: another live loop gets a typed error, a closed one is
replaced. Plain synchronous tests: each loop is started by the test itself."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from aiowialon import AiowialonError, Wialon, WialonEventLoopError
from wialon_mock import ThreadedMockServer


@pytest.fixture
def server() -> Iterator[ThreadedMockServer]:
    with ThreadedMockServer(units=2, seed=4) as srv:
        yield srv


def client_of(srv: ThreadedMockServer) -> Wialon:
    return Wialon.from_url(srv.url, token=srv.token)


def test_a_client_used_from_another_thread_and_loop_raises_a_typed_error(
    server: ThreadedMockServer,
) -> None:
    client = client_of(server)
    home = asyncio.new_event_loop()
    thread = threading.Thread(target=home.run_forever, name="home loop", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(client.login(), home).result(30)

        async def from_here() -> Any:
            return await client.core_get_hw_types()

        with pytest.raises(WialonEventLoopError, match="another event loop") as info:
            asyncio.run(from_here())
        assert isinstance(info.value, AiowialonError)
        assert isinstance(info.value, RuntimeError)  # what such misuse used to raise
        assert "aiowialon.sync.Wialon" in str(info.value)
        # the client is unharmed on its own loop
        answer = asyncio.run_coroutine_threadsafe(from_here(), home).result(30)
        assert isinstance(answer, list)
        asyncio.run_coroutine_threadsafe(client.logout(), home).result(30)
    finally:
        home.call_soon_threadsafe(home.stop)
        thread.join(30)
        home.close()


def test_login_from_another_live_loop_raises_too(server: ThreadedMockServer) -> None:
    client = client_of(server)
    home = asyncio.new_event_loop()
    thread = threading.Thread(target=home.run_forever, daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(client.login(), home).result(30)
        with pytest.raises(WialonEventLoopError):
            asyncio.run(client.login())
        asyncio.run_coroutine_threadsafe(client.close(), home).result(30)
    finally:
        home.call_soon_threadsafe(home.stop)
        thread.join(30)
        home.close()


# The first loop ends with the client's keep-alive connection open: asyncio and aiohttp
# warn about that socket when it is collected, as they do for any client left unclosed.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_loop_that_ended_without_close_is_replaced_not_a_closed_loop_error(
    server: ThreadedMockServer,
) -> None:
    # Two asyncio.run() in turn, the first one forgetting to close the client: the second
    # used to fail with "RuntimeError: Event loop is closed" from deep inside aiohttp.
    client = client_of(server)

    async def first() -> str | None:
        await client.login()
        await client.core_get_hw_types()
        return client.sid

    async def second() -> Any:
        try:
            return await client.core_search_item(id=client_units[0], flags=1)
        finally:
            await client.logout()

    sid = asyncio.run(first())
    client_units = [int(u) for u in server.world.units]
    answer = asyncio.run(second())
    assert answer["item"]["id"] == client_units[0]
    assert sid is not None
    assert client.sid is None
    gc.collect()  # the warnings about the first loop's socket come now, under this test
