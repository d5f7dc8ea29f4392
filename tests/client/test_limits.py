"""The client keeps within Wialon's limits: requests in flight and requests per second; and a
per-call timeout stays with its call."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from aiowialon import Wialon, WialonReachedConcurrentRequestLimit, WialonTimeoutError
from wialon_mock import Limits, MockServer

from .conftest import ClientFactory, controlled_clock, finish

SVC = "core/get_hw_types"


@pytest.fixture
async def strict_server() -> AsyncIterator[MockServer]:
    """A server that refuses a 4th concurrent request of one session (error 10)."""
    async with MockServer(units=2, limits=Limits(max_concurrent=3)) as server:
        yield server


async def overlapping_calls(server: MockServer, max_concurrency: int, calls: int) -> list[Any]:
    """Fire ``calls`` slow calls at once; return what each one ended with."""
    async with Wialon(
        scheme="http",
        host=server.host,
        port=server.port,
        token=server.token,
        rps=None,
        max_concurrency=max_concurrency,
    ) as client:
        await client.login()
        server.add_fault(svc=SVC, kind="delay", seconds=0.15)
        outcomes: list[Any] = await asyncio.gather(
            *(client.core_get_hw_types() for _ in range(calls)), return_exceptions=True
        )
        return outcomes


async def test_in_flight_requests_stay_under_the_cap(strict_server: MockServer) -> None:
    outcomes = await overlapping_calls(strict_server, max_concurrency=3, calls=9)
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    assert all(entry["error"] is None for entry in strict_server.journal(SVC))


async def test_a_higher_cap_does_hit_the_server_limit(strict_server: MockServer) -> None:
    # The control for the test above: the server really refuses a 4th request in flight.
    outcomes = await overlapping_calls(strict_server, max_concurrency=6, calls=9)
    assert any(isinstance(o, WialonReachedConcurrentRequestLimit) for o in outcomes)


async def test_rate_limit_holds_requests_beyond_the_burst(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(rps=20, max_concurrency=50)
    loop = asyncio.get_running_loop()
    with controlled_clock(loop) as clock:
        await client.login()  # one of the 20 that may go at once
        tasks = [asyncio.ensure_future(client.core_get_hw_types()) for _ in range(29)]
        await finish(tasks, 19)
        for _ in range(20):  # let anything not held by the limiter reach the server
            await asyncio.sleep(0)
        # 20 requests (login and 19 calls) went at once; the clock has not moved, so the
        # other 10 are still held, and the server never saw them.
        assert sum(task.done() for task in tasks) == 19
        assert len(mock_server.journal(SVC)) == 19
        clock[0] += 0.26  # room for 5.2 requests at 20/s: 5 more may go, not 6
        await finish(tasks, 24)
        for _ in range(20):
            await asyncio.sleep(0)
        assert sum(task.done() for task in tasks) == 24
        assert len(mock_server.journal(SVC)) == 24
        clock[0] += 1.0
        await finish(tasks, 29)
    assert all(isinstance(task.result(), list) for task in tasks)
    assert len(mock_server.journal(SVC)) == 29


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="timeout"):
        Wialon(timeout=0)
    with pytest.raises(ValueError, match="max_concurrency"):
        Wialon(max_concurrency=0)
    with pytest.raises(ValueError, match="scheme"):
        Wialon(scheme="ftp")
    with pytest.raises(ValueError, match="rps"):
        Wialon(rps=0)


async def test_slow_rate_below_one_per_second(make_client: ClientFactory) -> None:
    client = make_client(rps=0.5)
    assert await client.login()  # the first request goes at once


async def test_wait_gives_one_call_its_own_timeout(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(timeout=0.3)
    await client.login()
    mock_server.add_fault(svc=SVC, kind="delay", seconds=0.6)
    patient = client.wait(client.core_get_hw_types(), timeout=10)
    hasty = client.core_get_hw_types()
    outcome: tuple[Any, ...] = await asyncio.gather(patient, hasty, return_exceptions=True)
    patient_result, hasty_result = outcome
    assert isinstance(patient_result, list)
    assert isinstance(hasty_result, WialonTimeoutError)
    assert client.timeout == 0.3


async def test_wait_on_a_coroutine_times_out_typed(client: Wialon) -> None:
    async def slow() -> int:
        await asyncio.sleep(5)
        return 1

    with pytest.raises(WialonTimeoutError, match="wait"):
        await client.wait(slow(), timeout=0.05)
    assert await client.wait(asyncio.sleep(0, result=7), timeout=1) == 7


async def test_timeout_setter(client: Wialon) -> None:
    client.timeout = 600
    assert client.timeout == 600.0
    with pytest.raises(ValueError, match="timeout"):
        client.timeout = -1
