"""A bounded load test: 100 client sessions poll and call one fake server for 30 seconds.

Every session is its own ``Wialon`` client with its own login. Each one runs the polling loop
(``start_polling(timeout=1)``) with the fleet's units registered for messages, and between
polls makes ``CALLS`` ``core/search_item`` calls and ``core/batch`` calls of them, however
long that takes: the load lasts 30 s or until the last session has made its calls. Nothing
asserted depends on how fast the machine is, so the test runs beside other tests (pytest-xdist
workers) on a busy machine; only the bounds of the waits do. The fake server runs
in this process, in the same event loop (on 2 cores, a separate process gained nothing
measurable: the clients, not the server, spend most of the CPU), with all of its limits on
and its clock 30 times faster than real time, so 30 s of wall time are 15 minutes of fleet
movement.

At the end the server clock is frozen, every session gets one more chance to poll, and then:
each answer was right (checked against the model as it came), each session received per
unit exactly the message times the model says the unit reported while the session watched
it (nothing lost, nothing twice, in order), nobody hit a limit, and the server still answers
``/_mock/health``.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest

from aiowialon import Wialon, flags
from aiowialon.events import AvlEvent
from wialon_mock import MockServer
from wialon_mock.model import sim

from .conftest import client_of, limit_errors

# Not traced by coverage (tests/conftest.py): it runs the code the other tests cover, a
# hundred times over, and tracing added 60 % to its CPU time, which is what starves it beside
# the other xdist workers.
pytestmark = [pytest.mark.slow(seconds=35), pytest.mark.no_cover, pytest.mark.timeout(300)]

SESSIONS = 100
UNITS = 4
SEED = 17
#: wall-clock seconds of load at least (longer while sessions still have calls to make)
DURATION = 30.0
#: calls each session makes, a pause of 0.3-1.2 s before each: about 15 s of them
CALLS = 20
#: how long the calls may take in all before the test fails instead of hanging
CALLS_BOUND = 200.0
#: server seconds per real second
SCALE = 30.0
#: how long the sessions may take to pick up the last messages after the clock stops
DRAIN = 30.0
WATCH = flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS


@dataclass
class Member:
    """One client session of the load and what it saw."""

    n: int
    client: Wialon
    unit_ids: list[int]
    got: dict[int, list[int]] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    logins: int = 0
    calls: int = 0
    sid: str | None = None


def check_item(member: Member, server: MockServer, answer: Any, unit_id: int) -> None:
    """Compare one ``core/search_item`` answer (flags 1) with the model's unit."""
    unit = server.world.units[unit_id]
    item = answer.get("item") if isinstance(answer, dict) else None
    if not isinstance(item, dict) or (item.get("id"), item.get("nm"), item.get("cls")) != (
        unit_id,
        unit.nm,
        2,
    ):
        member.wrong.append(f"search_item {unit_id}: {answer!r}")


def wire(member: Member, server: MockServer) -> None:
    """Register the session's handlers: one per unit, and a catch-all for anything else."""
    client = member.client
    world = server.world
    for unit_id in member.unit_ids:
        member.got[unit_id] = []

    @client.avl_event_handler()
    async def on_event(event: AvlEvent) -> None:
        data = event.data
        times = member.got.get(data.i)
        if times is None or not data.is_message:
            member.wrong.append(f"unexpected event {data!r}")
            return
        t = data.d["t"]
        # the message itself must be the one the model says the unit reported at t
        if data.d != sim.message(world.units[data.i], t, world.config.seed):
            member.wrong.append(f"message of unit {data.i} at {t} differs from the model")
        times.append(t)

    @client.on_session_open
    async def register(answer: dict[str, Any]) -> None:
        member.logins += 1
        member.sid = client.sid
        spec = [{"type": "col", "data": member.unit_ids, "flags": WATCH, "mode": 0}]
        registered = await client.core_update_data_flags(spec=spec)
        if sorted(entry["i"] for entry in registered) != sorted(member.unit_ids):
            member.wrong.append(f"update_data_flags answered {registered!r}")


async def make_calls(member: Member, server: MockServer, rng: random.Random) -> None:
    """``CALLS`` single and batched searches with pauses."""
    client = member.client
    while member.sid is None:
        await asyncio.sleep(0.05)  # the polling task logs in
    ids = list(server.world.units)
    while member.calls < CALLS:
        await asyncio.sleep(rng.uniform(0.3, 1.2))
        member.calls += 1
        if rng.random() < 0.5:
            unit_id = rng.choice(ids)
            check_item(member, server, await client.core_search_item(id=unit_id, flags=1), unit_id)
        else:
            chosen = rng.sample(ids, 3)
            answers = await client.batch(
                *(client.core_search_item(id=unit_id, flags=1) for unit_id in chosen)
            )
            if len(answers) != len(chosen):
                member.wrong.append(f"batch of 3 answered {len(answers)} items")
            for answer, unit_id in zip(answers, chosen, strict=False):
                check_item(member, server, answer, unit_id)


def expected_times(member: Member, server: MockServer) -> dict[int, list[int]]:
    """Per unit, the message times the model produced while the session watched it."""
    world = server.world
    assert member.sid is not None
    session = world.sessions[member.sid]
    end = world.now()
    return {
        unit_id: list(sim.times_between(world.units[unit_id], session.msg_start[unit_id], end))
        for unit_id in member.unit_ids
    }


async def test_hundred_sessions_poll_and_call_for_thirty_seconds(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="aiowialon")
    rng = random.Random(SEED)
    config: dict[str, Any] = {"units": UNITS, "seed": SEED, "journal_size": 50_000}
    async with MockServer(**config) as server:
        server.scale(SCALE)
        all_ids = sorted(server.world.units)
        # The server and its hundred clients share one event loop here, and core/batch lets
        # the other clients through between its items: on a loaded machine one call can then
        # take longer than the default 5 s. What this test checks is that nothing is lost,
        # doubled or failed; latency under load is the mock_sessions benchmark's business.
        members = [
            Member(n, client_of(server, timeout=30.0), rng.sample(all_ids, rng.randint(2, UNITS)))
            for n in range(SESSIONS)
        ]
        for member in members:
            wire(member, server)
        loop = asyncio.get_running_loop()
        until = loop.time() + DURATION
        polling = [
            asyncio.create_task(m.client.start_polling(timeout=1, logout_finally=False))
            for m in members
        ]
        callers = [
            asyncio.create_task(make_calls(m, server, random.Random(SEED + m.n))) for m in members
        ]
        try:
            # a call stuck past its own timeout would fail the test, not stretch it
            await asyncio.wait_for(asyncio.gather(*callers), CALLS_BOUND)
            # the sessions keep polling for the rest of the span: 15 minutes of fleet time
            await asyncio.sleep(until - loop.time())

            # no new messages from here on; each session polls once or twice more for the rest
            server.freeze()
            expected = {m.n: expected_times(m, server) for m in members}
            drain_until = loop.time() + DRAIN
            while loop.time() < drain_until and any(
                sum(map(len, m.got.values())) < sum(map(len, expected[m.n].values()))
                for m in members
            ):
                await asyncio.sleep(0.1)
            await asyncio.gather(*(m.client.stop_polling() for m in members))
            await asyncio.gather(*polling)
            for member in members:
                await member.client.logout()
        finally:
            # on failure nothing may keep running into the next test
            for task in (*callers, *polling):
                task.cancel()
            await asyncio.gather(*callers, *polling, return_exceptions=True)
            for member in members:
                await member.client.close()

        assert [w for m in members for w in m.wrong] == []
        assert [m.n for m in members if m.logins != 1] == []
        assert [m.n for m in members if m.calls != CALLS] == []
        for member in members:
            assert member.got == expected[member.n], f"session {member.n}"
        delivered = sum(len(times) for m in members for times in m.got.values())
        assert delivered > SESSIONS * 50  # the clock really produced a load of messages
        assert limit_errors(server) == []
        assert [r.getMessage() for r in caplog.records if r.name.startswith("aiowialon")] == []
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"{server.url}/_mock/health") as resp,
        ):
            assert await resp.json() == {"status": "ok"}
