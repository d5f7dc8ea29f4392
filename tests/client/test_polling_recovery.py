"""Polling on a flaky network: the backoff, waking on a lost session, and catch-up.

Faults and session kills go through the fake server's admin API over HTTP (``/_mock/faults``,
``/_mock/sessions/expire``, ``/_mock/clock``). The fake clock is frozen, so the test decides
which messages exist; the client's pauses are scaled down with ``polling_delay_factor``, and
what is checked is counted (messages, polls, scheduled pauses), never timed.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from aiowialon import Wialon, WialonWarning
from aiowialon.events import AvlEvent, filters
from aiowialon.events.backoff import Backoff
from aiowialon.events.catchup import CHUNK
from wialon_mock import MockServer
from wialon_mock.config import Limits

from .test_polling import WAIT, Fleet, until, wire_up

#: each fault kind the fake server knows, with short holds so a run stays quick
FAULT_KINDS: list[dict[str, Any]] = [
    {"kind": "error", "code": 1003, "reason": "LIMIT api_concurrent"},
    {"kind": "http", "status": 502},
    {"kind": "malformed"},
    {"kind": "reset"},
    {"kind": "timeout", "seconds": 0.2},
    {"kind": "delay", "seconds": 0.05},
]
GAP = 120  # fake seconds between a session's death and the next login
FACTOR = 0.02  # one second of the client's pauses lasts 20 ms here


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    # the test polls far more often than 10 per 10 s; that limit is tested elsewhere
    async with MockServer(units=5, seed=11, limits=Limits(avl_evts_per_10s=None)) as srv:
        yield srv


async def admin(srv: MockServer, path: str, body: dict[str, Any]) -> Any:
    """POST to the fake server's admin API, as a test outside this repository would."""
    url = f"{srv.url}/_mock/{path}"
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as response:
        assert response.status == 200, await response.text()
        return await response.json()


async def flaky(srv: MockServer, probability: float) -> None:
    await admin(srv, "clock", {"freeze": True})
    for spec in FAULT_KINDS:
        await admin(srv, "faults", {"svc": "avl_evts", "probability": probability, **spec})


def make_client(srv: MockServer, **options: Any) -> Wialon:
    client = Wialon(scheme="http", host=srv.host, port=srv.port, token=srv.token, **options)
    client.polling_delay_factor = FACTOR
    return client


def scheduled_pauses(records: list[logging.LogRecord]) -> list[float]:
    pauses = []
    for record in records:
        found = re.search(r"retry in ([0-9.]+)s", record.getMessage())
        if found:
            pauses.append(float(found[1]))
    return pauses


def catch_up_batches(srv: MockServer) -> list[list[int] | None]:
    """The catch-up core/batch requests in the fake server's journal, each with the units it
    loaded (None where the journal keeps only an excerpt of a long request)."""
    out: list[list[int] | None] = []
    for entry in srv.journal("core/batch"):
        params = entry["params"]
        if isinstance(params, dict) and "excerpt" in params:
            if "messages/load_interval" in params["excerpt"]:
                out.append(None)
            continue
        items = params.get("params", []) if isinstance(params, dict) else params
        units = [i["params"]["itemId"] for i in items if i["svc"] == "messages/load_interval"]
        if units:
            out.append(units)
    return out


def assert_once_in_order(fleet: Fleet) -> None:
    for uid, times in fleet.got.items():
        assert times == sorted(set(times)), f"unit {uid}: duplicates or out of order"


def test_backoff_starts_at_base_grows_slowly_and_stays_under_the_cap() -> None:
    backoff = Backoff(2.0, 5.0, factor=1.3, jitter=0.0)
    assert [round(backoff.next(), 2) for _ in range(6)] == [2.0, 2.6, 3.38, 4.39, 5.0, 5.0]
    backoff.reset()
    assert backoff.next() == 2.0
    jittery = Backoff(1.0, 5.0, jitter=0.1)
    pauses = [jittery.next() for _ in range(500)]
    assert max(pauses) <= jittery.longest == pytest.approx(5.5)
    assert min(pauses) >= 0.9
    assert len({round(p, 6) for p in pauses[-50:]}) > 1  # jittered, not in lockstep
    with pytest.raises(ValueError, match="factor"):
        Backoff(1.0, 5.0, factor=0.5)


@pytest.mark.waits  # on the client's retry pauses (tests/conftest.py)
async def test_under_faults_events_keep_arriving_and_pauses_stay_under_the_cap(
    server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="aiowialon")
    await flaky(server, 0.15)
    client = make_client(server)
    fleet = await wire_up(client, server)
    polling = asyncio.create_task(client.start_polling(timeout=1))
    try:
        await until(lambda: len(fleet.opened) == 1)
        start = fleet.opened[0]
        for step in range(1, 13):  # two minutes of fake time, ten seconds at a time
            await admin(server, "clock", {"advance": 10})
            expected = fleet.expected(server, [(start, start + 10 * step)])
            # the default binds this step's value; mypy cannot type a lambda's default
            await until(lambda e=expected: fleet.got == e)  # type: ignore[misc]
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, WAIT)
    faults = await admin_get(server, "faults")
    # a delay fault only slows a poll down; every other kind makes it fail
    failed = sum(f["hits"] for f in faults if f["kind"] != "delay")
    assert failed >= 5  # the faults really fired: polls failed and were survived
    pauses = scheduled_pauses(caplog.records)
    assert len(pauses) >= failed - 1  # (a fault on the last poll may meet the stop)
    assert max(pauses) <= client.polling_backoff_cap * (1 + client.polling_backoff_jitter)
    assert_once_in_order(fleet)


async def admin_get(srv: MockServer, path: str) -> Any:
    url = f"{srv.url}/_mock/{path}"
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return await response.json()


async def test_a_lost_session_seen_by_another_call_wakes_a_pausing_loop(
    server: MockServer,
) -> None:
    client = make_client(server)
    client.polling_delay_factor = 1.0  # the loop really pauses an hour between polls
    fleet = await wire_up(client, server)
    polling = asyncio.create_task(client.start_polling(timeout=3600))
    try:
        await until(lambda: len(fleet.opened) == 1 and bool(server.journal("avl_evts")))
        await admin(server, "sessions/expire", {})
        with pytest.raises(Exception, match="Invalid session"):
            await client.core_search_item(id=fleet.unit_ids[0], flags=1)
        await until(lambda: len(fleet.opened) == 2)  # logged in again, not an hour later
        assert (await client.core_search_item(id=fleet.unit_ids[0], flags=1))["item"]
    finally:
        await client.stop_polling()  # also ends the hour-long pause at once
        await asyncio.wait_for(polling, WAIT)


async def run_with_lost_sessions(
    server: MockServer, catch_up: bool, probability: float = 0.15, **options: Any
) -> tuple[Fleet, dict[int, list[int]]]:
    """Poll two minutes of fake time under faults; kill the session twice meanwhile.

    After each step it waits until the handlers hold exactly what they should: with
    catch-up every message sent so far, without it those sent while a session was open.
    Returns the fleet and every message the fake server generated.
    """
    await flaky(server, probability)
    client = make_client(server, **options)
    fleet = await wire_up(client, server)
    polling = asyncio.create_task(client.start_polling(timeout=1, catch_up=catch_up))
    deaths: list[int] = []
    try:
        await until(lambda: len(fleet.opened) == 1)
        start = fleet.opened[0]
        for step in range(1, 13):
            if step in (4, 9):
                # killed, and two minutes pass before the poller can notice: the units go
                # on reporting meanwhile
                deaths.append(server.world.now())
                await admin(server, "sessions/expire", {})
                await admin(server, "clock", {"advance": GAP})
                await until(lambda: len(fleet.opened) == len(deaths) + 1)
            await admin(server, "clock", {"advance": 60})
            now = server.world.now()
            if catch_up:
                windows = [(start, now)]
            else:
                ends = [*deaths, now]
                windows = list(zip(fleet.opened, ends, strict=True))
            want = fleet.expected(server, windows)
            # the default binds this step's value; mypy cannot type a lambda's default
            await until(lambda w=want: fleet.got == w)  # type: ignore[misc]
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, WAIT)
    gaps = list(zip(deaths, fleet.opened[1:], strict=True))
    assert [opened - died for died, opened in gaps] == [GAP, GAP]
    in_gaps = fleet.expected(server, gaps)
    assert sum(len(v) for v in in_gaps.values()) > 10  # the gaps really held messages
    return fleet, fleet.expected(server, [(start, server.world.now())])


@pytest.mark.waits  # on the client's retry pauses (tests/conftest.py)
@pytest.mark.parametrize("auto_batch", [False, True])
async def test_catch_up_delivers_every_message_once_across_lost_sessions(
    server: MockServer, auto_batch: bool
) -> None:
    # with auto_batch the registration in on_session_open travels inside a core/batch
    fleet, sent = await run_with_lost_sessions(server, catch_up=True, auto_batch=auto_batch)
    assert len(fleet.opened) == 3  # two re-logins
    assert fleet.got == sent  # every message generated reached its handler, in order
    assert_once_in_order(fleet)
    assert sum(len(v) for v in sent.values()) > 100
    assert fleet.stray == []
    # the gap came from the message history: per lost session one batch of every unit's
    # load and one unload, not two requests per unit
    assert [sorted(units or []) for units in catch_up_batches(server)] == [
        sorted(fleet.unit_ids)
    ] * 2
    assert len(server.journal("messages/unload")) == 2
    assert not server.journal("messages/load_interval")  # never one request per unit


@pytest.mark.waits  # on the client's retry pauses (tests/conftest.py)
async def test_without_catch_up_the_gap_is_lost(server: MockServer) -> None:
    # The control of the test above: the same run without catch-up misses the messages of
    # the 2 x 2 minutes the units reported with no session registered.
    fleet, sent = await run_with_lost_sessions(server, catch_up=False)
    missing = sum(len(v) for v in sent.values()) - fleet.total()
    assert missing > 0
    assert_once_in_order(fleet)
    assert not catch_up_batches(server)


async def test_a_failed_catch_up_is_retried_without_losing_or_repeating(
    server: MockServer,
) -> None:
    await admin(server, "clock", {"freeze": True})
    # the first two catch-up batches fail whole; then one unit's item is refused as busy
    await admin(server, "faults", {"svc": "core/batch", "kind": "http", "status": 502, "times": 2})
    await admin(
        server, "faults", {"svc": "messages/load_interval", "kind": "error", "code": 1003,
                           "in_batch": True, "times": 1}
    )  # fmt: skip
    client = make_client(server)
    fleet = await wire_up(client, server)
    polling = asyncio.create_task(client.start_polling(timeout=1, catch_up=True))
    try:
        await until(lambda: len(fleet.opened) == 1)
        start = fleet.opened[0]
        await admin(server, "clock", {"advance": 15})
        await until(lambda: fleet.got == fleet.expected(server, [(start, start + 15)]))
        await admin(server, "sessions/expire", {})
        await admin(server, "clock", {"advance": 45})
        await until(lambda: len(fleet.opened) == 2)
        await admin(server, "clock", {"advance": 15})
        sent = fleet.expected(server, [(start, start + 75)])
        await until(lambda: fleet.got == sent)
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, WAIT)
    assert [f["hits"] for f in await admin_get(server, "faults")] == [2, 1]
    # two failed batches, the one with a busy item, and one more for that unit alone
    batches = catch_up_batches(server)
    assert len(batches) == 4
    assert batches[-1] is not None
    assert len(batches[-1]) == 1
    assert fleet.got == sent
    assert_once_in_order(fleet)


@pytest.mark.parametrize("auto_batch", [False, True])
async def test_catch_up_covers_units_that_had_not_reported_yet(
    server: MockServer, auto_batch: bool
) -> None:
    # The session dies before any unit sent a message: only the registration (the answer of
    # core/update_data_flags, maybe inside an automatic core/batch) says which units to load.
    await admin(server, "clock", {"freeze": True})
    client = make_client(server, auto_batch=auto_batch)
    fleet = await wire_up(client, server)

    async def register_in_a_batch(answer: dict[str, Any]) -> None:
        await asyncio.gather(
            client.core_update_data_flags(
                spec=[{"type": "type", "data": "avl_unit", "mode": 0, "flags": 0x401}]
            ),
            client.core_get_hw_types(),  # company in the same event-loop turn
        )
        fleet.opened.append(server.world.now())

    with pytest.warns(WialonWarning, match="replaced"):
        client.on_session_open(register_in_a_batch)

    polling = asyncio.create_task(client.start_polling(timeout=1, catch_up=True))
    try:
        await until(lambda: len(fleet.opened) == 1)
        start = fleet.opened[0]
        await admin(server, "sessions/expire", {})
        await admin(server, "clock", {"advance": GAP})
        await until(lambda: len(fleet.opened) == 2)
        await admin(server, "clock", {"advance": 30})
        sent = fleet.expected(server, [(start, start + GAP + 30)])
        await until(lambda: fleet.got == sent)
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, WAIT)
    in_gap = fleet.expected(server, [(start, start + GAP)])
    assert sum(len(v) for v in in_gap.values()) > 0
    assert_once_in_order(fleet)
    if auto_batch:
        assert server.journal("core/batch")  # the registration did travel in a batch


async def test_catch_up_of_many_units_is_a_few_requests() -> None:
    # 120 units: ceil(120 / CHUNK) batches and one unload, whatever the rate limit
    async with MockServer(units=120, seed=5, limits=Limits(avl_evts_per_10s=None)) as srv:
        await admin(srv, "clock", {"freeze": True})
        client = make_client(srv)
        fleet = await wire_up_many(client, srv)
        polling = asyncio.create_task(client.start_polling(timeout=1, catch_up=True))
        try:
            await until(lambda: len(fleet.opened) == 1)
            start = fleet.opened[0]
            await admin(srv, "sessions/expire", {})
            await admin(srv, "clock", {"advance": GAP})
            await until(lambda: len(fleet.opened) == 2)
            sent = fleet.expected(srv, [(start, start + GAP)])
            await until(lambda: fleet.got == sent)
        finally:
            await client.stop_polling()
            await asyncio.wait_for(polling, WAIT)
        # the journal keeps only an excerpt of a 50-item batch, so the units are counted by
        # what the handlers got (every unit's gap, above) and the requests here
        assert len(catch_up_batches(srv)) == -(-120 // CHUNK) == 3
        assert len(srv.journal("messages/unload")) == 1
        assert not srv.journal("messages/load_interval")
        assert sum(len(v) for v in sent.values()) > 100


async def wire_up_many(client: Wialon, srv: MockServer) -> Fleet:
    """One handler for every unit's messages, and registration on every login."""
    fleet = Fleet()
    await client.login()
    found = await client.core_search_items(
        spec={"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*",
              "sortType": "sys_name"},
        force=1, flags=1, from_=0, to=0,
    )  # fmt: skip
    fleet.unit_ids = [item["id"] for item in found["items"]]
    fleet.got = {uid: [] for uid in fleet.unit_ids}
    await client.logout()

    @client.avl_event_handler(filters.messages)
    async def collect(event: AvlEvent) -> None:
        fleet.got[event.data.i].append(event.data.d["t"])

    @client.on_session_open
    async def register(answer: dict[str, Any]) -> None:
        await client.core_update_data_flags(
            spec=[{"type": "type", "data": "avl_unit", "mode": 0, "flags": 0x401}]
        )
        fleet.opened.append(srv.world.now())

    return fleet


async def test_a_unit_refused_by_the_server_is_left_out_and_the_rest_caught_up(
    server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    await admin(server, "clock", {"freeze": True})
    # the first unit's load is refused (as for a unit deleted or out of reach meanwhile)
    await admin(
        server, "faults", {"svc": "messages/load_interval", "kind": "error", "code": 7,
                           "in_batch": True, "times": 1}
    )  # fmt: skip
    client = make_client(server)
    fleet = await wire_up(client, server)
    polling = asyncio.create_task(client.start_polling(timeout=1, catch_up=True))
    try:
        await until(lambda: len(fleet.opened) == 1)
        start = fleet.opened[0]
        await admin(server, "sessions/expire", {})
        await admin(server, "clock", {"advance": GAP})
        await until(lambda: len(fleet.opened) == 2)
        refused = min(fleet.unit_ids)  # the batch lists units in id order
        sent = fleet.expected(server, [(start, start + GAP)])
        assert sent[refused]  # it did report in the gap: those messages are what is lost
        sent[refused] = []
        await until(lambda: fleet.got == sent)
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, WAIT)
    assert len(catch_up_batches(server)) == 1  # not retried: the refusal is not transient
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(f"unit {refused} not loaded (error 7)" in w for w in warnings), warnings
