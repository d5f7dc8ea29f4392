"""Searches sorted by name read a kept-up-to-date name order; it must equal a fresh stable sort.

The oracle here sorts the item table from scratch (Python's sort is stable, so equal names keep
the table's order), after any mix of renames, creations and deletions done through the calls a
client makes.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wialon_mock.api import search
from wialon_mock.api.registry import dispatch, load_handlers
from wialon_mock.api.search import mask_matches
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model import state
from wialon_mock.model.errors import ApiError
from wialon_mock.model.names import NameOrder
from wialon_mock.model.state import World

SEED = 5
# few letters in both cases: equal names (ignoring case) happen often, so ties are exercised
NAMES = st.text(alphabet="aAbB", min_size=4, max_size=5)
OPS = st.lists(
    st.tuples(st.sampled_from(["rename", "create", "delete", "group"]), st.integers(0, 99), NAMES),
    max_size=12,
)


def new_world() -> World:
    """A small frozen world (the name order is built by the first search, then kept)."""
    load_handlers()
    return World(MockConfig(seed=SEED, units=12, clock_frozen=True))


def login(world: World) -> str:
    """A new session's sid."""
    return str(dispatch(world, "token/login", {"token": default_token(SEED)}, sid=None)["eid"])


def found_ids(
    world: World, sid: str, items_type: str, mask: str = "*", sort: str = "sys_name"
) -> list[int]:
    """Ids of every match of one search, in the order the server gives."""
    spec = {
        "itemsType": items_type,
        "propName": "sys_name",
        "propValueMask": mask,
        "sortType": sort,
    }
    params = {"spec": spec, "force": 1, "flags": 1, "from": 0, "to": 0}
    return [item["id"] for item in dispatch(world, "core/search_items", params, sid=sid)["items"]]


def oracle(table: dict[int, Any], mask: str = "*") -> list[int]:
    """The same search done the slow way: filter the table, then a stable sort by name."""
    items = [item for item in table.values() if mask_matches(mask, item.nm)]
    return [item.id for item in sorted(items, key=lambda item: item.nm.lower())]


def apply(world: World, sid: str, op: str, pick: int, name: str) -> None:
    """One change through the calls a client makes (a refused call changes nothing)."""
    units = list(world.units)
    try:
        if op == "rename" and units:
            params = {"itemId": units[pick % len(units)], "name": name}
            dispatch(world, "item/update_name", params, sid=sid)
        elif op == "create":
            params = {"creatorId": world.owner_id, "name": name, "hwTypeId": 1, "dataFlags": 1}
            dispatch(world, "core/create_unit", params, sid=sid)
        elif op == "delete" and units:
            dispatch(world, "item/delete_item", {"itemId": units[pick % len(units)]}, sid=sid)
        elif op == "group":
            params = {"creatorId": world.owner_id, "name": name, "dataFlags": 1}
            dispatch(world, "core/create_unit_group", params, sid=sid)
    except ApiError:
        pass


@settings(max_examples=40, deadline=None)
@given(ops=OPS, mask=st.sampled_from(["*", "a*", "*B?", "!*b*"]))
def test_name_order_survives_changes(ops: list[tuple[str, int, str]], mask: str) -> None:
    world = new_world()
    sid = login(world)
    # the first searches build the orders, so the changes below must keep them current
    assert found_ids(world, sid, "avl_unit") == oracle(world.units)
    assert found_ids(world, sid, "avl_unit_group") == oracle(world.groups)
    for op, pick, name in ops:
        apply(world, sid, op, pick, name)
        assert found_ids(world, sid, "avl_unit") == oracle(world.units)
    assert found_ids(world, sid, "avl_unit", mask) == oracle(world.units, mask)
    assert found_ids(world, sid, "avl_unit_group") == oracle(world.groups)


def test_descending_keeps_ties_in_table_order() -> None:
    world = new_world()
    sid = login(world)
    units = list(world.units)
    for unit_id, name in zip(units[:4], ["Same", "same", "Zed1", "SAME"], strict=True):
        dispatch(world, "item/update_name", {"itemId": unit_id, "name": name}, sid=sid)
    expected = [
        u.id for u in sorted(world.units.values(), key=lambda u: u.nm.lower(), reverse=True)
    ]
    assert found_ids(world, sid, "avl_unit", sort="!sys_name") == expected
    same = [i for i in found_ids(world, sid, "avl_unit") if world.units[i].nm.lower() == "same"]
    assert same == [units[0], units[1], units[3]]


def test_pages_join_into_the_whole_answer() -> None:
    world = new_world()
    sid = login(world)
    whole = found_ids(world, sid, "avl_unit")
    spec = {
        "itemsType": "avl_unit",
        "propName": "sys_name",
        "propValueMask": "*",
        "sortType": "sys_name",
    }
    pages: list[int] = []
    for start in range(0, len(whole), 5):
        params = {"spec": spec, "force": 1, "flags": 1, "from": start, "to": start + 4}
        answer = dispatch(world, "core/search_items", params, sid=sid)
        assert answer["totalItemsCount"] == len(whole)
        pages += [item["id"] for item in answer["items"]]
    assert pages == whole


def test_an_answer_is_not_changed_by_a_later_rename() -> None:
    world = new_world()
    sid = login(world)
    before = search.run(world, "avl_unit", "sys_name", "*", "sys_name", False)
    ids = [item.id for item in before[:]]
    first = ids[0]
    dispatch(world, "item/update_name", {"itemId": first, "name": "zzzz last"}, sid=sid)
    assert [item.id for item in before[:]] == ids
    assert [before[i].id for i in range(len(before))] == ids
    assert found_ids(world, sid, "avl_unit")[-1] == first


def test_large_fleet_order_is_ready_after_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "FREEZE_FLEET_UNITS", 50)
    try:
        world = World(MockConfig(seed=SEED, units=60, clock_frozen=True))
    finally:
        # a "large" fleet freezes the heap for the collector: give this process its gc back
        gc.unfreeze()
    assert "avl_unit" in world.name_orders
    order = world.name_orders["avl_unit"]
    expected = sorted((u.nm.lower(), u.id) for u in world.units.values())
    assert list(zip(order.names, order.ids, strict=True)) == expected
    assert "avl_unit" not in new_world().name_orders


def test_name_order_of_items_given_out_of_id_order() -> None:
    # tables hold items in id order; a NameOrder handed them in another order must still
    # break name ties by id
    world = World(MockConfig(seed=SEED, units=30, clock_frozen=True))
    units = list(world.units.values())
    for unit in units[::3]:
        unit.nm = "Same Name"
    shuffled = units[1::2] + units[::2]
    order = NameOrder(shuffled)
    expected = sorted((u.nm.lower(), u.id) for u in units)
    assert list(zip(order.names, order.ids, strict=True)) == expected
    assert list(zip(order.names, order.ids, strict=True)) == list(
        zip(NameOrder(units).names, NameOrder(units).ids, strict=True)
    )
