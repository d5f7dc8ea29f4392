"""avl_evts message delivery against an oracle built from the schedule functions of ``sim``.

The delivery walks a per-session plan (units grouped by interval and phase) for short spans and
the units one by one for long ones; both must give exactly what the oracle gives: every message
``t`` with ``max(cursor, registration, creation) < t <= end``, in (time, unit id) order.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest

from wialon_mock import Limits
from wialon_mock.api.registry import dispatch, load_handlers
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model import delivery, sim
from wialon_mock.model.state import World

START = 1_750_000_000
SEED = 13


@pytest.fixture
def world() -> World:
    """A frozen world of 60 units."""
    load_handlers()
    config = MockConfig(seed=SEED, units=60, clock_start=START, clock_frozen=True)
    config.limits = Limits.off()  # long clock jumps must not expire the session
    return World(config)


def login(world: World) -> str:
    """A new session's sid."""
    return str(dispatch(world, "token/login", {"token": default_token(SEED)}, sid=None)["eid"])


def register(world: World, sid: str, ids: list[int], flags: int, mode: int = 0) -> None:
    """core/update_data_flags for a collection of ids."""
    spec = {"spec": [{"type": "col", "data": ids, "flags": flags, "mode": mode}]}
    dispatch(world, "core/update_data_flags", spec, sid=sid)


def poll(world: World, sid: str) -> list[dict[str, Any]]:
    """The events of one avl_evts."""
    events: list[dict[str, Any]] = dispatch(world, "avl_evts", {}, sid=sid)["events"]
    return events


def oracle(world: World, since: dict[int, int], lo: int, hi: int) -> list[tuple[int, int]]:
    """(time, unit id) of every message due for units watched since the given times."""
    due = []
    for unit_id, start in since.items():
        unit = world.units[unit_id]
        due += [(t, unit_id) for t in sim.times_between(unit, max(lo, start), hi)]
    return sorted(due)


def keys(events: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(time, unit id) of message events (whole messages and position-only updates)."""
    out = []
    for event in events:
        data = event["d"]
        out.append((data["t"] if event["t"] == "m" else data["pos"]["t"], event["i"]))
    return out


@pytest.fixture(params=["plan", "by_unit"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test through the plan walk only, then through the unit-by-unit walk only."""
    walk_seconds = request.param == "plan"
    monkeypatch.setattr(delivery.Plan, "fits", lambda self, cursor, end: walk_seconds)
    return str(request.param)


def test_each_message_once_in_order(world: World, path: str) -> None:
    sid = login(world)
    ids = list(world.units)[::2]
    register(world, sid, ids, 0x401)
    since = dict.fromkeys(ids, START)
    cursor = START
    for step in (1, 14, 15, 29, 61, 3600, 2):
        world.advance(step)
        events = poll(world, sid)
        assert keys(events) == oracle(world, since, cursor, world.now())
        for event in events:
            assert event["d"] == sim.message(world.units[event["i"]], event["d"]["t"], SEED)
        cursor = world.now()


def test_registration_changes_between_polls(world: World, path: str) -> None:
    sid = login(world)
    units = list(world.units)
    first, later = units[:20], units[20:]
    register(world, sid, first, 0x401)
    world.advance(40)
    register(world, sid, later, 0x401, mode=1)  # joins 40 s in, before the first poll
    world.advance(20)
    since = {**dict.fromkeys(first, START), **dict.fromkeys(later, START + 40)}
    assert keys(poll(world, sid)) == oracle(world, since, START, START + 60)
    register(world, sid, first[:5], 0x401, mode=2)  # leaves
    world.advance(50)
    since = {unit_id: at for unit_id, at in since.items() if unit_id not in first[:5]}
    assert keys(poll(world, sid)) == oracle(world, since, START + 60, START + 110)


def test_switch_to_position_only_is_seen(world: World, path: str) -> None:
    sid = login(world)
    ids = list(world.units)[:10]
    register(world, sid, ids, 0x401)
    world.advance(60)
    assert {event["t"] for event in poll(world, sid)} == {"m"}
    register(world, sid, ids, 0x400001)  # same units, now position only
    world.advance(60)
    events = poll(world, sid)
    assert events
    assert {event["t"] for event in events} == {"u"}
    for event in events:
        pos = event["d"]["pos"]
        assert pos == {"t": pos["t"], **sim.message(world.units[event["i"]], pos["t"], SEED)["pos"]}


def test_deleted_unit_stops_reporting(world: World, path: str) -> None:
    sid = login(world)
    ids = list(world.units)[:8]
    register(world, sid, ids, 0x401)
    world.advance(30)
    poll(world, sid)
    dispatch(world, "item/delete_item", {"itemId": ids[0]}, sid=sid)
    world.advance(90)
    events = poll(world, sid)
    messages = [event for event in events if event["t"] == "m"]
    assert keys(messages) == oracle(world, dict.fromkeys(ids[1:], START), START + 30, START + 120)
    assert {"i": ids[0], "t": "d"} in events


@pytest.mark.parametrize("host_enabled", [True, False])
def test_collector_state_is_restored(
    world: World, monkeypatch: pytest.MonkeyPatch, host_enabled: bool
) -> None:
    monkeypatch.setattr(delivery, "PAUSE_GC_FROM", 1)
    sid = login(world)
    register(world, sid, list(world.units), 0x401)
    world.advance(60)
    was = gc.isenabled()
    try:
        if not host_enabled:
            gc.disable()
        assert poll(world, sid)
        assert gc.isenabled() == host_enabled
    finally:
        if was:
            gc.enable()


def test_message_cache_never_mixes_worlds() -> None:
    # two worlds with different seeds hand out the same ids to different units
    one = World(MockConfig(seed=1, units=3, clock_start=START, clock_frozen=True))
    two = World(MockConfig(seed=2, units=3, clock_start=START, clock_frozen=True))
    unit_id = next(iter(one.units))
    a, b = one.units[unit_id], two.units[unit_id]
    t = sim.next_time_after(a, START + 100)
    for unit, seed in ((a, 1), (b, 2), (a, 1), (a, 2), (b, 2)):
        assert sim.message(unit, t, seed) == sim.message_at(sim.motion(unit, seed), t)
    assert sim.message(a, t, 1) != sim.message(b, t, 2)


def test_parked_place_is_reused_only_within_one_stop(world: World) -> None:
    unit = next(iter(world.units.values()))
    kept = sim.motion(unit, SEED)  # its stop memory carries over from message to message
    parked: set[tuple[float, float]] = set()
    for t in sim.times_between(unit, START, START + 4 * 3600):
        message = sim.message_at(kept, t)
        assert message == sim.message_at(sim.motion(unit, SEED), t)
        if message["i"] == 0:
            parked.add((message["pos"]["y"], message["pos"]["x"]))
    assert len(parked) >= 2  # several stops in four hours, each at its own place
