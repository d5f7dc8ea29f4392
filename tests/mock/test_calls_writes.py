"""Writes integrations make are visible to later reads, searches and avl_evts, over a socket."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from wialon_mock import MockServer

from .conftest import call, login


async def _evts(http: aiohttp.ClientSession, server: MockServer, sid: str) -> Any:
    async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
        return json.loads(await resp.read())


def _ids(server: MockServer) -> tuple[int, int]:
    world = server.world
    return sorted(world.units)[0], world.account_id


def _search(field: str, mask: str) -> dict[str, Any]:
    return {
        "spec": {"itemsType": "avl_unit", "propName": field, "propValueMask": mask,
                 "sortType": "sys_name"},
        "force": 1, "flags": 1, "from": 0, "to": 0,
    }  # fmt: skip


async def test_custom_field_is_read_searched_and_announced(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit, _ = _ids(server)
    spec = {"spec": [{"type": "id", "data": unit, "flags": 0x9, "mode": 0}]}
    await call(http, server, "core/update_data_flags", spec, sid)
    made = await call(
        http, server, "item/update_custom_field",
        {"itemId": unit, "id": 0, "callMode": "create", "n": "Depot", "v": "North yard"}, sid,
    )  # fmt: skip
    item = (await call(http, server, "core/search_item", {"id": unit, "flags": 8}, sid))["item"]
    assert item["flds"][str(made[0])] == {"id": made[0], "n": "Depot", "v": "North yard"}
    found = await call(
        http, server, "core/search_items", _search("rel_customfield_value", "*yard"), sid
    )
    assert [i["id"] for i in found["items"]] == [unit]
    events = (await _evts(http, server, sid))["events"]
    assert any(e["i"] == unit and e.get("t") == "u" and "flds" in e["d"] for e in events)


async def test_custom_property_announces_the_changed_property_only(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit, _ = _ids(server)
    spec = {"spec": [{"type": "id", "data": unit, "flags": 0x3, "mode": 0}]}
    await call(http, server, "core/update_data_flags", spec, sid)
    params = {"itemId": unit, "name": "color", "value": "blue"}
    assert await call(http, server, "item/update_custom_property", params, sid) == {
        "n": "color",
        "v": "blue",
    }
    events = (await _evts(http, server, sid))["events"]
    assert {"i": unit, "t": "u", "d": {"prpu": {"color": "blue"}}} in events
    item = (await call(http, server, "core/search_item", {"id": unit, "flags": 2}, sid))["item"]
    assert item["prp"]["color"] == "blue"


async def test_polygon_geofence_is_found_by_point_then_deleted(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    _, res = _ids(server)
    square = [{"x": 10.0, "y": 50.0}, {"x": 10.1, "y": 50.0}, {"x": 10.1, "y": 50.1},
              {"x": 10.0, "y": 50.1}]  # fmt: skip
    made = await call(
        http, server, "resource/update_zone",
        {"itemId": res, "id": 0, "callMode": "create", "n": "Square", "t": 2, "p": square}, sid,
    )  # fmt: skip
    zone_id = made[0]
    by_point = {"spec": {"lat": 50.05, "lon": 10.05, "zoneId": {str(res): [zone_id]}}}
    assert await call(http, server, "resource/get_zones_by_point", by_point, sid) == [
        {str(res): [zone_id]}
    ]
    outside = {"spec": {"lat": 50.2, "lon": 10.05, "zoneId": {str(res): [zone_id]}}}
    assert await call(http, server, "resource/get_zones_by_point", outside, sid) == [{str(res): []}]
    item = (await call(http, server, "core/search_item", {"id": res, "flags": 0x1000}, sid))["item"]
    assert item["zl"][str(zone_id)]["t"] == 2
    data = await call(
        http, server, "resource/get_zone_data", {"itemId": res, "col": [zone_id], "flags": 0x3}, sid
    )
    # about 7.2 km x 11.1 km at 50 degrees north
    assert 70e6 < data[0]["ar"] < 90e6
    gone = {"itemId": res, "id": zone_id, "callMode": "delete"}
    assert await call(http, server, "resource/update_zone", gone, sid) == [zone_id, None]
    assert await call(http, server, "resource/update_zone", gone, sid) == {"error": 6}


async def test_item_access_limits_what_the_other_user_finds(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    owner_sid = await login(http, server)
    world = server.world
    sub = next(u for u in world.users.values() if not u.is_owner)
    unit, _ = _ids(server)
    sub_sid = (
        await call(http, server, "token/login", {"token": server.token, "operateAs": sub.nm})
    )["eid"]
    everything = await call(http, server, "core/search_items", _search("sys_name", "*"), sub_sid)
    revoke = {"userId": sub.id, "itemId": unit, "accessMask": 0}
    assert await call(http, server, "user/update_item_access", revoke, owner_sid) == {}
    after = await call(http, server, "core/search_items", _search("sys_name", "*"), sub_sid)
    assert after["totalItemsCount"] == everything["totalItemsCount"] - 1
    assert unit not in [i["id"] for i in after["items"]]
    assert await call(http, server, "core/search_item", {"id": unit, "flags": 1}, sub_sid) == {
        "error": 7
    }
    grant = {"userId": sub.id, "itemId": unit, "accessMask": 0x3}
    await call(http, server, "user/update_item_access", grant, owner_sid)
    seen = await call(http, server, "core/search_item", {"id": unit, "flags": 1}, sub_sid)
    assert seen["item"]["uacl"] == 0x3, "uacl shows the user's own mask"
    back = await call(http, server, "core/search_items", _search("sys_name", "*"), sub_sid)
    assert back["totalItemsCount"] == everything["totalItemsCount"]


async def test_deleted_message_is_gone_from_later_loads(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit, _ = _ids(server)
    now = server.world.now()
    load = {"itemId": unit, "timeFrom": now - 3600, "timeTo": now, "flags": 0, "flagsMask": 0,
            "loadCount": 10}  # fmt: skip
    first = await call(http, server, "messages/load_interval", load, sid)
    assert await call(http, server, "messages/delete_message", {"msgIndex": 1}, sid) == {}
    again = await call(http, server, "messages/load_interval", load, sid)
    assert again["count"] == first["count"] - 1
    assert first["messages"][1]["t"] not in [m["t"] for m in again["messages"]]
    last = {"msgIndex": again["count"] - 1}
    assert await call(http, server, "messages/delete_message", last, sid) == {"error": 4}


async def test_sensor_and_command_writes_show_in_the_unit(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit, _ = _ids(server)
    sensor = await call(
        http, server, "unit/update_sensor",
        {"itemId": unit, "id": 0, "callMode": "create", "n": "Door", "t": "digital", "d": "",
         "m": "Open/Closed", "p": "in2", "f": 0, "c": "", "vt": 0, "vs": 0, "tbl": []}, sid,
    )  # fmt: skip
    item = (await call(http, server, "core/search_item", {"id": unit, "flags": 0x1000}, sid))[
        "item"
    ]
    assert item["sens"][str(sensor[0])]["n"] == "Door"
    command = await call(
        http, server, "unit/update_command_definition",
        {"itemId": unit, "id": 0, "callMode": "create", "n": "Stop", "c": "block_engine",
         "l": "gsm", "p": "", "a": 16777216}, sid,
    )  # fmt: skip
    listed = await call(
        http,
        server,
        "unit/get_command_definition_data",
        {"itemId": unit, "col": [command[0], 1]},
        sid,
    )
    assert [c["id"] for c in listed] == [command[0], 1]


async def test_params_as_empty_array_means_no_params(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    # python-wialon sends params=[] for calls without keywords, e.g. its README's core_logout()
    sid = await login(http, server)
    form = {"svc": "core/logout", "params": "[]", "sid": sid}
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        assert json.loads(await resp.read()) == {"error": 0}


async def test_created_token_logs_in_and_deleted_one_does_not(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    made = await call(
        http, server, "token/update",
        {"callMode": "create", "app": "integration", "at": 0, "dur": 0, "fl": -1, "p": "{}"}, sid,
    )  # fmt: skip
    assert len(made["h"]) == 72
    assert "eid" in await call(http, server, "token/login", {"token": made["h"]})
    listed = await call(http, server, "token/list", {}, sid)
    assert made["h"] in [t["h"] for t in listed]
    await call(http, server, "token/update", {"callMode": "delete", "h": made["h"]}, sid)
    assert await call(http, server, "token/login", {"token": made["h"]}) == {"error": 8}


async def test_inactive_units_can_be_skipped_per_session(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit, _ = _ids(server)
    assert await call(http, server, "unit/set_active", {"itemId": unit, "active": 0}, sid) == {
        "active": 0
    }
    before = await call(http, server, "core/search_items", _search("sys_name", "*"), sid)
    prop = {"prop_name": "skip_nonactive_items", "prop_value": "1"}
    assert await call(http, server, "core/set_session_property", prop, sid) == {}
    after = await call(http, server, "core/search_items", _search("sys_name", "*"), sid)
    assert after["totalItemsCount"] == before["totalItemsCount"] - 1


async def test_disabled_user_cannot_log_in(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, server)
    sub = next(u for u in server.world.users.values() if not u.is_owner)
    flags = {"userId": sub.id, "flags": 0x1, "flagsMask": 0x1}
    assert (await call(http, server, "user/update_user_flags", flags, sid))["fl"] & 0x1
    as_sub = {"token": server.token, "operateAs": sub.nm}
    assert await call(http, server, "token/login", as_sub) == {"error": 7}


async def test_reverse_geocoding_names_the_generated_streets(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    reply = await call(http, server, "core/duplicate", {"restore": 1}, sid)
    base = reply["gis_geocode"]
    assert base == server.url
    unit, _ = _ids(server)
    pos = (await call(http, server, "core/search_item", {"id": unit, "flags": 0x400}, sid))["item"][
        "pos"
    ]
    coords = json.dumps([{"lon": pos["x"], "lat": pos["y"]}])
    query = {"coords": coords, "flags": "1255211008", "gis_sid": reply["gis_sid"]}
    async with http.get(f"{base}/localhost/gis_geocode", params=query) as resp:
        [address] = json.loads(await resp.read())
    street = address.split(", ")[0]  # the default format starts with the street, then house
    # the street found by reverse geocoding is found again by address search
    search = {"street": street, "flags": "3", "count": "5",
              "gis_sid": reply["gis_sid"]}  # fmt: skip
    async with http.get(f"{base}/gis_search", params=search) as resp:
        found = json.loads(await resp.read())
    assert found["items"], (address, found)


async def test_driver_binding_shows_in_unit_drivers_and_history(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    unit, res = _ids(server)
    world = server.world
    driver = int(next(iter(world.resources[res].drivers)))
    now = world.now()
    bind = {"resourceId": res, "unitId": unit, "driverId": driver, "time": now - 60, "mode": 1}
    assert await call(http, server, "resource/bind_unit_driver", bind, sid) == {}
    drivers = await call(http, server, "resource/get_unit_drivers", {"unitId": unit}, sid)
    assert [d["id"] for d in drivers[str(res)]] == [str(driver)]
    unbind = {**bind, "time": now, "mode": 0}
    await call(http, server, "resource/bind_unit_driver", unbind, sid)
    assert await call(http, server, "resource/get_unit_drivers", {"unitId": unit}, sid) == {}
    history = await call(
        http, server, "resource/get_driver_bindings",
        {"resourceId": res, "unitId": unit, "driverId": 0, "timeFrom": now - 3600, "timeTo": now},
        sid,
    )  # fmt: skip
    assert history == {str(driver): [{"t": now - 60, "u": unit}, {"t": now, "u": 0}]}
