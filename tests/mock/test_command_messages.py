"""unit/send_cmd and unit/exec_cmd leave a command message in the unit's history.

Data format of messages, "Command" (https://help.wialon.com/en/api/user-guide/data-format/
messages): ``tp:"ucr"`` with ca, cn, cp, ui, ln, lt, et, p; message type 0x0200. Over a socket:
later loads find the message (selected by type), get_messages and delete_message see it at its
index, and a session watching the unit's messages (flag 0x20) gets it as a ``t:"m"`` event.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer

from .conftest import call, login

#: message types, as flagsMask 0xFF00 picks them
DATA, COMMAND, TYPES = 0x0000, 0x0200, 0xFF00


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """A small fake server whose clock stands still (a message's ``t`` is known exactly)."""
    async with MockServer(units=3, clock_start=1_750_000_000, clock_frozen=True) as srv:
        yield srv


async def _events(http: aiohttp.ClientSession, server: MockServer, sid: str) -> list[Any]:
    async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
        events: list[Any] = json.loads(await resp.read())["events"]
        return events


def _load(unit: int, now: int, flags: int, mask: int) -> dict[str, Any]:
    return {"itemId": unit, "timeFrom": now - 600, "timeTo": now, "flags": flags,
            "flagsMask": mask, "loadCount": 0xFFFFFFFF}  # fmt: skip


def _send(unit: int, **extra: Any) -> dict[str, Any]:
    return {"itemId": unit, "commandType": "custom_msg", "commandName": "Hello",
            "linkType": "", "param": "ping", "timeout": 60, "flags": 0, **extra}  # fmt: skip


async def test_sent_command_is_in_later_loads_by_type(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit = sorted(server.world.units)[0]
    before = await call(
        http, server, "messages/load_interval", _load(unit, server.world.now(), 0, 0), sid
    )
    assert await call(http, server, "unit/send_cmd", _send(unit), sid) == {}
    now = server.world.now()

    everything = await call(http, server, "messages/load_interval", _load(unit, now, 0, 0), sid)
    sent = [m for m in everything["messages"] if m["tp"] == "ucr"]
    user = server.world.sessions[sid].user_id
    assert sent == [
        {"t": now, "f": 0, "tp": "ucr", "ca": "Hello", "cn": "custom_msg", "cp": "ping",
         "ui": user, "ln": "", "lt": "tcp", "et": now, "p": {}}
    ]  # fmt: skip
    assert everything["count"] >= before["count"] + 1
    times = [m["t"] for m in everything["messages"]]
    assert times == sorted(times), "the command sits among the data messages by time"

    only = await call(http, server, "messages/load_interval", _load(unit, now, COMMAND, TYPES), sid)
    assert only["count"] == 1
    assert only["messages"] == sent
    data = await call(http, server, "messages/load_interval", _load(unit, now, DATA, TYPES), sid)
    assert all(m["tp"] == "ud" for m in data["messages"])
    assert data["count"] == everything["count"] - 1


async def test_get_messages_and_delete_message_see_the_command(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit = sorted(server.world.units)[0]
    await call(http, server, "unit/send_cmd", _send(unit, commandName="", param={"a": 1}), sid)
    now = server.world.now()
    loaded = await call(http, server, "messages/load_interval", _load(unit, now, 0, 0), sid)
    index = next(i for i, m in enumerate(loaded["messages"]) if m["tp"] == "ucr")
    assert loaded["messages"][index]["ca"] == "custom_msg", "no name: the type is the name"
    assert loaded["messages"][index]["cp"] == '{"a":1}'

    page = {"indexFrom": index, "indexTo": index + 1}
    assert await call(http, server, "messages/get_messages", page, sid) == [
        loaded["messages"][index]
    ]
    by_time = await call(
        http, server, "messages/get_messages", {"timeFrom": now, "timeTo": now}, sid
    )
    assert loaded["messages"][index] in by_time

    assert await call(http, server, "messages/delete_message", {"msgIndex": index}, sid) == {}
    again = await call(http, server, "messages/load_interval", _load(unit, now, 0, 0), sid)
    assert [m for m in again["messages"] if m["tp"] == "ucr"] == []
    assert again["count"] == loaded["count"] - 1


async def test_exec_cmd_announces_the_message_to_sessions_watching_messages(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    watcher, other = await login(http, server), await login(http, server)
    unit = sorted(server.world.units)[0]
    for sid, fl in ((watcher, 0x21), (other, 0x1)):
        spec = {"spec": [{"type": "id", "data": unit, "flags": fl, "mode": 0}]}
        await call(http, server, "core/update_data_flags", spec, sid)
        await _events(http, server, sid)
    run = {"itemId": unit, "commandName": "Query position", "linkType": "", "param": "",
           "timeout": 30, "flags": 0}  # fmt: skip
    assert await call(http, server, "unit/exec_cmd", run, watcher) == {}

    heard = [e for e in await _events(http, server, watcher) if e.get("d", {}).get("tp") == "ucr"]
    assert len(heard) == 1
    assert heard[0]["i"] == unit
    assert heard[0]["t"] == "m"
    assert heard[0]["d"]["ca"] == "Query position"
    assert heard[0]["d"]["cn"] == "query_pos"
    quiet = [e for e in await _events(http, server, other) if e.get("d", {}).get("tp") == "ucr"]
    assert quiet == [], "without the messages flag no message events"


async def test_exec_cmd_runs_a_definition_the_client_made(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit = sorted(server.world.units)[0]
    made = {"itemId": unit, "id": 0, "callMode": "create", "n": "Beep twice", "c": "custom_msg",
            "l": "udp", "p": "BEEP 2", "a": 0x1000000}  # fmt: skip
    await call(http, server, "unit/update_command_definition", made, sid)
    run = {"itemId": unit, "commandName": "Beep twice", "linkType": "", "param": "ignored",
           "timeout": 30, "flags": 0}  # fmt: skip
    assert await call(http, server, "unit/exec_cmd", run, sid) == {}
    now = server.world.now()
    only = await call(http, server, "messages/load_interval", _load(unit, now, COMMAND, TYPES), sid)
    (message,) = only["messages"]
    assert (message["cn"], message["cp"], message["lt"]) == ("custom_msg", "BEEP 2", "udp")
    unknown = dict(run, commandName="No such command")
    assert await call(http, server, "unit/exec_cmd", unknown, sid) == {"error": 5}


async def test_load_last_counts_the_command_among_the_last_messages(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit = sorted(server.world.units)[0]
    await call(http, server, "unit/send_cmd", _send(unit), sid)
    now = server.world.now()
    last = {"itemId": unit, "lastTime": now, "lastCount": 2, "flags": 0, "flagsMask": 0,
            "loadCount": 2}  # fmt: skip
    answer = await call(http, server, "messages/load_last", last, sid)
    assert answer["count"] == 2
    assert [m["tp"] for m in answer["messages"]] == ["ud", "ucr"], "the command is the newest"
    data_only = dict(last, flagsMask=TYPES)
    answer = await call(http, server, "messages/load_last", data_only, sid)
    assert [m["tp"] for m in answer["messages"]] == ["ud", "ud"]


async def test_load_last_of_a_young_history_asks_for_more_than_there_is(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit = server.world.units[sorted(server.world.units)[0]]
    early = unit.ct + 3 * unit.interval
    last = {"itemId": unit.id, "lastTime": early, "lastCount": 50, "flags": 0, "flagsMask": 0,
            "loadCount": 50}  # fmt: skip
    answer = await call(http, server, "messages/load_last", last, sid)
    assert "error" not in answer
    assert 1 <= answer["count"] < 50
