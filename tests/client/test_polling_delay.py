"""``polling_delay_factor``: the one knob that scales every pause of polling and event waits.

Each test gives the client pauses far longer than its bound (an hour between polls, an
hour of backoff), so it can only pass if the factor really removed them.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from aiowialon import Wialon, WialonTimeoutError, flags
from aiowialon.events import AvlEvent, filters
from wialon_mock import MockServer
from wialon_mock.config import Limits

BOUND = 15.0  # far below the pauses the tests configure, far above what they need


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    # Polling with no pauses makes many avl_evts calls; the documented limit of 10 per 10 s
    # is tested elsewhere and would only turn them into retries here.
    async with MockServer(units=3, seed=5, limits=Limits(avl_evts_per_10s=None)) as srv:
        srv.freeze()
        yield srv


def make_client(srv: MockServer) -> Wialon:
    return Wialon(scheme="http", host=srv.host, port=srv.port, token=srv.token)


async def until(condition: Callable[[], bool], timeout: float = BOUND) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"condition still false after {timeout}s")
        await asyncio.sleep(0.01)


async def register_units(client: Wialon) -> None:
    await client.core_update_data_flags(
        spec=[{"type": "type", "data": "avl_unit", "mode": 0,
               "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS}]
    )  # fmt: skip


def test_default_is_one_and_bad_values_are_refused() -> None:
    client = Wialon(scheme="http", host="127.0.0.1", port=9, token="x")
    assert client.polling_delay_factor == 1.0
    client.polling_delay_factor = 0.25
    assert client.polling_delay_factor == 0.25
    for bad in (-1.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="polling_delay_factor"):
            client.polling_delay_factor = bad
    assert client.polling_delay_factor == 0.25  # a refused value changes nothing


async def test_factor_zero_polls_again_at_once(server: MockServer) -> None:
    client = make_client(server)
    client.polling_delay_factor = 0.0
    got: list[AvlEvent] = []

    @client.avl_event_handler(filters.messages)
    async def collect(event: AvlEvent) -> None:
        got.append(event)

    @client.on_session_open
    async def opened(answer: dict[str, Any]) -> None:
        await register_units(client)

    polling = asyncio.create_task(client.start_polling(timeout=3600))
    try:
        await until(lambda: bool(server.journal("avl_evts")))
        server.advance(60)  # reaches only a poll after the first one
        await until(lambda: len(got) >= 3)
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, BOUND)
    assert len(server.journal("avl_evts")) >= 2
    await client.close()


async def test_factor_scales_the_backoff_after_failures(server: MockServer) -> None:
    client = make_client(server)
    client.polling_backoff_base = 3600.0
    client.polling_backoff_cap = 3600.0
    client.polling_delay_factor = 0.0
    server.add_fault(svc="avl_evts", kind="http", status=502, times=3)
    polling = asyncio.create_task(client.start_polling(timeout=3600))
    try:
        # three failed polls, each followed by an hour of backoff unless it is scaled away
        await until(lambda: len(server.journal("avl_evts")) >= 4)
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, BOUND)
    assert [fault["hits"] for fault in server.faults()] == [3]
    await client.close()


async def test_wait_for_event_polls_without_pauses(server: MockServer) -> None:
    client = make_client(server)
    client.polling_delay_factor = 0.0
    await client.login()
    await register_units(client)
    # Nothing matches, so the wait polls until its timeout: with the 1 s self-poll pause it
    # would poll once in 0.5 s; without it, many times.
    with pytest.raises(WialonTimeoutError, match="avl_evts"):
        await client.wait_for_event(lambda event: False, timeout=0.5)
    assert len(server.journal("avl_evts")) >= 3
    await client.logout()
    await client.close()


async def test_factor_one_keeps_the_self_poll_pause(server: MockServer) -> None:
    client = make_client(server)
    await client.login()
    with pytest.raises(WialonTimeoutError):
        await client.wait_for_event(lambda event: False, timeout=0.5)
    # the first poll goes out at once, the next only after the (unscaled) 1 s pause
    assert len(server.journal("avl_evts")) == 1
    await client.logout()
    await client.close()
