"""avl_evts through dispatch: only registered items, each message once, in time order."""

from __future__ import annotations

from typing import Any

import pytest

from wialon_mock.api.registry import dispatch
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model import delivery, sensors, sim
from wialon_mock.model.clock import Clock
from wialon_mock.model.errors import ApiError
from wialon_mock.model.state import EVENT_QUEUE_CAP, World

START = 1_750_000_000


@pytest.fixture
def world() -> World:
    """A frozen world of 20 units."""
    return World(MockConfig(seed=21, units=20, clock_start=START, clock_frozen=True))


def login(world: World) -> str:
    """A new session's sid."""
    return str(dispatch(world, "token/login", {"token": default_token(21)}, sid=None)["eid"])


def call(world: World, svc: str, params: Any, sid: str) -> Any:
    """Run one call; an API error comes back as its body."""
    try:
        return dispatch(world, svc, params, sid=sid)
    except ApiError as exc:
        return exc.body()


def watch(world: World, sid: str, ids: list[int], flags: int = 0x401) -> None:
    """Register units with the given flags."""
    spec = {"spec": [{"type": "col", "data": ids, "flags": flags, "mode": 0}]}
    call(world, "core/update_data_flags", spec, sid)


def test_empty_reply_shape(world: World) -> None:
    sid = login(world)
    assert call(world, "avl_evts", {}, sid) == {"tm": START, "events": [], "sensors": []}


def test_messages_after_advance_exactly_once_in_order(world: World) -> None:
    sid = login(world)
    ids = sorted(world.units)[:5]
    watch(world, sid, ids)
    world.advance(60)
    first = call(world, "avl_evts", {}, sid)
    assert first["tm"] == START + 60
    events = first["events"]
    assert events
    assert {e["i"] for e in events} <= set(ids)
    for unit_id in ids:
        unit = world.units[unit_id]
        times = [e["d"]["t"] for e in events if e["i"] == unit_id]
        expected = [
            t for t in range(START + 1, START + 61) if (t - unit.phase) % unit.interval == 0
        ]
        assert times == expected
    stamps = [e["d"]["t"] for e in events]
    assert stamps == sorted(stamps)
    assert all(e["t"] == "m" and e["d"]["tp"] == "ud" for e in events)
    assert call(world, "avl_evts", {}, sid)["events"] == []
    world.advance(60)
    second = call(world, "avl_evts", {}, sid)["events"]
    assert all(START + 60 < e["d"]["t"] <= START + 120 for e in second)


def test_message_matches_history_and_item(world: World) -> None:
    sid = login(world)
    unit_id = sorted(world.units)[0]
    watch(world, sid, [unit_id])
    world.advance(120)
    events = call(world, "avl_evts", {}, sid)["events"]
    last = events[-1]["d"]
    item = call(world, "core/search_item", {"id": unit_id, "flags": 0x401}, sid)["item"]
    assert item["lmsg"] == last
    assert item["pos"] == {"t": last["t"], **last["pos"]}


def test_only_registered_items_and_sessions(world: World) -> None:
    watcher, idle = login(world), login(world)
    ids = sorted(world.units)
    watch(world, watcher, ids[:2])
    watch(world, idle, ids[2:4], flags=0x1)  # no message flags: renames only
    world.advance(90)
    assert {e["i"] for e in call(world, "avl_evts", {}, watcher)["events"]} == set(ids[:2])
    assert call(world, "avl_evts", {}, idle)["events"] == []


def test_unregister_stops_messages(world: World) -> None:
    sid = login(world)
    unit_id = sorted(world.units)[0]
    watch(world, sid, [unit_id])
    spec = {"spec": [{"type": "id", "data": unit_id, "flags": 0x400, "mode": 2}]}
    call(world, "core/update_data_flags", spec, sid)
    world.advance(90)
    assert call(world, "avl_evts", {}, sid)["events"] == []


def test_rename_and_delete_events(world: World) -> None:
    sid, other = login(world), login(world)
    unit_id, group_id = sorted(world.units)[0], sorted(world.groups)[0]
    watch(world, sid, [unit_id, group_id], flags=0x1)
    assert call(world, "item/update_name", {"itemId": unit_id, "name": "Renamed unit"}, other) == {
        "nm": "Renamed unit"
    }
    assert call(world, "item/delete_item", {"itemId": unit_id}, other) == {}
    assert call(world, "avl_evts", {}, other)["events"] == []
    events = call(world, "avl_evts", {}, sid)["events"]
    assert events == [
        {"i": unit_id, "t": "u", "d": {"nm": "Renamed unit"}},
        {"i": unit_id, "t": "d"},
    ]
    assert unit_id not in world.groups[group_id].units
    assert call(world, "core/search_item", {"id": unit_id, "flags": 1}, sid) == {"error": 7}


def test_long_jump_is_spread_over_polls(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delivery, "MAX_MESSAGE_EVENTS", 50)
    sid = login(world)
    ids = sorted(world.units)
    watch(world, sid, ids)
    world.advance(280)
    seen: list[tuple[int, int]] = []
    for _ in range(40):
        events = call(world, "avl_evts", {}, sid)["events"]
        if not events:
            break
        seen.extend((e["i"], e["d"]["t"]) for e in events)
    assert len(seen) == len(set(seen)), "no message twice"
    expected = sum(
        1
        for unit_id in ids
        for t in range(START + 1, START + 281)
        if (t - world.units[unit_id].phase) % world.units[unit_id].interval == 0
    )
    assert len(seen) == expected, "no message lost"


def test_queue_cap_drops_oldest(world: World) -> None:
    sid = login(world)
    session = world.sessions[sid]
    for n in range(EVENT_QUEUE_CAP + 5):
        session.queue(START, {"i": n, "t": "u", "d": {}})
    assert len(session.events) == EVENT_QUEUE_CAP
    assert session.events[0][1]["i"] == 5


def test_polling_keeps_session_alive(world: World) -> None:
    sid = login(world)
    for _ in range(5):
        world.advance(200)
        assert "events" in call(world, "avl_evts", {}, sid)
    world.advance(301)
    assert call(world, "avl_evts", {}, sid) == {"error": 1}


def test_position_only_registration_gets_u_events(world: World) -> None:
    sid = login(world)
    unit_id = sorted(world.units)[0]
    watch(world, sid, [unit_id], flags=0x400001)
    world.advance(120)
    events = call(world, "avl_evts", {}, sid)["events"]
    assert events
    assert all(e["t"] == "u" and list(e["d"]) == ["pos"] for e in events)
    last = call(world, "core/search_item", {"id": unit_id, "flags": 0x400000}, sid)["item"]
    assert events[-1]["d"]["pos"] == last["pos"]


def test_running_clock_produces_messages_as_time_passes(world: World) -> None:
    now = [float(START)]
    world.clock = Clock(START, source=lambda: now[0])  # running, not frozen
    sid = login(world)
    ids = sorted(world.units)
    watch(world, sid, ids)
    seen = 0
    for _ in range(30):
        now[0] += 2.0  # a client polling every two seconds
        seen += len(call(world, "avl_evts", {}, sid)["events"])
    expected = sum(len(sim.times_between(world.units[i], START, START + 60)) for i in ids)
    assert seen == expected
    assert seen >= 20, "twenty units report more than once a minute between them"


def test_sensor_values_of_units_with_new_messages(world: World) -> None:
    # help.wialon.com avl_evts: "sensors" holds, per unit with new messages since the last
    # poll, the calculated value and its formatted text for each sensor id
    sid = login(world)
    ids = sorted(world.units)[:4]
    watch(world, sid, ids[:3], flags=0x1401)  # sensors, last message, base
    watch_more = {"spec": [{"type": "id", "data": ids[3], "flags": 0x401, "mode": 1}]}
    call(world, "core/update_data_flags", watch_more, sid)
    world.advance(120)
    reply = call(world, "avl_evts", {}, sid)
    last = {e["i"]: e["d"] for e in reply["events"] if e["t"] == "m"}
    assert set(last) == set(ids)
    by_unit = {entry["i"]: entry["d"] for entry in reply["sensors"]}
    # the unit registered without the sensors flag has no entry
    assert set(by_unit) == set(ids[:3])
    render = call(world, "core/search_item", {"id": ids[0], "flags": 0x1001}, sid)
    sens = render["item"]["sens"]
    for unit_id, values in by_unit.items():
        assert set(values) == set(sens)
        params = last[unit_id]["p"]
        for key, sensor in sens.items():
            entry = values[key]
            assert list(entry) == ["value", "format"]
            raw = params[sensor["p"]]
            expected = raw
            for row in sensor["tbl"]:
                if raw >= row["x"]:
                    expected = row["a"] * raw + row["b"]
            assert entry["value"] == pytest.approx(expected)
            text = entry["format"]["value"]
            if "/" in sensor["m"]:
                assert text == sensor["m"].split("/")[0 if raw else 1]
            else:
                assert text.endswith(" " + sensor["m"])
                assert float(text.split()[0]) == pytest.approx(expected, abs=0.005)
    # nothing new since: the array is empty again
    assert call(world, "avl_evts", {}, sid)["sensors"] == []


def test_sensor_without_data_reads_the_documented_placeholder() -> None:
    template = {"p": "adc9", "tbl": [], "m": "l"}
    assert sensors.sensor_value(template, {"adc1": 1.0}) == {
        "value": -348201.3876,
        "format": {"value": "---"},
    }
