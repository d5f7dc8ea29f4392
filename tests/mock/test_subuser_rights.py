"""A session opened ``operateAs`` a sub-user reads the account's items but cannot change them."""

from __future__ import annotations

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
    rename = {"itemId": unit["id"], "name": "renamed by a sub-user"}
    assert await call(http, server, "item/update_name", rename, sid=sid) == {"error": 7}
    assert await call(http, server, "item/delete_item", {"itemId": unit["id"]}, sid=sid) == {
        "error": 7
    }
    # nothing changed: the owner still sees the unit under its name
    owner = await login(http, server)
    again = await call(http, server, "core/search_items", SEARCH, sid=owner)
    assert again["items"] == units["items"]
    assert await call(http, server, "item/update_name", rename, sid=owner) == {
        "nm": "renamed by a sub-user"
    }


async def test_a_subuser_may_rename_itself(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await _as_subuser(http, server)
    user_id, _ = _subuser(server)
    answer = await call(
        http, server, "item/update_name", {"itemId": user_id, "name": "me2"}, sid=sid
    )
    assert answer == {"nm": "me2"}


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
