"""core/search_items, core/search_item, core/batch, core/update_data_flags and friends."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wialon_mock.api.registry import dispatch
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model.errors import ApiError
from wialon_mock.model.state import World

START = 1_750_000_000
ALL_FLAGS = 0x3FFFFFFFFFFFFFFF


@pytest.fixture
def world() -> World:
    """A frozen world of 12 units."""
    return World(MockConfig(seed=11, units=12, clock_start=START, clock_frozen=True))


@pytest.fixture
def sid(world: World) -> str:
    """A logged-in session."""
    reply = dispatch(world, "token/login", {"token": default_token(11)}, sid=None)
    return str(reply["eid"])


def call(world: World, svc: str, params: Any, sid: str | None) -> Any:
    """Run one call; an API error comes back as its body, like on the wire."""
    try:
        return dispatch(world, svc, params, sid=sid)
    except ApiError as exc:
        return exc.body()


def search(world: World, sid: str, items_type: str = "avl_unit", **kw: Any) -> dict[str, Any]:
    """core/search_items with sys_name defaults."""
    spec = {
        "itemsType": items_type,
        "propName": kw.pop("propName", "sys_name"),
        "propValueMask": kw.pop("mask", "*"),
        "sortType": kw.pop("sortType", "sys_name"),
    }
    spec.update(kw.pop("spec", {}))
    params = {"spec": spec, "force": 1, "flags": kw.pop("flags", 1), "from": 0, "to": 0, **kw}
    result = call(world, "core/search_items", params, sid)
    assert isinstance(result, dict)
    return result


def compact(value: Any) -> str:
    """Encode as the wire does."""
    return json.dumps(value, separators=(",", ":"))


def test_search_echoes_spec_and_pages(world: World, sid: str) -> None:
    first = search(world, sid, "avl_unit", **{"from": 2, "to": 5})
    assert list(first) == [
        "searchSpec", "dataFlags", "totalItemsCount", "indexFrom", "indexTo", "items",
    ]  # fmt: skip
    assert first["searchSpec"] == {
        "itemsType": "avl_unit",
        "propName": "sys_name",
        "propValueMask": "*",
        "sortType": "sys_name",
        "propType": "",
        "or_logic": "0",
    }
    assert (first["totalItemsCount"], first["indexFrom"], first["indexTo"]) == (12, 2, 5)
    assert len(first["items"]) == 4
    everything = search(world, sid)
    names = [i["nm"] for i in everything["items"]]
    assert names == sorted(names, key=str.lower)
    assert [i["nm"] for i in first["items"]] == names[2:6]


def test_search_descending_and_by_id(world: World, sid: str) -> None:
    desc = [i["nm"] for i in search(world, sid, sortType="!sys_name")["items"]]
    assert desc == sorted(desc, key=str.lower, reverse=True)
    ids = [i["id"] for i in search(world, sid, sortType="sys_id")["items"]]
    assert ids == sorted(ids)
    assert all(isinstance(i, int) for i in ids)


def test_search_masks(world: World, sid: str) -> None:
    unit = next(iter(world.units.values()))
    exact = search(world, sid, mask=unit.nm.upper())
    assert [i["id"] for i in exact["items"]] == [unit.id]
    prefix = unit.nm.split()[0]
    starred = search(world, sid, mask=f"{prefix}*")["items"]
    assert starred
    assert all(i["nm"].startswith(prefix) for i in starred)
    one_char = search(world, sid, mask=unit.nm[:-1] + "?")["items"]
    assert unit.id in [i["id"] for i in one_char]
    assert search(world, sid, mask="no such unit*")["totalItemsCount"] == 0
    by_uid = search(world, sid, propName="sys_name|sys_unique_id", mask=unit.uid)
    assert [i["id"] for i in by_uid["items"]] == [unit.id]


def test_search_comparison_prefix(world: World, sid: str) -> None:
    ids = sorted(world.units)
    found = search(world, sid, propName="sys_id", mask=f">={ids[6]}")["items"]
    assert sorted(i["id"] for i in found) == ids[6:]


def test_search_empty_result_shape(world: World, sid: str) -> None:
    empty = search(world, sid, mask="zzz-nothing")
    assert (empty["totalItemsCount"], empty["indexFrom"], empty["indexTo"]) == (0, 0, 0)
    assert empty["items"] == []


def test_search_flags_qa_shape(world: World, sid: str) -> None:
    unit = sorted(world.units.values(), key=lambda u: u.nm.lower())[0]
    item = search(world, sid, flags=261, to=0)["items"][0]
    assert list(item) == [
        "nm", "cls", "id", "mu", "crt", "bact", "hw", "uid", "uid2", "ph", "ph2", "psw",
        "act", "dactt", "uacl",
    ]  # fmt: skip
    assert item["uacl"] == 880333094911
    assert item["id"] == unit.id
    assert isinstance(item["hw"], int)
    assert isinstance(item["ph"], str)


@pytest.mark.parametrize("flags", [1025, "1025", str(ALL_FLAGS), ALL_FLAGS, 2**64 - 1])
def test_flags_as_numbers_or_strings(world: World, sid: str, flags: Any) -> None:
    result = search(world, sid, flags=flags)
    item = result["items"][0]
    assert "pos" in item
    assert "lmsg" in item
    assert item["pos"]["t"] == item["lmsg"]["t"] <= START


def test_search_other_types(world: World, sid: str) -> None:
    res = search(world, sid, "avl_resource", flags=0x1 | 0x100 | 0x1000)["items"]
    assert all(r["cls"] == 3 for r in res)
    assert all(r["drvrs"] and r["zl"] for r in res)
    groups = search(world, sid, "avl_unit_group")["items"]
    assert list(groups[0]) == ["nm", "cls", "id", "mu", "u", "uacl"]
    users = search(world, sid, "user", flags=0x101)["items"]
    assert {u["id"] for u in users} >= {world.owner_id}
    hw = search(world, sid, "avl_hw")["items"]
    assert all(h["cls"] == 4 for h in hw)
    assert call(world, "core/search_items", {"spec": {"itemsType": "bogus"}, "flags": 1}, sid) == {
        "error": 4
    }


@pytest.mark.parametrize(
    "params",
    [None, [], {"spec": "x"}, {"spec": {}}, {"spec": {"itemsType": "avl_unit"}, "from": -1}],
)
def test_search_bad_params(world: World, sid: str, params: Any) -> None:
    assert call(world, "core/search_items", params, sid) == {"error": 4}


def test_search_item_qa_shape(world: World, sid: str) -> None:
    unit = next(iter(world.units.values()))
    result = call(world, "core/search_item", {"id": unit.id, "flags": 1}, sid)
    assert compact(result) == compact(
        {
            "item": {"nm": unit.nm, "cls": 2, "id": unit.id, "mu": 0, "uacl": 880333094911},
            "flags": 1,
        }
    )
    assert call(world, "core/search_item", {"id": 1, "flags": 1}, sid) == {"error": 7}
    assert call(world, "core/search_item", {"flags": 1}, sid) == {"error": 4}


def test_all_flags_cover_the_wlp_keys(world: World, sid: str) -> None:
    unit = next(iter(world.units.values()))
    item = call(world, "core/search_item", {"id": unit.id, "flags": ALL_FLAGS}, sid)["item"]
    for key in ("prp", "uid", "uid2", "ph", "ph2", "psw", "hw", "cfl", "cnm", "cneh", "cnkb"):
        assert key in item
    for key in ("rtd", "sens", "flds", "aflds", "si", "rfc", "pflds"):
        assert key in item
    res = call(world, "core/search_item", {"id": world.account_id, "flags": ALL_FLAGS}, sid)
    for key in ("zl", "ujb", "unf", "rep", "drvrs", "trlrs", "tags"):
        assert key in res["item"]


def test_batch_both_forms(world: World, sid: str) -> None:
    unit = next(iter(world.units.values()))
    calls = [
        {"svc": "core/search_item", "params": {"id": unit.id, "flags": 1}},
        {"svc": "core/search_item", "params": {"id": 1, "flags": 1}},
        {"svc": "core/check_unique", "params": {"type": "avl_unit", "value": unit.nm}},
    ]
    plain = call(world, "core/batch", calls, sid)
    assert plain[0]["item"]["id"] == unit.id
    assert plain[1:] == [{"error": 7}, {"result": 1}]
    wrapped = call(world, "core/batch", {"params": calls, "flags": 0}, sid)
    assert wrapped == plain


def test_batch_stop_on_error_fills_the_tail(world: World, sid: str) -> None:
    unit = next(iter(world.units.values()))
    calls = [
        {"svc": "core/search_item", "params": {"id": unit.id, "flags": 1}},
        {"svc": "no/such_call", "params": {}},
        {"svc": "core/search_item", "params": {"id": unit.id, "flags": 1}},
        {"svc": "core/search_item", "params": {"id": unit.id, "flags": 1}},
    ]
    result = call(world, "core/batch", {"params": calls, "flags": 1}, sid)
    assert len(result) == 4
    assert result[1:] == [{"error": 2}, {"error": 10}, {"error": 10}]


def test_batch_refusals(world: World, sid: str) -> None:
    nested = [{"svc": "core/batch", "params": []}, "not a call", {"params": {}}]
    assert call(world, "core/batch", nested, sid) == [{"error": 4}] * 3
    assert call(world, "core/batch", {"params": "x"}, sid) == {"error": 4}
    assert call(world, "core/batch", 5, sid) == {"error": 4}
    assert call(world, "core/batch", [], sid) == []


def test_batch_item_fault_hook(world: World, sid: str) -> None:
    def hook(svc: str) -> ApiError | None:
        return ApiError(5) if svc == "core/check_unique" else None

    calls = [
        {"svc": "core/check_unique", "params": {"type": "avl_unit", "value": "x"}},
        {"svc": "core/search_item", "params": {"id": world.owner_id, "flags": 1}},
    ]
    result = dispatch(world, "core/batch", calls, sid=sid, batch_fault=hook)
    assert result[0] == {"error": 5}
    assert "item" in result[1]


def test_update_data_flags_modes(world: World, sid: str) -> None:
    unit = next(iter(world.units.values()))
    add = {"spec": [{"type": "id", "data": unit.id, "flags": 32, "mode": 1}]}
    assert compact(call(world, "core/update_data_flags", add, sid)) == compact(
        [{"i": unit.id, "d": {}, "f": 32}]
    )
    more = {"spec": [{"type": "id", "data": unit.id, "flags": 1, "mode": 1}]}
    [entry] = call(world, "core/update_data_flags", more, sid)
    assert entry["f"] == 33
    assert entry["d"]["nm"] == unit.nm
    replace = {"spec": [{"type": "col", "data": [unit.id], "flags": 1025, "mode": 0}]}
    [entry] = call(world, "core/update_data_flags", replace, sid)
    assert entry["f"] == 1025
    assert "pos" in entry["d"]
    remove = {"spec": [{"type": "id", "data": unit.id, "flags": 1024, "mode": 2}]}
    assert call(world, "core/update_data_flags", remove, sid) == [{"i": unit.id, "d": None, "f": 1}]
    other = sorted(world.units)[-1]
    unknown = {"spec": [{"type": "id", "data": other, "flags": 1, "mode": 2}]}
    assert call(world, "core/update_data_flags", unknown, sid) == []


def test_update_data_flags_by_type(world: World, sid: str) -> None:
    spec = {"spec": [{"type": "type", "data": "avl_unit", "flags": 1, "mode": 0}]}
    result = call(world, "core/update_data_flags", spec, sid)
    assert sorted(e["i"] for e in result) == sorted(world.units)
    bad = {"spec": [{"type": "type", "data": "nonsense", "flags": 1, "mode": 0}]}
    assert call(world, "core/update_data_flags", bad, sid) == {"error": 4}
    assert call(world, "core/update_data_flags", {"spec": [{"type": "x"}]}, sid) == {"error": 4}
    assert call(world, "core/update_data_flags", {}, sid) == {"error": 4}


def test_hw_types_qa_shape(world: World, sid: str) -> None:
    every = call(world, "core/get_hw_types", {}, sid)
    assert len(every) > 5
    params = {"filterType": "name", "filterValue": ["ATrack"], "includeType": 1}
    [hw] = call(world, "core/get_hw_types", params, sid)
    # the QA suite's exact element, apart from the id the server assigns
    assert compact(hw) == compact(
        {
            "id": hw["id"],
            "uid2": 1,
            "name": "ATrack",
            "hw_category": "auto",
            "tp": "20219",
            "up": "20219",
        }
    )
    by_id = call(world, "core/get_hw_types", {"filterType": "id", "filterValue": [hw["id"]]}, sid)
    assert [h["name"] for h in by_id] == ["ATrack"]
    by_feature = {"filterType": "feature", "filterValue": ["video"]}
    assert call(world, "core/get_hw_types", by_feature, sid) == []
    assert len(call(world, "core/get_hw_types", {}, sid)) == 12


def test_account_data_and_check_unique(world: World, sid: str) -> None:
    short = call(world, "core/get_account_data", {"type": 1}, sid)
    assert short["services"]["avl_unit"]["usage"] == 12
    assert "settings" not in short
    detailed = call(world, "core/get_account_data", {"type": 2}, sid)
    settings = detailed["settings"]
    # sdk.wialon.com .../apiref/core/get_account_data: the settings balance is a number (the
    # top-level one is text with currency), and plan/personal/combined share one format
    assert type(settings["balance"]) is float
    assert type(detailed["balance"]) is str
    for part in ("plan", "personal", "combined"):
        block = settings[part]
        assert list(block) == [
            "flags", "blockBalance", "denyBalance", "minDaysCounter", "historyPeriod", "services",
        ]  # fmt: skip
        assert block["services"]["avl_unit"]["usage"] == 12
    assert call(world, "core/get_account_data", {"type": 3}, sid) == {"error": 4}
    res = world.resources[world.account_id]
    assert call(world, "core/check_unique", {"type": "avl_resource", "value": res.nm}, sid) == {
        "result": 1
    }
    assert call(world, "core/check_unique", {"type": "user", "value": "free-name"}, sid) == {
        "result": 0
    }


def test_create_unit_and_group(world: World, sid: str) -> None:
    params = {"creatorId": world.owner_id, "name": "New van", "hwTypeId": 1, "dataFlags": 0x101}
    created = call(world, "core/create_unit", params, sid)
    assert list(created) == ["item", "flags"]
    assert created["flags"] == 0x101
    item = created["item"]
    assert (item["nm"], item["cls"], item["hw"], item["uacl"]) == ("New van", 2, 1, 880333094911)
    assert search(world, sid, mask="New van")["items"][0]["id"] == item["id"]
    # a unit made now has no history yet, then reports like any other
    load = {"itemId": item["id"], "timeFrom": 0, "timeTo": START, "flags": 0, "flagsMask": 0}
    assert call(world, "messages/load_interval", load, sid)["count"] <= 1
    group = call(world, "core/create_unit_group", {"name": "Night shift", "dataFlags": 1}, sid)
    assert group["item"]["u"] == []
    update = {"itemId": group["item"]["id"], "units": [item["id"]]}
    assert call(world, "unit_group/update_units", update, sid) == {"u": [item["id"]]}
    assert call(world, "core/create_unit", {**params, "name": "ab"}, sid) == {"error": 4}
    assert call(world, "core/create_unit", {**params, "hwTypeId": 999}, sid) == {"error": 4}
    assert call(world, "core/create_unit", {**params, "creatorId": 5}, sid) == {"error": 7}


def test_force_zero_reuses_the_sessions_earlier_search(world: World, sid: str) -> None:
    # sdk.wialon.com .../apiref/core/search_items: "force 0 - if such search has been done,
    # then return cached result, 1 - to do a new search"; so pages read with force 0 come
    # from one snapshot even when items appear or go between them
    before = search(world, sid, force=1)
    ids = [item["id"] for item in before["items"]]
    params = {"creatorId": world.owner_id, "name": "Aardvark van", "hwTypeId": 1, "dataFlags": 1}
    new_id = call(world, "core/create_unit", params, sid)["item"]["id"]
    cached = search(world, sid, force=0)
    assert cached["totalItemsCount"] == 12
    assert [item["id"] for item in cached["items"]] == ids
    # the cached ids are rendered with today's data and the data flags of this request
    assert call(world, "item/update_name", {"itemId": ids[0], "name": "Zebra van"}, sid)
    renamed = search(world, sid, force=0, flags=0x101)
    assert renamed["items"][0]["nm"] == "Zebra van"
    assert "hw" in renamed["items"][0]
    # an item deleted since is left out of the page rather than breaking the call
    assert call(world, "item/delete_item", {"itemId": ids[1]}, sid) == {}
    assert ids[1] not in [item["id"] for item in search(world, sid, force=0)["items"]]
    fresh = search(world, sid, force=1)
    assert fresh["totalItemsCount"] == 12
    assert fresh["items"][0]["id"] == new_id
    # another search (other mask) has no cache yet: force 0 searches, then keeps that result
    assert search(world, sid, force=0, mask="Aard*")["totalItemsCount"] == 1
    # and a session's cache is its own
    other = str(dispatch(world, "token/login", {"token": default_token(11)}, sid=None)["eid"])
    assert search(world, other, force=0)["items"][0]["id"] == new_id
