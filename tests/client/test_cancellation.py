"""Cancelling a call gives back everything it held: its slot in the concurrency limit, its
place in the rate limiter, its count under the session lock; and in an automatic batch it
leaves the other callers alone.

The ``wait_for`` bounds below only keep a broken client from hanging the run: a call that
never gets its turn fails the test instead of waiting for the global timeout.
"""

from __future__ import annotations

import asyncio

from aiowialon import Wialon
from wialon_mock import MockServer

from .conftest import ClientFactory, controlled_clock, finish

SVC = "core/get_hw_types"
BOUND = 10


async def cancel(task: asyncio.Future[object]) -> None:
    task.cancel()
    await asyncio.wait([task])
    assert task.cancelled()


async def held(server: MockServer, fault: dict[str, object]) -> None:
    """Return once a request has run into ``fault`` (the server holds it from then on).

    The journal lists a request only once it is answered, so the fault's hits tell instead.
    """

    def hit() -> bool:
        listed = [f for f in server.faults() if f["id"] == fault["id"]]
        return not listed or int(listed[0]["hits"]) > 0

    while not hit():
        await asyncio.sleep(0.01)


async def test_a_cancelled_call_frees_its_concurrency_slot(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(rps=None, max_concurrency=1, timeout=60)
    await client.login()
    fault = mock_server.add_fault(svc=SVC, kind="delay", seconds=30, times=1)
    stuck: asyncio.Future[object] = asyncio.ensure_future(client.call(SVC))
    await asyncio.wait_for(held(mock_server, fault), BOUND)
    await cancel(stuck)
    assert isinstance(await asyncio.wait_for(client.call(SVC), BOUND), list)


async def test_a_cancelled_wait_frees_its_concurrency_slot(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(rps=None, max_concurrency=1, timeout=60)
    await client.login()
    fault = mock_server.add_fault(svc=SVC, kind="delay", seconds=30, times=1)
    stuck: asyncio.Future[object] = asyncio.ensure_future(client.wait(client.call(SVC), 60))
    await asyncio.wait_for(held(mock_server, fault), BOUND)
    await cancel(stuck)
    assert isinstance(await asyncio.wait_for(client.call(SVC), BOUND), list)


async def test_a_call_cancelled_in_the_rate_limiter_gives_its_place_up(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(rps=2, max_concurrency=50)
    with controlled_clock(asyncio.get_running_loop()) as clock:
        await client.login()
        await client.call(SVC)  # the burst of 2 is spent and the clock stands still
        given_up: asyncio.Future[object] = asyncio.ensure_future(client.call(SVC))
        later: asyncio.Task[object] = asyncio.ensure_future(client.call(SVC))
        for _ in range(5):
            await asyncio.sleep(0)
        await cancel(given_up)
        clock[0] += 0.6  # room for exactly one more request
        await asyncio.wait_for(finish([later], 1), BOUND)
        assert isinstance(later.result(), list)
        assert len(mock_server.journal(SVC)) == 2


async def test_a_call_cancelled_in_flight_lets_the_locked_work_start(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(rps=None, timeout=60)
    await client.login()
    fault = mock_server.add_fault(svc=SVC, kind="delay", seconds=30, times=1)
    stuck: asyncio.Future[object] = asyncio.ensure_future(client.call(SVC))
    await asyncio.wait_for(held(mock_server, fault), BOUND)

    @client.session_lock
    async def exclusive() -> object:
        return await client.call(SVC)

    locked = asyncio.ensure_future(exclusive())
    for _ in range(5):  # the locked work waits for the request in flight to end
        await asyncio.sleep(0)
    assert not locked.done()
    await cancel(stuck)
    assert isinstance(await asyncio.wait_for(locked, BOUND), list)


async def test_locked_work_cancelled_while_waiting_releases_the_lock(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(rps=None, timeout=60)
    await client.login()
    fault = mock_server.add_fault(svc=SVC, kind="delay", seconds=0.3, times=1)
    slow: asyncio.Future[object] = asyncio.ensure_future(client.call(SVC))
    await asyncio.wait_for(held(mock_server, fault), BOUND)

    @client.session_lock
    async def exclusive() -> object:
        return await client.call(SVC)

    waiting = asyncio.ensure_future(exclusive())
    for _ in range(5):
        await asyncio.sleep(0)
    await cancel(waiting)
    # neither the lock nor the drain is left held: plain and locked calls both go through
    assert isinstance(await asyncio.wait_for(slow, BOUND), list)
    assert isinstance(await asyncio.wait_for(client.call(SVC), BOUND), list)
    assert isinstance(await asyncio.wait_for(exclusive(), BOUND), list)


async def test_a_cancelled_batched_call_leaves_the_others_their_answers(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client: Wialon = make_client(auto_batch=True)
    await client.login()
    fault = mock_server.add_fault(svc="core/batch", kind="delay", seconds=0.2, times=1)
    calls: list[asyncio.Future[object]] = [
        asyncio.ensure_future(client.core_check_unique(type="avl_unit", value=f"name {n}"))
        for n in range(3)
    ]
    await asyncio.wait_for(held(mock_server, fault), BOUND)
    await cancel(calls[0])
    rest = await asyncio.wait_for(asyncio.gather(*calls[1:]), BOUND)
    assert all(isinstance(answer, dict) for answer in rest), rest
    assert [entry["svc"] for entry in mock_server.journal() if entry["svc"] != "token/login"] == [
        "core/batch"
    ]
