"""The client keeps within the fake server's limits under load, with its default settings.

The server runs with every documented limit on (10 requests at once per session, heavy calls
alone in their session, one report result per session). Every answer is compared with the
fake server's model, and the server's journal must show no request refused for a limit.
Each test has a control beside it that breaks the same limit on purpose, so a server that
stopped enforcing it would fail the control instead of passing everything silently.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from aiowialon import (
    Wialon,
    WialonReachedConcurrentRequestLimit,
    WialonRequestLimitExceededError,
)
from wialon_mock import Limits, MockServer
from wialon_mock.model import sim, trips
from wialon_mock.model.fleet_data import HW_TYPES

from .conftest import client_of, limit_errors

#: the light calls of the big gather
CALLS = 500
UNIT_FLAGS = 1


def light_calls(
    client: Wialon, server: MockServer, count: int, kinds: str = "sbuhB"
) -> list[Awaitable[None]]:
    """``count`` light calls, each checking its answer against the model.

    ``kinds`` picks them in turn: ``s`` search_item, ``b`` search_items by name, ``u``
    check_unique (two requests), ``h`` get_hw_types, ``B`` a batch of three search_item.
    """
    world = server.world
    units = sorted(world.units.values(), key=lambda unit: unit.id)
    hw_types = list(HW_TYPES)

    async def search_item(n: int) -> None:
        unit = units[n % len(units)]
        answer = await client.core_search_item(id=unit.id, flags=UNIT_FLAGS)
        assert answer["item"]["nm"] == unit.nm
        assert (answer["item"]["id"], answer["item"]["cls"]) == (unit.id, 2)

    async def search_by_name(n: int) -> None:
        unit = units[n % len(units)]
        spec = {
            "itemsType": "avl_unit",
            "propName": "sys_name",
            "propValueMask": unit.nm,
            "sortType": "sys_name",
        }
        answer = await client.core_search_items(spec=spec, force=1, flags=1, from_=0, to=0)
        expected = sorted(u.id for u in units if u.nm.lower() == unit.nm.lower())
        assert sorted(item["id"] for item in answer["items"]) == expected

    async def unique(n: int) -> None:
        unit = units[n % len(units)]
        taken = await client.core_check_unique(type="avl_unit", value=unit.nm)
        free = await client.core_check_unique(type="avl_unit", value=f"nobody {n}")
        assert (taken, free) == ({"result": 1}, {"result": 0})

    async def hw_type(n: int) -> None:
        hw = hw_types[n % len(hw_types)]
        answer = await client.core_get_hw_types(filterType="id", filterValue=[hw.id])
        assert [(entry["id"], entry["name"]) for entry in answer] == [(hw.id, hw.name)]

    async def batch(n: int) -> None:
        chosen = [units[(n + k) % len(units)] for k in range(3)]
        answers = await client.batch(
            *(client.core_search_item(id=unit.id, flags=UNIT_FLAGS) for unit in chosen)
        )
        assert [a["item"]["nm"] for a in answers] == [unit.nm for unit in chosen]

    table: dict[str, Callable[[int], Awaitable[None]]] = {
        "s": search_item,
        "b": search_by_name,
        "u": unique,
        "h": hw_type,
        "B": batch,
    }
    return [table[kinds[n % len(kinds)]](n) for n in range(count)]


async def test_gather_of_500_light_calls_stays_within_the_limits(server: MockServer) -> None:
    # Answers come late and out of order, so requests really pile up at the server: a
    # fifth of them wait 20 ms there while counted as running.
    server.add_fault(svc="*", kind="delay", seconds=0.02, probability=0.2)
    # Default settings except the rate cap: 10 requests a second is the client's own
    # courtesy, not a limit the server enforces, and at that pace the gather alone would
    # take 50 s. Without it the in-flight cap (default 10, the server's limit) does all the
    # work, which is the harder case. The test below keeps every default.
    async with client_of(server, rps=None) as client:
        assert client.max_concurrency == 10
        await client.login()
        await asyncio.gather(*light_calls(client, server, CALLS))
    assert limit_errors(server) == []
    answered = [e for e in server.journal() if e["path"] == "/wialon/ajax.html"]
    assert len(answered) >= CALLS  # the unique-name checks make two requests each


async def test_fully_default_client_waits_for_a_slow_server(server: MockServer) -> None:
    # Each answer takes longer than the rate cap's second, so the rate cap alone would let
    # an 11th request in while the first 10 still run; the in-flight cap must hold it back.
    async with client_of(server) as client:
        await client.login()
        server.add_fault(svc="core/search_item", kind="delay", seconds=1.1)
        await asyncio.gather(*light_calls(client, server, 12, kinds="s"))
    assert limit_errors(server) == []


async def test_control_a_bigger_in_flight_cap_is_refused(server: MockServer) -> None:
    server.add_fault(svc="*", kind="delay", seconds=0.1)
    async with client_of(server, rps=None, max_concurrency=30) as client:
        await client.login()
        outcomes = await asyncio.gather(*light_calls(client, server, 30), return_exceptions=True)
    assert any(isinstance(o, WialonReachedConcurrentRequestLimit) for o in outcomes)
    assert limit_errors(server) != []


# -- heavy calls ------------------------------------------------------------------------------

#: how long each heavy call runs on the server, so overlapping ones would really overlap
HEAVY_SECONDS = 0.05
SPAN = 6 * 3600


@pytest.fixture
async def heavy_server() -> AsyncIterator[MockServer]:
    """Every limit on, heavy calls taking a moment, the clock stopped (answers stay fixed)."""
    limits = Limits(heavy_seconds=HEAVY_SECONDS)
    async with MockServer(units=6, seed=5, limits=limits, clock_frozen=True) as srv:
        yield srv


class HeavyWork:
    """The heavy calls of one client, each checking its answers against the model."""

    def __init__(self, client: Wialon, server: MockServer) -> None:
        self.client = client
        self.server = server
        world = server.world
        self.now = world.now()
        self.units = sorted(world.units.values(), key=lambda unit: unit.id)
        resource = next(r for r in world.resources.values() if r.reports)
        self.resource_id = resource.id
        self.template_id = int(next(iter(resource.reports)))

    async def load(self, n: int) -> None:
        """messages/load_interval, then a page of the loaded messages."""
        unit = self.units[n % len(self.units)]
        start = self.now - SPAN
        loaded = await self.client.messages_load_interval(
            itemId=unit.id, timeFrom=start, timeTo=self.now, flags=0, flagsMask=0, loadCount=5
        )
        times = sim.times_between(unit, start - 1, self.now)
        seed = self.server.world.config.seed
        assert loaded["count"] == len(times)
        assert loaded["messages"] == [sim.message(unit, t, seed) for t in times[:5]]
        # the loader must still hold this unit's messages: nothing else ran in between
        page = await self.client.messages_get_messages(indexFrom=len(times) - 2, indexTo=10**6)
        assert [m["t"] for m in page] == list(times[-2:])

    async def report(self, n: int) -> None:
        """report/exec_report, its rows, report/cleanup_result."""
        unit = self.units[n % len(self.units)]
        start = self.now - SPAN
        result = await self.client.report_exec_report(
            reportResourceId=self.resource_id,
            reportTemplateId=self.template_id,
            reportObjectId=unit.id,
            reportObjectSecId=0,
            interval={"from": start, "to": self.now, "flags": 0},
        )
        found = trips.find(unit, start, self.now, self.server.world.config.seed)
        assert result["reportResult"]["tables"][0]["rows"] == len(found)
        if found:
            rows = await self.client.report_get_result_rows(
                tableIndex=0, indexFrom=0, indexTo=len(found) - 1
            )
            assert [(r["t1"], r["t2"]) for r in rows] == [
                (trip.first["t"], trip.last["t"]) for trip in found
            ]
        assert await self.client.report_cleanup_result() == {"error": 0}

    async def export(self, n: int) -> None:
        """exchange/export_json: the file is the JSON sent, compact."""
        unit = self.units[n % len(self.units)]
        content = {"general": {"n": unit.nm, "uid": unit.uid}, "n": n}
        data = await self.client.exchange_export_json(fileName=f"unit{n}", json=content)
        assert json.loads(data) == content


async def test_heavy_calls_under_session_lock_beside_light_ones(
    heavy_server: MockServer,
) -> None:
    server = heavy_server
    # no rate cap, only to keep the test short (see the 500-call test above)
    async with client_of(server, rps=None) as client:
        await client.login()
        work = HeavyWork(client, server)
        locked = [
            client.session_lock(job)(n)
            for n in range(4)
            for job in (work.load, work.report, work.export)
        ]
        await asyncio.gather(*locked, *light_calls(client, server, 60))
    assert limit_errors(server) == []
    heavy = {"messages/load_interval", "report/exec_report", "exchange/export_json"}
    assert sum(1 for e in server.journal() if e["svc"] in heavy) == 12


async def test_control_heavy_calls_without_the_lock_are_refused(heavy_server: MockServer) -> None:
    async with client_of(heavy_server, rps=None) as client:
        await client.login()
        work = HeavyWork(client, heavy_server)
        outcomes = await asyncio.gather(
            *(job(n) for n in range(3) for job in (work.load, work.report, work.export)),
            return_exceptions=True,
        )
    assert any(isinstance(o, WialonRequestLimitExceededError) for o in outcomes)
