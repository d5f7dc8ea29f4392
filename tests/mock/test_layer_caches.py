"""What the layers above the model derive from it is theirs, and ends with what it came from.

The search results and each session's ``force:0`` snapshots belong to ``api/search.py``, the
delivery plans to ``model/delivery.py``; none is a field of ``World`` or ``Session``. They are
held by weak keys, so a session that ends, or a world that goes away, leaves nothing behind.
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

from wialon_mock.api.registry import dispatch, load_handlers
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model.state import World

SEED = 3
ALL_UNITS = {
    "spec": {
        "itemsType": "avl_unit",
        "propName": "sys_name",
        "propValueMask": "*",
        "sortType": "sys_name",
    },
    "flags": 1,
    "from": 0,
    "to": 0,
}


def new_world() -> World:
    load_handlers()
    return World(MockConfig(seed=SEED, units=6, clock_frozen=True))


def login(world: World) -> str:
    return str(dispatch(world, "token/login", {"token": default_token(SEED)}, sid=None)["eid"])


def search(world: World, sid: str, force: int) -> Any:
    return dispatch(world, "core/search_items", {**ALL_UNITS, "force": force}, sid=sid)


def test_a_force0_snapshot_belongs_to_the_session_that_searched() -> None:
    world = new_world()
    first, second = login(world), login(world)
    assert search(world, first, 1)["totalItemsCount"] == 6
    victim = search(world, first, 1)["items"][0]["id"]
    dispatch(world, "item/delete_item", {"itemId": victim}, sid=first)
    # the first session pages through the result it got before the deletion
    assert search(world, first, 0)["totalItemsCount"] == 6
    # the second one has no snapshot of its own: force 0 searches anew
    assert search(world, second, 0)["totalItemsCount"] == 5


def test_a_session_that_ends_leaves_no_snapshot_or_plan_behind() -> None:
    world = new_world()
    sid = login(world)
    unit = search(world, sid, 1)["items"][0]["id"]
    spec = [{"type": "id", "data": unit, "flags": 0x401, "mode": 0}]
    dispatch(world, "core/update_data_flags", {"spec": spec}, sid=sid)
    dispatch(world, "avl_evts", {}, sid=sid)  # makes the session's delivery plan
    search(world, sid, 0)  # and a force:0 snapshot
    gone = weakref.ref(world.sessions[sid])
    dispatch(world, "core/logout", {}, sid=sid)
    gc.collect()
    assert gone() is None


def test_a_world_that_goes_away_takes_its_search_results_with_it() -> None:
    world = new_world()
    search(world, login(world), 1)
    gone = weakref.ref(world)
    del world
    gc.collect()
    assert gone() is None
