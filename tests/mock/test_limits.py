"""The emulated limits: concurrent and heavy calls per session, avl_evts rate, login rates."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import aiohttp
import pytest

from wialon_mock import Limits, MockServer
from wialon_mock.api.registry import REGISTRY, Ctx, endpoint, load_handlers
from wialon_mock.control.limits import SWEEP_AT, Limiter

from .conftest import call, login

pytestmark = pytest.mark.usefixtures("probe_endpoints")

#: how long held calls run: long enough for the other requests of a test to arrive
HOLD = 1.0
LIMIT_BODY = {"error": 1003, "reason": "LIMIT api_concurrent"}


@pytest.fixture
def avl_evts() -> Iterator[None]:
    """Use the model's ``avl_evts``; stand one in while the model has none."""
    load_handlers()
    if "avl_evts" in REGISTRY:
        yield
        return

    @endpoint("avl_evts", batchable=False)
    def poll(ctx: Ctx, params: Any) -> dict[str, Any]:
        """Stand-in poll."""
        return {"tm": 0, "events": []}

    try:
        yield
    finally:
        REGISTRY.pop("avl_evts", None)


async def until(check: Callable[[], bool]) -> None:
    """Wait (bounded) until the server reaches the state ``check`` looks for."""
    for _ in range(1000):
        if check():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the server never reached the expected state")


def running(server: MockServer, sid: str) -> int:
    """How many calls of ``sid`` the server counts as running."""
    return server._control().limiter.running(sid)


async def test_eleventh_concurrent_request_gets_error_10(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    server.add_fault(svc="probe/echo", kind="delay", seconds=HOLD, times=10)
    held = [asyncio.create_task(call(http, server, "probe/echo", sid=sid)) for _ in range(10)]
    await until(lambda: running(server, sid) == 10)
    assert await call(http, server, "probe/echo", sid=sid) == {"error": 10}
    # another session is not affected
    other = await login(http, server)
    assert "params" in await call(http, server, "probe/echo", sid=other)
    assert all("params" in answer for answer in await asyncio.gather(*held))
    assert running(server, sid) == 0


async def test_heavy_calls_are_exclusive_per_session(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1, limits=Limits(heavy_seconds=HOLD)) as server:
        sid = await login(http, server)
        first = asyncio.create_task(call(http, server, "probe/heavy", sid=sid))
        await until(lambda: running(server, sid) == 1)
        assert await call(http, server, "probe/heavy", sid=sid) == LIMIT_BODY
        assert "params" in await call(http, server, "probe/echo", sid=sid)
        assert await first == {}


async def test_at_most_three_heavy_calls_when_not_exclusive(http: aiohttp.ClientSession) -> None:
    limits = Limits(heavy_seconds=HOLD, heavy_exclusive=False)
    async with MockServer(units=1, limits=limits) as server:
        sid = await login(http, server)
        held = [asyncio.create_task(call(http, server, "probe/heavy", sid=sid)) for _ in range(3)]
        await until(lambda: running(server, sid) == 3)
        assert await call(http, server, "probe/heavy", sid=sid) == LIMIT_BODY
        assert await asyncio.gather(*held) == [{}, {}, {}]


@pytest.mark.usefixtures("avl_evts")
async def test_avl_evts_rate_per_session(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, server)

    async def poll() -> Any:
        async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
            return await resp.json()

    answers = [await poll() for _ in range(10)]
    assert all("events" in answer for answer in answers)
    assert await poll() == LIMIT_BODY
    server.advance(10)
    assert "events" in await poll()


@pytest.mark.usefixtures("avl_evts")
async def test_unknown_sids_are_not_rate_counted(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    # A dead or made-up sid is answered "invalid session" however often it polls, and
    # leaves nothing behind in the limiter (otherwise junk sids would grow its tables).
    async def poll(sid: str) -> Any:
        async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
            return await resp.json()

    answers = [await poll("0" * 32) for _ in range(12)]
    assert answers == [{"error": 1}] * 12
    for n in range(50):
        assert await poll(f"{n:032x}") == {"error": 1}
    assert server._control().limiter.tracked() == 0


async def test_failed_logins_block_the_ip(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1) as server:
        wrong = {"token": "w" * 72}
        for _ in range(10):
            assert await call(http, server, "token/login", wrong) == {"error": 8}
        good = {"token": server.token}
        assert await call(http, server, "token/login", good) == {"error": 1003}
        server.advance(30)
        assert await call(http, server, "token/login", good) == {"error": 1003}
        server.advance(31)
        assert "eid" in await call(http, server, "token/login", good)


async def test_good_logins_per_minute(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1, limits=Limits(logins_per_min=3)) as server:
        good = {"token": server.token}
        for _ in range(3):
            assert "eid" in await call(http, server, "token/login", good)
        assert await call(http, server, "token/login", good) == {"error": 1003}


@pytest.mark.usefixtures("avl_evts")
async def test_no_limits_when_switched_off(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1, limits=False) as server:
        for _ in range(12):
            assert await call(http, server, "token/login", {"token": "w" * 72}) == {"error": 8}
        sid = await login(http, server)
        for _ in range(12):
            async with http.get(f"{server.url}/avl_evts", params={"sid": sid}) as resp:
                assert "events" in await resp.json()


@pytest.mark.parametrize(("idle", "alive"), [(300.0, False), (None, True)])
async def test_idle_sessions_die_after_five_minutes(
    http: aiohttp.ClientSession, idle: float | None, alive: bool
) -> None:
    limits = Limits(session_idle_seconds=idle)
    async with MockServer(units=1, limits=limits, clock_frozen=True) as server:
        sid = await login(http, server)
        server.advance(299)
        assert "params" in await call(http, server, "probe/echo", sid=sid)
        server.advance(301)
        answer = await call(http, server, "probe/echo", sid=sid)
        assert ("params" in answer) is alive
        assert alive or answer == {"error": 1}


def test_poll_windows_of_gone_sessions_are_swept() -> None:
    now = [1000.0]
    limiter = Limiter(Limits(), source=lambda: now[0])
    for n in range(SWEEP_AT):
        assert limiter.poll(f"s{n}") is None
    assert limiter.tracked() == SWEEP_AT
    now[0] += 11
    assert limiter.poll("fresh") is None
    assert limiter.tracked() == 1


async def test_live_sessions_per_user_and_ip(http: aiohttp.ClientSession) -> None:
    # The Limitations page: at most 100 active sessions of one user from one IP (3 here).
    async with MockServer(units=1, limits=Limits(sessions_per_user_ip=3)) as server:
        sids = [await login(http, server) for _ in range(3)]
        assert await call(http, server, "token/login", {"token": server.token}) == {"error": 1003}
        # a session that ends makes room again
        assert await call(http, server, "core/logout", sid=sids[0]) == {"error": 0}
        assert "eid" in await call(http, server, "token/login", {"token": server.token})
        # so does one that died of idleness, without a logout
        server.advance(301)
        assert "eid" in await call(http, server, "token/login", {"token": server.token})
