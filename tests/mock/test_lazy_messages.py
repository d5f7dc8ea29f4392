"""Big message answers are made slice by slice while they are written (issue 15).

A year of one unit's messages used to be built whole in the handler (100,000 dicts, over a
second with every other client waiting) before the sliced encoder started. Now the handler
returns a lazy list that the encoder makes 2,000 messages at a time.
"""

from __future__ import annotations

import asyncio
import json
import tracemalloc
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.api import batch as batch_calls
from wialon_mock.api import json_input, lazy
from wialon_mock.api.handlers import messages as message_calls
from wialon_mock.api.json_input import encode_answer
from wialon_mock.api.lazy import LazyList
from wialon_mock.model import sensor_values, sim
from wialon_mock.model.items import Unit

from .conftest import call, login

YEAR = 365 * 86400
#: slice size and report interval of the "year" tests: a year of a unit reporting every 50
#: minutes is 10,512 messages, 53 slices of 200, as many returns to the loop as a year at the
#: real 2,000 per slice of a unit reporting every 5 minutes, for a tenth of the messages
#: (the full size made, wrote and parsed 46 MB: a sixth of the whole suite's CPU time)
FINE_SLICE = 200
EVERY = 3000


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the messages the fake server makes (``made[0]``); the messages are unchanged."""
    count = [0]
    real = sim.message

    def counting(unit: Unit, t: int, seed: int = 0) -> dict[str, Any]:
        count[0] += 1
        return real(unit, t, seed)

    monkeypatch.setattr(sim, "message", counting)
    return count


@pytest.fixture
def fine_slices(monkeypatch: pytest.MonkeyPatch) -> int:
    """Long answers made and written :data:`FINE_SLICE` messages at a time."""
    for module, name in ((lazy, "SLICE"), (json_input, "ENCODE_CHUNK"), (message_calls, "SLICE")):
        monkeypatch.setattr(module, name, FINE_SLICE)
    return FINE_SLICE


def _rare_reports(server: MockServer) -> dict[int, int]:
    """Every unit reports each :data:`EVERY` seconds; the number of messages of the last year."""
    world = server.world
    now = world.now()
    for unit in world.units.values():
        unit.interval = EVERY
    return {uid: len(sim.times_between(u, now - YEAR, now)) for uid, u in world.units.items()}


async def _until(ready: Callable[[], bool]) -> None:
    """Give the loop back until ``ready()`` (bounded: a hang fails the test)."""

    async def poll() -> None:
        while not ready():
            await asyncio.sleep(0)

    await asyncio.wait_for(poll(), 60)


def _load(unit_id: int, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {
        "itemId": unit_id, "timeFrom": start, "timeTo": end,
        "flags": 0, "flagsMask": 0, "loadCount": 0xFFFFFFFF, **extra,
    }  # fmt: skip


async def test_other_sessions_are_answered_while_a_year_of_messages_is_made(
    made: list[int], fine_slices: int
) -> None:
    async with MockServer(units=1, limits=False) as server, aiohttp.ClientSession() as http:
        (unit_id, year), *_ = _rare_reports(server).items()
        assert year > 50 * fine_slices
        sid_a, sid_b = await login(http, server), await login(http, server)
        now = server.world.now()
        session_a = server.world.sessions[sid_a]
        params = _load(unit_id, now - YEAR, now)
        loading = asyncio.create_task(call(http, server, "messages/load_interval", params, sid_a))
        # the loader is set as the handler runs: from then on A's answer is being made
        await _until(lambda: session_a.loader is not None)
        made_when_answered: list[int] = []
        for _ in range(3):
            assert await call(http, server, "messages/unload", {}, sid_b) == {}
            made_when_answered.append(made[0])
            assert not loading.done()
        answer = await loading
        assert len(answer["messages"]) == year
        assert answer["count"] == year
        assert made[0] == year
        # before: the handler made all of the messages in one go, so the first cheap call
        # could only be answered after every one of them existed
        assert made_when_answered[-1] < year
        order = [e["svc"] for e in server.journal() if e["svc"] != "token/login"]
        assert order == ["messages/unload"] * 3 + ["messages/load_interval"]


async def test_a_batch_of_year_loads_lets_other_sessions_through(
    made: list[int], fine_slices: int
) -> None:
    async with MockServer(units=2, limits=False) as server, aiohttp.ClientSession() as http:
        years = _rare_reports(server)
        sid_a, sid_b = await login(http, server), await login(http, server)
        now = server.world.now()
        items = [
            {"svc": "messages/load_interval", "params": _load(uid, now - YEAR, now)}
            for uid in years
        ]
        loading = asyncio.create_task(call(http, server, "core/batch", items, sid_a))
        await _until(lambda: made[0] > 0)
        assert await call(http, server, "messages/unload", {}, sid_b) == {}
        assert made[0] < next(iter(years.values()))  # still on the batch's first item
        answer = await loading
        assert [len(item["messages"]) for item in answer] == list(years.values())


async def test_the_lazy_answer_has_the_eager_bytes(fine_slices: int) -> None:
    async with MockServer(units=1, limits=False) as server, aiohttp.ClientSession() as http:
        sid = await login(http, server)
        world = server.world
        unit = next(iter(world.units.values()))
        now = world.now()
        span = 8 * 3600
        times = sim.times_between(unit, now - span - 1, now)
        assert len(times) > 2 * fine_slices  # long enough to be lazy and sliced
        form = {
            "svc": "messages/load_interval",
            "params": json.dumps(_load(unit.id, now - span, now, calcSensors=1)),
            "sid": sid,
        }
        async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
            body = await resp.read()
        eager = [sim.message(unit, t, world.config.seed) for t in times]
        eager = sensor_values.with_sensors(world, unit, eager)
        assert body == encode_answer({"count": len(times), "messages": eager})
        # get_messages with a filter, from the same loader
        form = {
            "svc": "messages/get_messages",
            "params": json.dumps({"indexFrom": 0, "indexTo": 450, "filter": "pos.x,p.pwr*"}),
            "sid": sid,
        }
        async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
            body = await resp.read()
        picked = json.loads(body)
        assert len(picked) == 450
        assert picked[449]["pos"] == {"x": eager[449]["pos"]["x"]}
        assert set(picked[0]["p"]) == {k for k in eager[0]["p"] if k.startswith("pwr")}


async def test_a_batch_over_the_answer_cap_stops_within_a_slice(
    monkeypatch: pytest.MonkeyPatch, made: list[int]
) -> None:
    # the real cap is 50 MB; 1 MB keeps the traced run short (tracemalloc slows allocation)
    cap = 1 * 1024 * 1024
    monkeypatch.setattr(batch_calls, "MAX_ANSWER_BYTES", cap)
    async with MockServer(units=5, limits=False) as server, aiohttp.ClientSession() as http:
        sid = await login(http, server)
        now = server.world.now()
        items = [
            {"svc": "messages/load_interval", "params": _load(uid, now - YEAR, now)}
            for uid in server.world.units
        ]
        tracemalloc.start()
        try:
            answer = await call(http, server, "core/batch", items, sid)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert answer == {"error": 6}
        # 1 MB is some 4,500 messages: the batch stopped one slice past it (6,000), not
        # after making five years of them (before: the first item's 100,000 dicts, 95 MB,
        # were built before any size check)
        assert made[0] < 8_000
        assert peak < 12 * 1024 * 1024


def test_a_lazy_list_reads_as_the_list_it_stands_for() -> None:
    plain = [{"i": i} for i in range(4500)]
    lazy = LazyList(len(plain), lambda lo, hi: [{"i": i} for i in range(lo, hi)])
    assert lazy == plain
    assert len(lazy) == 4500
    assert lazy[-1] == plain[-1]
    assert lazy[10:20] == plain[10:20]
    assert lazy[::1000] == plain[::1000]
    assert lazy[5000:] == []
    assert list(lazy) == plain
    assert encode_answer({"m": lazy}) == encode_answer({"m": plain})
    with pytest.raises(IndexError):
        lazy[4500]
