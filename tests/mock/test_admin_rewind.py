"""``POST /_mock/clock {"set": EARLIER}`` rewinds the fleet (see wialon_mock.model.rewind).

Everything goes over real loopback sockets: plain HTTP for the Wialon calls, ``avl_evts`` and
the admin API, against a server whose clock starts frozen at a known moment.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer

START = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc).timestamp()
BASE = 1  # unit data flag: base section (name)
MESSAGES = 0x400 | BASE  # last message and position: message events


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """A fake server whose clock starts frozen at START; sessions never idle out (the tests
    jump hours), except in the tests that say otherwise."""
    limits = {"session_idle_seconds": False}
    async with MockServer(units=2, clock_start=START, clock_frozen=True, limits=limits) as srv:
        yield srv


@pytest.fixture
async def idling() -> AsyncIterator[MockServer]:
    """The same server with the documented limits: sessions die after 5 minutes idle."""
    async with MockServer(units=2, clock_start=START, clock_frozen=True) as srv:
        yield srv


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


async def set_clock(http: aiohttp.ClientSession, server: MockServer, moment: float) -> Any:
    async with http.post(f"{server.url}/_mock/clock", json={"set": moment}) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()


async def call(
    http: aiohttp.ClientSession, server: MockServer, svc: str, params: Any, sid: str = ""
) -> Any:
    form = {"svc": svc, "params": json.dumps(params), "sid": sid}
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        return await resp.json()


async def poll(http: aiohttp.ClientSession, server: MockServer, sid: str) -> list[Any]:
    async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
        answer = await resp.json()
    assert "events" in answer, answer
    return list(answer["events"])


async def login_watching(
    http: aiohttp.ClientSession, server: MockServer, unit_id: int, flags: int = MESSAGES
) -> str:
    sid = str((await call(http, server, "token/login", {"token": server.token}))["eid"])
    spec = {"spec": [{"type": "id", "data": unit_id, "flags": flags, "mode": 0}]}
    assert "error" not in await call(http, server, "core/update_data_flags", spec, sid)
    return sid


def message_times(events: list[Any]) -> list[int]:
    return [int(e["d"]["t"]) for e in events if e["t"] == "m"]


async def test_a_session_gets_the_span_again_after_the_clock_goes_back(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit = min(server.world.units.values(), key=lambda u: u.id)
    sid = await login_watching(http, server, unit.id)
    await set_clock(http, server, START + 240)
    first = [e for e in await poll(http, server, sid) if e["t"] == "m"]
    assert first, "no messages in four minutes"
    answer = await set_clock(http, server, START + 60)
    assert answer["now"] == START + 60
    assert answer["frozen"] is True
    # the session lives on, and nothing after the new time is delivered
    assert await poll(http, server, sid) == []
    await set_clock(http, server, START + 240)
    again = [e for e in await poll(http, server, sid) if e["t"] == "m"]
    # the span after the new time happens again, the same messages, each once
    assert again == [e for e in first if e["d"]["t"] > START + 60]
    assert message_times(again) == sorted(set(message_times(again)))


async def test_readers_stop_at_the_new_time(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit = min(server.world.units.values(), key=lambda u: u.id)
    sid = str((await call(http, server, "token/login", {"token": server.token}))["eid"])
    await set_clock(http, server, START + 3600)
    await set_clock(http, server, START + 1200)
    load = {"itemId": unit.id, "timeFrom": int(START), "timeTo": int(START + 7200), "flags": 0,
            "flagsMask": 0, "loadCount": 1000}  # fmt: skip
    loaded = await call(http, server, "messages/load_interval", load, sid)
    times = [m["t"] for m in loaded["messages"]]
    assert times
    assert max(times) <= START + 1200
    item = await call(http, server, "core/search_item", {"id": unit.id, "flags": 0x400}, sid)
    assert item["item"]["lmsg"]["t"] == max(times)
    assert item["item"]["pos"]["t"] == max(times)


async def test_a_loader_keeps_only_its_messages_up_to_the_new_time(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit = min(server.world.units.values(), key=lambda u: u.id)
    sid = str((await call(http, server, "token/login", {"token": server.token}))["eid"])
    await set_clock(http, server, START + 1800)
    load = {"itemId": unit.id, "timeFrom": int(START), "timeTo": int(START + 1800), "flags": 0,
            "flagsMask": 0, "loadCount": 1000}  # fmt: skip
    loaded = await call(http, server, "messages/load_interval", load, sid)
    before = [m["t"] for m in loaded["messages"]]
    await set_clock(http, server, START + 600)
    listed = await call(
        http, server, "messages/get_messages", {"indexFrom": 0, "indexTo": 1000}, sid
    )
    assert [m["t"] for m in listed] == [t for t in before if t <= START + 600]


async def test_a_deleted_message_after_the_new_time_comes_back(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit = min(server.world.units.values(), key=lambda u: u.id)
    sid = str((await call(http, server, "token/login", {"token": server.token}))["eid"])
    await set_clock(http, server, START + 1800)
    load = {"itemId": unit.id, "timeFrom": int(START + 900), "timeTo": int(START + 1800),
            "flags": 0, "flagsMask": 0, "loadCount": 1000}  # fmt: skip
    loaded = await call(http, server, "messages/load_interval", load, sid)
    doomed, kept = loaded["messages"][-2]["t"], loaded["messages"][0]["t"]
    assert doomed > START + 1200 >= kept
    index = len(loaded["messages"]) - 2
    assert await call(http, server, "messages/delete_message", {"msgIndex": index}, sid) == {}
    assert await call(http, server, "messages/delete_message", {"msgIndex": 0}, sid) == {}
    await set_clock(http, server, START + 1200)
    await set_clock(http, server, START + 1800)
    loaded = await call(http, server, "messages/load_interval", load, sid)
    times = [m["t"] for m in loaded["messages"]]
    # the later deletion is undone (that message had not happened yet); the earlier one holds
    assert doomed in times
    assert kept not in times


async def test_edits_stay_and_their_pending_notice_is_delivered(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit = min(server.world.units.values(), key=lambda u: u.id)
    sid = await login_watching(http, server, unit.id, flags=BASE)
    await set_clock(http, server, START + 200)
    renamed = await call(
        http, server, "item/update_name", {"itemId": unit.id, "name": "Rewound"}, sid
    )
    assert renamed == {"nm": "Rewound"}
    await set_clock(http, server, START + 10)
    events = await poll(http, server, sid)
    assert {"i": unit.id, "t": "u", "d": {"nm": "Rewound"}} in events
    item = await call(http, server, "core/search_item", {"id": unit.id, "flags": BASE}, sid)
    assert item["item"]["nm"] == "Rewound"


async def test_a_token_made_after_the_new_time_still_logs_in(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    sid = str((await call(http, server, "token/login", {"token": server.token}))["eid"])
    await set_clock(http, server, START + 5000)
    create = {"callMode": "create", "app": "rewind", "at": 0, "dur": 0, "fl": -1, "p": "{}"}
    made = await call(http, server, "token/update", create, sid)
    ahead = {**create, "app": "later", "at": int(START + 9000)}
    later = await call(http, server, "token/update", ahead, sid)
    await set_clock(http, server, START + 100)
    assert "eid" in await call(http, server, "token/login", {"token": made["h"]})
    # an activation a client put ahead of the clock keeps its time
    assert await call(http, server, "token/login", {"token": later["h"]}) == {"error": 7}
    listed = await call(http, server, "token/list", {}, sid)
    mine = next(t for t in listed if t["h"] == made["h"])
    assert mine["ct"] <= START + 100


async def test_an_auth_hash_lives_at_most_two_minutes_from_the_new_time(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    sid = str((await call(http, server, "token/login", {"token": server.token}))["eid"])
    await set_clock(http, server, START + 5000)
    made = await call(http, server, "core/create_auth_hash", {}, sid)
    await set_clock(http, server, START + 100)
    await set_clock(http, server, START + 100 + 121)
    # without the rewind it would be good until START + 5120; error 8 is an expired hash
    assert await call(http, server, "core/use_auth_hash", {"authHash": made["authHash"]}) == {
        "error": 8
    }


async def test_state_and_sessions_stay_sound(
    http: aiohttp.ClientSession, idling: MockServer
) -> None:
    server = idling
    sid = str((await call(http, server, "token/login", {"token": server.token}))["eid"])
    await set_clock(http, server, START + 250)
    await set_clock(http, server, START - 86400)
    session = server.world.sessions[sid]
    now = server.world.clock.now()
    assert session.created <= now
    assert session.last_seen <= now
    assert session.cursor <= now
    found = await call(http, server, "core/search_items", {"spec": {"itemsType": "avl_unit",
                       "propName": "sys_name", "propValueMask": "*", "sortType": "sys_name"},
                       "force": 1, "flags": 0x401, "from": 0, "to": 0}, sid)  # fmt: skip
    assert found["totalItemsCount"] == 2
    # last activity moved back with the clock: five idle minutes from now still end it (it
    # is not "idle for minus a day" until the clock catches up)
    await set_clock(http, server, START - 86400 + 301)
    assert await call(http, server, "core/search_items", {}, sid) == {"error": 1}
    assert "eid" in await call(http, server, "token/login", {"token": server.token})
    async with http.get(f"{server.url}/_mock/state") as resp:
        assert (await resp.json())["clock"]["now"] == START - 86400 + 301


async def test_a_registration_made_after_the_new_time_sees_the_whole_replayed_span(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit = min(server.world.units.values(), key=lambda u: u.id)
    await set_clock(http, server, START + 200)
    sid = await login_watching(http, server, unit.id)
    await set_clock(http, server, START + 60)
    await set_clock(http, server, START + 240)
    times = message_times(await poll(http, server, sid))
    # registered "at" START + 200, which now lies ahead: it watches from the new time on
    expected = [
        t for t in range(int(START) + 61, int(START) + 241) if (t - unit.phase) % unit.interval == 0
    ]
    assert times == expected
    assert min(times) <= START + 200


async def test_a_command_sent_after_the_new_time_is_undone(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit = min(server.world.units.values(), key=lambda u: u.id)
    sid = await login_watching(http, server, unit.id, flags=0x20 | BASE)
    await set_clock(http, server, START + 300)
    await poll(http, server, sid)
    send = {"itemId": unit.id, "commandType": "custom_msg", "commandName": "Hello",
            "linkType": "", "param": "ping", "timeout": 60, "flags": 0}  # fmt: skip
    await set_clock(http, server, START + 100)
    assert await call(http, server, "unit/send_cmd", send, sid) == {}  # at START + 100
    await set_clock(http, server, START + 200)
    assert await call(http, server, "unit/send_cmd", send, sid) == {}  # at START + 200
    load = {"itemId": unit.id, "timeFrom": int(START), "timeTo": int(START + 400), "flags": 0x200,
            "flagsMask": 0xFF00, "loadCount": 100}  # fmt: skip
    loaded = await call(http, server, "messages/load_interval", load, sid)
    assert [m["t"] for m in loaded["messages"]] == [START + 100, START + 200]
    # back before the second one: it and its notice are gone, and it does not come back
    await set_clock(http, server, START + 150)
    events = await poll(http, server, sid)
    assert [e["d"]["t"] for e in events if e["d"].get("tp") == "ucr"] == [START + 100]
    listed = await call(
        http, server, "messages/get_messages", {"indexFrom": 0, "indexTo": 100}, sid
    )
    assert [m["t"] for m in listed] == [START + 100]
    await set_clock(http, server, START + 400)
    loaded = await call(http, server, "messages/load_interval", load, sid)
    assert [m["t"] for m in loaded["messages"]] == [START + 100]
