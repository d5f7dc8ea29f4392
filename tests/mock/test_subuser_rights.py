"""A session opened ``operateAs`` a sub-user reads the account's items but cannot change them."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from wialon_mock import MockServer

from .conftest import call, login

SEARCH = {
    "spec": {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*",
             "sortType": "sys_name"},
    "force": 1, "flags": 1, "from": 0, "to": 0,
}  # fmt: skip


def _subuser(server: MockServer) -> tuple[int, str]:
    world = server.world
    user = next(u for u in world.users.values() if u.crt == world.owner_id)
    return user.id, user.nm


async def _as_subuser(http: aiohttp.ClientSession, server: MockServer) -> str:
    _, name = _subuser(server)
    answer = await call(http, server, "token/login", {"token": server.token, "operateAs": name})
    assert answer["user"]["nm"] == name
    sid = answer["eid"]
    assert isinstance(sid, str)
    return sid


async def test_a_subuser_reads_but_meets_error_7_on_changes(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await _as_subuser(http, server)
    units = await call(http, server, "core/search_items", SEARCH, sid=sid)
    assert units["totalItemsCount"] == 3
    unit = units["items"][0]
    listed = await call(
        http, server, "core/search_items", {**SEARCH, "flags": 0x1 | 0x100}, sid=sid
    )
    # uacl tells the sub-user what it may do: view rights, neither rename nor delete
    assert all(item["uacl"] & 0x18 == 0 and item["uacl"] & 0x1 for item in listed["items"])
    rename = {"itemId": unit["id"], "name": "renamed by a sub-user"}
    assert await call(http, server, "item/update_name", rename, sid=sid) == {"error": 7}
    assert await call(http, server, "item/delete_item", {"itemId": unit["id"]}, sid=sid) == {
        "error": 7
    }
    # nothing changed: the owner still sees the unit under its name
    owner = await login(http, server)
    again = await call(http, server, "core/search_items", SEARCH, sid=owner)
    assert [(i["id"], i["nm"]) for i in again["items"]] == [
        (i["id"], i["nm"]) for i in units["items"]
    ]
    assert again["items"][0]["uacl"] != unit["uacl"]  # the owner holds every right
    assert await call(http, server, "item/update_name", rename, sid=owner) == {
        "nm": "renamed by a sub-user"
    }


async def test_a_subuser_may_rename_itself(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await _as_subuser(http, server)
    user_id, _ = _subuser(server)
    answer = await call(
        http, server, "item/update_name", {"itemId": user_id, "name": "me-2"}, sid=sid
    )
    assert answer == {"nm": "me-2"}


async def test_the_rights_follow_duplicate_and_auth_hash(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    _, name = _subuser(server)
    owner = await login(http, server)
    unit_id = next(iter(server.world.units))
    rename = {"itemId": unit_id, "name": "nope"}
    value = (await call(http, server, "core/create_auth_hash", {}, sid=owner))["authHash"]
    hashed = await call(http, server, "core/use_auth_hash", {"authHash": value, "operateAs": name})
    assert await call(http, server, "item/update_name", rename, sid=hashed["eid"]) == {"error": 7}
    dup = await call(
        http, server, "core/duplicate", {"operateAs": name, "continueCurrentSession": True},
        sid=owner,
    )  # fmt: skip
    assert await call(http, server, "item/update_name", rename, sid=dup["eid"]) == {"error": 7}
    # the owner's session kept its rights
    assert await call(http, server, "item/update_name", rename, sid=owner) == {"nm": "nope"}


async def test_a_subuser_cannot_create_for_the_owner(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await _as_subuser(http, server)
    user_id, _ = _subuser(server)
    units = len(server.world.units)
    unit = {"name": "made by a sub-user", "hwTypeId": 1, "dataFlags": 1}
    for_owner = {**unit, "creatorId": server.world.owner_id}
    assert await call(http, server, "core/create_unit", for_owner, sid=sid) == {"error": 7}
    assert len(server.world.units) == units
    made = await call(http, server, "core/create_unit", {**unit, "creatorId": user_id}, sid=sid)
    assert made["item"]["nm"] == "made by a sub-user"


async def test_a_subuser_cannot_command_configure_or_regroup(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await _as_subuser(http, server)
    owner = await login(http, server)
    unit_id = next(iter(server.world.units))
    hw_id = server.world.units[unit_id].hw
    group_id = next(iter(server.world.groups))
    calls = [
        ("unit/exec_cmd", {"itemId": unit_id, "commandName": "Engine block", "linkType": "",
                           "param": "", "timeout": 5, "flags": 0}),
        ("unit/update_hw_params", {"itemId": unit_id, "hwId": hw_id, "action": "set",
                                   "params": {}, "full_data": 0}),
        ("unit_group/update_units", {"itemId": group_id, "units": [unit_id]}),
    ]  # fmt: skip
    before = list(server.world.groups[group_id].units)
    for svc, params in calls:
        assert await call(http, server, svc, params, sid=sid) == {"error": 7}, svc
    assert server.world.groups[group_id].units == before
    # the owner may do all three
    for svc, params in calls:
        answer = await call(http, server, svc, params, sid=owner)
        assert not (isinstance(answer, dict) and answer.get("error")), (svc, answer)


async def _upload(
    http: aiohttp.ClientSession, server: MockServer, svc: str, params: Any, sid: str
) -> Any:
    form = aiohttp.FormData()
    form.add_field("params", json.dumps(params))
    form.add_field("eventHash", str(params.get("eventHash", "")))
    form.add_field("photo", b"\x89PNG\r\n\x1a\n", filename="a.png", content_type="image/png")
    url = f"{server.url}/wialon/ajax.html?svc={svc}&sid={sid}"
    async with http.post(url, data=form) as resp:
        return json.loads(await resp.read())


async def test_a_subuser_cannot_change_a_drivers_photo(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await _as_subuser(http, server)
    owner = await login(http, server)
    world = server.world
    res = world.resources[world.account_id]
    params = {"itemId": res.id, "driverId": int(next(iter(res.drivers))), "eventHash": "h1"}
    svc = "resource/upload_driver_image"
    assert await _upload(http, server, svc, params, sid) == {"error": 7}
    # no completion event for the refused upload
    assert (await call(http, server, "avl_evts", sid=sid))["events"] == []
    assert await _upload(http, server, svc, params, owner) == {}


async def test_a_subuser_sets_its_own_locale_only(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await _as_subuser(http, server)
    owner = await login(http, server)
    world = server.world
    me, _ = _subuser(server)
    other = next(u.id for u in world.users.values() if u.id != me)
    locale = {"fd": "%Y-%m-%E %H:%M:%S", "wd": 1}
    before = dict(world.users[other].locale)
    theirs = {"userId": other, "locale": locale}
    assert await call(http, server, "user/update_locale", theirs, sid) == {"error": 7}
    assert world.users[other].locale == before
    mine = {"userId": me, "locale": locale}
    # the answer echoes the stored locale (help.wialon.com .../user/update_locale)
    assert await call(http, server, "user/update_locale", mine, sid) == {"locale": locale}
    assert await call(http, server, "user/get_locale", {"userId": me}, sid) == locale
    # the owner may change anyone's
    assert await call(http, server, "user/update_locale", theirs, owner) == {"locale": locale}
