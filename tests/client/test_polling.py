"""The polling loop against the fake server over real loopback sockets.

The fake server's clock is frozen, so a test decides exactly which messages exist
(``advance``) and compares what the handlers got with the server's own model.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from aiowialon import Wialon, WialonError, flags
from aiowialon.events import AvlEvent, AvlSpecial, filters
from wialon_mock import Limits, MockServer
from wialon_mock.model import sim

WAIT = 30.0  # generous bound for conditions that normally hold within a second or two
#: polling_delay_factor of the clients here (see make_client)
FAST = 0.02


def make_client(srv: MockServer, **options: Any) -> Wialon:
    """A client of the fake server."""
    client = Wialon(scheme="http", host=srv.host, port=srv.port, token=srv.token, **options)
    # keep retries quick; the real defaults (interval, 30 s cap) are for production
    client.polling_backoff_base = 0.05
    client.polling_backoff_cap = 0.4
    # the 1 s interval every test asks for becomes 20 ms: the server clock is frozen and moved
    # by the test, so how often the loop polls decides nothing but how long the test waits
    client.polling_delay_factor = FAST
    return client


async def until(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    """Wait (bounded) until ``condition()`` holds, looking after every short sleep."""
    # inline rather than wait_for, so the condition runs in the test's own task
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"condition still false after {timeout}s")
        await asyncio.sleep(0.01)


@dataclass
class Fleet:
    """What the handlers saw, and the registration times the server used."""

    unit_ids: list[int] = field(default_factory=list)
    got: dict[int, list[int]] = field(default_factory=dict)
    stray: list[AvlEvent] = field(default_factory=list)
    opened: list[int] = field(default_factory=list)  # server time of every registration
    closed: int = 0

    def expected(self, srv: MockServer, windows: list[tuple[int, int]]) -> dict[int, list[int]]:
        world = srv.world
        return {
            uid: [t for lo, hi in windows for t in sim.times_between(world.units[uid], lo, hi)]
            for uid in self.unit_ids
        }

    def total(self) -> int:
        return sum(len(v) for v in self.got.values())


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    # Every limit stays on except the 10 avl_evts per 10 s, which a loop polling every 20 ms
    # breaks by design; tests/mock/test_limits.py and tests/integration test that limit.
    async with MockServer(units=5, seed=7, limits=Limits(avl_evts_per_10s=None)) as srv:
        srv.freeze()
        yield srv


async def wire_up(client: Wialon, srv: MockServer) -> Fleet:
    """Per-unit handlers plus a catch-all, and data-flag registration on every login."""
    fleet = Fleet()
    await client.login()
    found = await client.core_search_items(
        spec={"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*",
              "sortType": "sys_name"},
        force=1, flags=1, from_=0, to=0,
    )  # fmt: skip
    fleet.unit_ids = [item["id"] for item in found["items"]]
    await client.logout()
    assert len(fleet.unit_ids) == 5

    for uid in fleet.unit_ids:
        fleet.got[uid] = []

        async def collect(event: AvlEvent, uid: int = uid) -> None:
            assert event.data.i == uid
            fleet.got[uid].append(event.data.d["t"])

        client.avl_event_handler(
            filters.all_of(filters.items(uid), filters.messages), name=f"unit{uid}"
        )(collect)

    @client.avl_event_handler()
    async def stray(event: AvlEvent) -> None:
        fleet.stray.append(event)

    @client.on_session_open
    async def register(answer: dict[str, Any]) -> None:
        await client.core_update_data_flags(
            spec=[{"type": "type", "data": "avl_unit", "mode": 0,
                   "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS}]
        )  # fmt: skip
        fleet.opened.append(srv.world.now())

    @client.on_session_close
    async def closed(answer: dict[str, Any]) -> None:
        fleet.closed += 1

    return fleet


def our_tasks() -> set[asyncio.Task[Any]]:
    """Tasks of the client side (the fake server's connection tasks are not ours)."""
    current = asyncio.current_task()
    return {
        t
        for t in asyncio.all_tasks()
        if t is not current
        and "aiohttp" not in getattr(t.get_coro(), "__module__", "")
        and "web_protocol" not in repr(t.get_coro())
    }


async def test_every_message_reaches_its_handler_once_and_in_order(server: MockServer) -> None:
    client = make_client(server)
    fleet = await wire_up(client, server)
    polling = asyncio.create_task(client.start_polling(timeout=1))
    await until(lambda: len(fleet.opened) == 1)
    start = fleet.opened[0]
    server.advance(60)
    expected = fleet.expected(server, [(start, start + 60)])
    want = sum(len(v) for v in expected.values())
    assert want > 0
    await until(lambda: fleet.total() >= want)
    await client.stop_polling()
    await asyncio.wait_for(polling, WAIT)
    assert fleet.got == expected
    assert fleet.stray == []
    assert fleet.closed == 1  # logout_finally
    assert client.sid is None
    await until(lambda: not our_tasks(), 5)


async def test_polling_survives_faults_and_an_expired_session(server: MockServer) -> None:
    client = make_client(server)
    fleet = await wire_up(client, server)
    polling = asyncio.create_task(client.start_polling(timeout=1))
    await until(lambda: len(fleet.opened) == 1)
    start = fleet.opened[0]
    for spec in (
        {"kind": "error", "code": 1003, "reason": "LIMIT api_concurrent"},
        {"kind": "http", "status": 502},
        {"kind": "malformed"},
        {"kind": "reset"},
        {"kind": "timeout", "seconds": 0.2},  # held, then closed without an answer
        {"kind": "delay", "seconds": 0.1},
    ):
        server.add_fault(svc="avl_evts", times=1, **spec)
    server.advance(30)
    first = fleet.expected(server, [(start, start + 30)])
    await until(lambda: fleet.total() >= sum(len(v) for v in first.values()))
    assert [f["hits"] for f in server.faults()] == [1] * 6  # every fault fired once

    server.expire_sessions()
    await until(lambda: len(fleet.opened) == 2)
    again = fleet.opened[1]
    server.advance(30)
    both = fleet.expected(server, [(start, start + 30), (again, again + 30)])
    await until(lambda: fleet.total() >= sum(len(v) for v in both.values()))
    await client.stop_polling()
    await asyncio.wait_for(polling, WAIT)
    assert fleet.got == both
    assert fleet.stray == []
    assert again == start + 30  # frozen clock: nothing was missed between the sessions


async def test_stop_polling_from_a_handler(server: MockServer) -> None:
    client = make_client(server)
    fleet = await wire_up(client, server)

    @client.avl_event_handler(filters.messages)
    @client.avl_event_once
    async def stopper(event: AvlEvent) -> None:
        await client.stop_polling(logout=True)

    client.remove_avl_event_handler("stray")
    for uid in fleet.unit_ids:
        client.remove_avl_event_handler(f"unit{uid}")
    polling = asyncio.create_task(client.start_polling(timeout=1, logout_finally=False))
    await until(lambda: len(fleet.opened) == 1)
    server.advance(30)
    await asyncio.wait_for(polling, WAIT)
    assert fleet.closed == 1  # stop_polling(logout=True) logged out
    assert not client.is_polling
    await until(lambda: not our_tasks(), 5)


async def test_cancelling_the_polling_task_leaves_nothing_behind(server: MockServer) -> None:
    client = make_client(server)
    fleet = await wire_up(client, server)
    started = asyncio.Event()

    @client.avl_event_handler(filters.messages)
    async def slow(event: AvlEvent) -> None:
        started.set()
        await asyncio.sleep(3600)  # still busy when the task is cancelled

    client.remove_avl_event_handler("stray")
    for uid in fleet.unit_ids:
        client.remove_avl_event_handler(f"unit{uid}")
    polling = asyncio.create_task(client.start_polling(timeout=1))
    await until(lambda: len(fleet.opened) == 1)
    server.advance(30)
    await asyncio.wait_for(started.wait(), WAIT)
    polling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await polling
    assert fleet.closed == 1
    await until(lambda: not our_tasks(), 5)


async def test_timeout_below_one_second_is_refused(server: MockServer) -> None:
    client = make_client(server)
    with pytest.raises(ValueError, match="at least 1 second"):
        await client.start_polling(timeout=0.5)
    assert client.sid is None  # refused before logging in


async def test_bad_token_fails_start_polling(server: MockServer) -> None:
    client = make_client(server)
    with pytest.raises(WialonError, match="token/login"):
        await client.start_polling(timeout=1, token="0" * 72)
    assert not client.is_polling
    await client.close()


async def test_session_invalidated_event_logs_in_again(server: MockServer) -> None:
    client = make_client(server)
    fleet = await wire_up(client, server)
    polling = asyncio.create_task(client.start_polling(timeout=1))
    try:
        await until(lambda: len(fleet.opened) == 1)
        first_sid = client.sid
        assert first_sid is not None
        # the server queues {"i":-2} for the session and drops it once that is delivered
        assert server.world.invalidate_session(first_sid)
        await until(lambda: len(fleet.opened) == 2)
        assert client.sid not in (None, first_sid)
        start = fleet.opened[1]
        server.advance(20)
        expected = fleet.expected(server, [(start, start + 20)])
        await until(lambda: fleet.total() >= sum(len(v) for v in expected.values()))
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, WAIT)
    assert fleet.got == expected
    assert [e.data.special for e in fleet.stray] == [AvlSpecial.SESSION_INVALIDATED]


async def test_a_failed_poll_logs_one_warning(
    server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    # One failed request is one WARNING line at default levels; the poller's own note that
    # it will retry is detail (INFO), or every failed poll would print two lines.
    client = make_client(server)
    server.add_fault(svc="avl_evts", kind="http", status=502, times=1)

    def polls() -> int:
        return len(server.journal(svc="avl_evts"))

    async def stop_after_recovery() -> None:
        await until(lambda: polls() >= 2)  # the failed poll and a good one after it
        await client.stop_polling()

    caplog.set_level("WARNING", logger="aiowialon")
    async with client:
        helper = asyncio.create_task(stop_after_recovery())
        await asyncio.wait_for(client.start_polling(timeout=1, logout_finally=False), WAIT)
        await helper
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1, warnings
    assert "avl_evts" in warnings[0]
