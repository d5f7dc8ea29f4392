"""``POST /_mock/clock {"set": TIME}`` and ``POST /_mock/reset`` putting the clock back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer

START = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc).timestamp()


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """A fake server whose clock starts frozen at a known moment."""
    async with MockServer(units=2, clock_start=START, clock_frozen=True) as srv:
        yield srv


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


async def post(
    http: aiohttp.ClientSession, server: MockServer, path: str, body: Any, status: int = 200
) -> Any:
    async with http.post(f"{server.url}{path}", json=body) as resp:
        assert resp.status == status, await resp.text()
        return await resp.json()


async def test_set_moves_the_clock_to_a_date_time(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    answer = await post(http, server, "/_mock/clock", {"set": "2024-05-01T09:30:00Z"})
    assert answer["now"] == START + 5400
    assert answer["frozen"] is True
    # naive date-times are UTC, and plain seconds work too
    answer = await post(http, server, "/_mock/clock", {"set": "2024-05-01 10:00:00"})
    assert answer["now"] == START + 7200
    answer = await post(http, server, "/_mock/clock", {"set": START + 7260})
    assert answer["now"] == START + 7260


async def test_set_reports_the_span_like_an_advance(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit = min(server.world.units.values(), key=lambda u: u.id)
    form = {"svc": "token/login", "params": f'{{"token":"{server.token}"}}'}
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        sid = (await resp.json())["eid"]
    spec = f'{{"spec":[{{"type":"id","data":{unit.id},"flags":1025,"mode":0}}]}}'
    form = {"svc": "core/update_data_flags", "params": spec, "sid": sid}
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        await resp.read()
    # four minutes: within the five a session may stay idle
    await post(http, server, "/_mock/clock", {"set": START + 240})
    async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
        events = (await resp.json())["events"]
    times = [e["d"]["t"] for e in events if e["t"] == "m"]
    assert times
    assert all(START < t <= START + 240 for t in times)
    assert len(times) == len(range(int(START) + unit.interval, int(START) + 241, unit.interval))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"set": -1}, "not before 1970"),
        ({"set": START - 11 * 366 * 86400}, "at most"),
        ({"set": "0001-01-01T00:00:00Z"}, "not before 1970"),
        ({"set": "yesterday"}, "cannot read 'yesterday'"),
        ({"set": True}, "UTC seconds or an ISO 8601"),
        ({"set": START + 10, "advance": 5}, "not both"),
        ({"sett": 1}, "expected any of"),
    ],
)
async def test_bad_set_is_a_clear_400_and_changes_nothing(
    http: aiohttp.ClientSession, server: MockServer, body: dict[str, Any], message: str
) -> None:
    answer = await post(http, server, "/_mock/clock", body, status=400)
    assert message in answer["error"]
    assert server.world.clock.now() == START


async def test_reset_restores_the_clock_as_configured(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    await post(http, server, "/_mock/clock", {"advance": 3600, "freeze": False, "scale": 5})
    assert server.world.clock.now() > START + 3600
    await post(http, server, "/_mock/reset", {})
    state = server.state()["clock"]
    assert state == {"now": START, "frozen": True, "scale": 1.0}


async def test_reset_of_a_real_time_clock_runs_at_real_time_again() -> None:
    async with MockServer(units=1) as server:
        server.freeze()
        server.advance(86400)
        server.scale(10)
        moved = server.state()["clock"]["now"]
        server.reset()
        clock = server.state()["clock"]
        assert clock["frozen"] is False
        assert clock["scale"] == 1.0
        # back at real time: the day it had been moved on is gone
        assert clock["now"] < moved - 80000
