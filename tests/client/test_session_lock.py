"""``@wialon.session_lock``: the decorated coroutine has the session to itself."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from aiowialon import Wialon
from wialon_mock import MockServer

INSIDE = "core/get_hw_types"
OUTSIDE = "core/check_unique"


def answered(server: MockServer) -> list[str]:
    """The services of the journal, in the order the server answered them."""
    return [entry["svc"] for entry in server.journal() if entry["svc"] in (INSIDE, OUTSIDE)]


async def outside_call(client: Wialon) -> None:
    await client.core_check_unique(type="avl_unit", value="lock test")


async def test_others_wait_until_the_locked_work_ends(
    session: Wialon, mock_server: MockServer
) -> None:
    started = asyncio.Event()

    @session.session_lock
    async def exclusive() -> int:
        started.set()
        await session.core_get_hw_types()
        await asyncio.sleep(0.05)  # others get every chance to slip in here
        await session.core_get_hw_types()
        return 42

    task = asyncio.create_task(exclusive())
    await started.wait()
    others = [asyncio.create_task(outside_call(session)) for _ in range(4)]
    assert await task == 42
    await asyncio.gather(*others)
    assert answered(mock_server) == [INSIDE, INSIDE] + [OUTSIDE] * 4


async def test_without_the_lock_they_interleave(session: Wialon, mock_server: MockServer) -> None:
    # The control for the test above: the same work unlocked lets the others in between.
    started = asyncio.Event()

    async def unlocked() -> None:
        started.set()
        await session.core_get_hw_types()
        await asyncio.sleep(0.05)
        await session.core_get_hw_types()

    task = asyncio.create_task(unlocked())
    await started.wait()
    others = [asyncio.create_task(outside_call(session)) for _ in range(4)]
    await asyncio.gather(task, *others)
    assert answered(mock_server) != [INSIDE, INSIDE] + [OUTSIDE] * 4


async def test_locked_work_waits_for_requests_already_in_flight(
    session: Wialon, mock_server: MockServer
) -> None:
    mock_server.add_fault(svc=OUTSIDE, kind="delay", seconds=0.2)
    slow = asyncio.create_task(outside_call(session))
    await asyncio.sleep(0.05)  # the slow request is on its way

    @session.session_lock
    async def exclusive() -> None:
        await session.core_get_hw_types()

    await asyncio.gather(slow, exclusive())
    assert answered(mock_server) == [OUTSIDE, INSIDE]


async def test_nested_and_spawned_work_does_not_deadlock(session: Wialon) -> None:
    @session.session_lock
    async def inner() -> Any:
        return await session.core_get_hw_types()

    @session.session_lock
    async def outer() -> int:
        direct = await inner()
        spawned = await asyncio.gather(
            asyncio.create_task(inner()), session.core_get_hw_types(), inner()
        )
        return len([direct, *spawned])

    assert await asyncio.wait_for(outer(), 10) == 4


async def test_the_lock_is_released_after_an_error(session: Wialon) -> None:
    @session.session_lock
    async def failing() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await failing()
    assert await asyncio.wait_for(session.core_get_hw_types(), 5)


async def test_a_call_waiting_for_the_lock_goes_with_the_session_opened_under_it(
    session: Wialon, mock_server: MockServer
) -> None:
    # A request is encoded when it may go, not when it was made: one that waited while the
    # locked work logged in again must carry the new session id, not the dead one.
    inside = asyncio.Event()
    go_on = asyncio.Event()

    @session.session_lock
    async def login_again() -> None:
        inside.set()
        await go_on.wait()
        mock_server.expire_sessions()
        await session.login()

    relogin = asyncio.create_task(login_again())
    await inside.wait()
    old_sid = session.sid
    waiting = asyncio.ensure_future(session.core_get_hw_types())
    for _ in range(5):  # the call gets as far as it can: it waits for its turn
        await asyncio.sleep(0)
    assert not waiting.done()
    go_on.set()
    await relogin
    assert session.sid != old_sid
    assert isinstance(await waiting, list)
