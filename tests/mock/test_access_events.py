"""user/update_item_access tells the affected user's sessions with an ``i:-5`` event.

https://help.wialon.com/en/api/user-guide/api-reference/other-methods/avl_evts (special
events): ``-5`` is an access change, ``d`` = ``{"r": [removed ids], "a": [{"ids": [...]}]}``.
Over a socket: a sub-user's session polls avl_evts while the account owner changes its rights.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from wialon_mock import MockServer

from .conftest import call, login


async def _events(http: aiohttp.ClientSession, server: MockServer, sid: str) -> list[Any]:
    async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
        events: list[Any] = json.loads(await resp.read())["events"]
        return events


def _access(events: list[Any]) -> list[Any]:
    return [e for e in events if e.get("i") == -5]


async def _sub_session(http: aiohttp.ClientSession, server: MockServer) -> tuple[int, str]:
    sub = next(u for u in server.world.users.values() if not u.is_owner)
    answer = await call(http, server, "token/login", {"token": server.token, "operateAs": sub.nm})
    return sub.id, answer["eid"]


async def test_revoking_and_granting_view_sends_access_events(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    owner_sid = await login(http, server)
    sub_id, sub_sid = await _sub_session(http, server)
    unit = sorted(server.world.units)[0]
    await _events(http, server, sub_sid)
    await _events(http, server, owner_sid)

    revoke = {"userId": sub_id, "itemId": unit, "accessMask": 0}
    assert await call(http, server, "user/update_item_access", revoke, owner_sid) == {}
    removed = _access(await _events(http, server, sub_sid))
    assert removed == [{"i": -5, "d": {"r": [unit], "a": []}}]
    assert "t" not in removed[0], "special events carry no t"

    grant = {"userId": sub_id, "itemId": unit, "accessMask": 0x3}
    await call(http, server, "user/update_item_access", grant, owner_sid)
    added = _access(await _events(http, server, sub_sid))
    assert added == [{"i": -5, "d": {"r": [], "a": [{"ids": [unit]}]}}]

    assert _access(await _events(http, server, owner_sid)) == [], "only the changed user hears"


async def test_an_unchanged_mask_sends_no_access_event(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    owner_sid = await login(http, server)
    sub_id, sub_sid = await _sub_session(http, server)
    unit = sorted(server.world.units)[0]
    change = {"userId": sub_id, "itemId": unit, "accessMask": 0x3}
    await call(http, server, "user/update_item_access", change, owner_sid)
    assert len(_access(await _events(http, server, sub_sid))) == 1
    await call(http, server, "user/update_item_access", change, owner_sid)
    assert _access(await _events(http, server, sub_sid)) == []


async def test_the_client_sees_the_event_as_an_access_change(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    from aiowialon.events.types import AvlEventData, AvlSpecial

    owner_sid = await login(http, server)
    sub_id, sub_sid = await _sub_session(http, server)
    unit = sorted(server.world.units)[1]
    revoke = {"userId": sub_id, "itemId": unit, "accessMask": 0}
    await call(http, server, "user/update_item_access", revoke, owner_sid)
    (raw,) = _access(await _events(http, server, sub_sid))
    data = AvlEventData.from_raw(raw)
    assert data.special is AvlSpecial.ACCESS_CHANGED
    assert data.d["r"] == [unit]
