"""messages/* calls: loading intervals and last messages, reading and unloading the loader."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from wialon_mock.api.handlers import messages
from wialon_mock.api.registry import dispatch
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model import sim
from wialon_mock.model.errors import ApiError
from wialon_mock.model.items import Unit
from wialon_mock.model.state import World

START = 1_750_000_000
ALL = 0xFFFFFFFF


@pytest.fixture
def world() -> World:
    """A frozen world of 4 units."""
    return World(MockConfig(seed=31, units=4, clock_start=START, clock_frozen=True))


@pytest.fixture
def sid(world: World) -> str:
    """A logged-in session."""
    return str(dispatch(world, "token/login", {"token": default_token(31)}, sid=None)["eid"])


@pytest.fixture
def unit(world: World) -> Unit:
    """The first unit."""
    return world.units[sorted(world.units)[0]]


def call(world: World, svc: str, params: Any, sid: str) -> Any:
    """Run one call; an API error comes back as its body."""
    try:
        return dispatch(world, svc, params, sid=sid)
    except ApiError as exc:
        return exc.body()


def interval(unit: Unit, start: int, end: int, **extra: Any) -> dict[str, Any]:
    """messages/load_interval params for all data messages."""
    return {
        "itemId": unit.id,
        "timeFrom": start,
        "timeTo": end,
        "flags": 0,
        "flagsMask": 0xFF00,
        "loadCount": ALL,
        **extra,
    }


def test_load_interval_counts_and_limits(world: World, sid: str, unit: Unit) -> None:
    hour = call(world, "messages/load_interval", interval(unit, START - 3600, START), sid)
    expected = [t for t in range(START - 3600, START + 1) if (t - unit.phase) % unit.interval == 0]
    assert hour["count"] == len(expected)
    assert [m["t"] for m in hour["messages"]] == expected
    first = hour["messages"][0]
    # the data-message format (sdk.wialon.com .../apiref/format/messages) lists "o" beside "i"
    # whatever the flags; the avl_evts page's example (f=3, no outputs bit) carries "o":0 too
    assert list(first) == ["t", "f", "tp", "pos", "i", "o", "p", "lc", "rt"]
    assert type(first["o"]) is int
    assert list(first["pos"]) == ["y", "x", "z", "s", "c", "sc"]
    three = call(
        world, "messages/load_interval", interval(unit, START - 3600, START, loadCount=3), sid
    )
    assert three["count"] == len(expected)
    assert three["messages"] == hour["messages"][:3]


def test_future_is_empty_until_the_clock_gets_there(world: World, sid: str, unit: Unit) -> None:
    ahead = interval(unit, START + 1, START + 240)
    assert call(world, "messages/load_interval", ahead, sid)["count"] == 0
    world.advance(240)
    produced = call(world, "messages/load_interval", ahead, sid)
    assert produced["count"] == len(sim.times_between(unit, START, START + 240))
    assert produced["count"] > 0


def test_position_selection_and_other_types(world: World, sid: str, unit: Unit) -> None:
    with_pos = interval(unit, START - 600, START, flags=1, flagsMask=0xFF01)
    assert call(world, "messages/load_interval", with_pos, sid)["count"] > 0
    sms = interval(unit, START - 600, START, flags=0x100, flagsMask=0xFF00)
    assert call(world, "messages/load_interval", sms, sid) == {"count": 0, "messages": []}


@pytest.mark.parametrize(
    "params",
    [
        {"itemId": 1, "timeFrom": 0, "timeTo": 1, "flags": 0, "flagsMask": 0},
        {"timeFrom": 0, "timeTo": 1},
    ],
)
def test_load_interval_errors(world: World, sid: str, params: dict[str, Any]) -> None:
    code = 7 if "itemId" in params else 4
    assert call(world, "messages/load_interval", params, sid) == {"error": code}


def test_reversed_interval_is_error_4(world: World, sid: str, unit: Unit) -> None:
    assert call(world, "messages/load_interval", interval(unit, START, START - 5), sid) == {
        "error": 4
    }


def test_load_last(world: World, sid: str, unit: Unit) -> None:
    params = {"itemId": unit.id, "lastTime": START, "lastCount": 5, "flags": 0, "flagsMask": 0}
    last = call(world, "messages/load_last", {**params, "loadCount": ALL}, sid)
    times = [m["t"] for m in last["messages"]]
    assert last["count"] == 5
    assert times == sorted(times)
    assert times[-1] == sim.last_time_at(unit, START)
    assert all(b - a == unit.interval for a, b in itertools.pairwise(times))
    too_many = {**params, "lastCount": 10_001, "loadCount": ALL}
    assert call(world, "messages/load_last", too_many, sid) == {"error": 4}


def test_get_messages_from_the_loader(world: World, sid: str, unit: Unit) -> None:
    assert call(world, "messages/get_messages", {"indexFrom": 0, "indexTo": 1}, sid) == {"error": 4}
    loaded = call(world, "messages/load_interval", interval(unit, START - 3600, START), sid)
    msgs = loaded["messages"]
    assert call(world, "messages/get_messages", {"indexFrom": 2, "indexTo": 4}, sid) == msgs[2:5]
    by_time = {"timeFrom": msgs[3]["t"], "timeTo": msgs[6]["t"]}
    assert call(world, "messages/get_messages", by_time, sid) == msgs[3:7]
    filtered = call(
        world,
        "messages/get_messages",
        {"indexFrom": 0, "indexTo": 0, "filter": "pos.x,p.pwr*"},
        sid,
    )
    assert filtered == [
        {
            "t": msgs[0]["t"],
            "f": 3,
            "tp": "ud",
            "i": msgs[0]["i"],
            "o": 0,
            "pos": {"x": msgs[0]["pos"]["x"]},
            "p": {"pwr_ext": msgs[0]["p"]["pwr_ext"], "pwr_int": msgs[0]["p"]["pwr_int"]},
        }
    ]


def test_one_loader_per_session(world: World, sid: str, unit: Unit) -> None:
    other = world.units[sorted(world.units)[1]]
    call(world, "messages/load_interval", interval(unit, START - 600, START), sid)
    second = call(world, "messages/load_interval", interval(other, START - 60, START), sid)
    got = call(world, "messages/get_messages", {"indexFrom": 0, "indexTo": 100}, sid)
    assert got == second["messages"], "a new load replaces the previous set"
    assert call(world, "messages/unload", {}, sid) == {}
    assert call(world, "messages/get_messages", {"indexFrom": 0, "indexTo": 1}, sid) == {"error": 4}


def test_huge_loads_are_capped_per_reply(
    world: World, sid: str, unit: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "MAX_REPLY_MESSAGES", 7)
    loaded = call(world, "messages/load_interval", interval(unit, START - 3600, START), sid)
    assert loaded["count"] > 7
    assert len(loaded["messages"]) == 7
    rest = call(world, "messages/get_messages", {"indexFrom": 7, "indexTo": 100_000}, sid)
    assert len(rest) == 7
    assert rest[0]["t"] == loaded["messages"][-1]["t"] + unit.interval
