"""report/* calls: the trips report, its rows, one result per session."""

from __future__ import annotations

from typing import Any

from wialon_mock.api.registry import dispatch
from wialon_mock.config import Limits, MockConfig, default_token
from wialon_mock.model.errors import ApiError
from wialon_mock.model.state import World

START = 1_750_000_000


def make(limits: Limits | None = None) -> tuple[World, str]:
    """A frozen world of 4 units and a session in it."""
    config = MockConfig(seed=51, units=4, clock_start=START, clock_frozen=True)
    if limits is not None:
        config.limits = limits
    world = World(config)
    sid = str(dispatch(world, "token/login", {"token": default_token(51)}, sid=None)["eid"])
    return world, sid


def call(world: World, svc: str, params: Any, sid: str) -> Any:
    """Run one call; an API error comes back as its body."""
    try:
        return dispatch(world, svc, params, sid=sid)
    except ApiError as exc:
        return exc.body()


def report(world: World, obj_id: int, hours: int = 3) -> dict[str, Any]:
    """exec_report params for the account's trips template."""
    return {
        "reportResourceId": world.account_id,
        "reportTemplateId": 1,
        "reportObjectId": obj_id,
        "reportObjectSecId": 0,
        "interval": {"from": START - hours * 3600, "to": START, "flags": 0},
    }


def test_trips_report_and_rows() -> None:
    world, sid = make()
    unit_id = sorted(world.units)[0]
    result = call(world, "report/exec_report", report(world, unit_id), sid)
    table = result["reportResult"]["tables"][0]
    assert table["name"] == "unit_trips"
    assert table["rows"] > 0, "three hours of a unit that drives every cycle has trips"
    rows = call(
        world,
        "report/get_result_rows",
        {"tableIndex": 0, "indexFrom": 0, "indexTo": table["rows"] - 1},
        sid,
    )
    assert len(rows) == table["rows"]
    starts = [r["t1"] for r in rows]
    assert starts == sorted(starts)
    assert all(START - 3 * 3600 <= r["t1"] <= r["t2"] <= START for r in rows)
    assert len(rows[0]["c"]) == len(table["header"])
    assert len(result["reportLayer"]["bounds"]) == 4
    # the trips agree with the stored messages: the unit moves at each trip's start
    load = {
        "itemId": unit_id,
        "timeFrom": rows[0]["t1"],
        "timeTo": rows[0]["t1"],
        "flags": 0,
        "flagsMask": 0,
        "loadCount": 1,
    }
    assert call(world, "messages/load_interval", load, sid)["messages"][0]["pos"]["s"] > 0


def test_one_result_per_session() -> None:
    world, sid = make()
    unit_id = sorted(world.units)[0]
    call(world, "report/exec_report", report(world, unit_id, 1), sid)
    assert call(world, "report/exec_report", report(world, unit_id, 1), sid) == {"error": 1003}
    assert call(world, "report/cleanup_result", {}, sid) == {"error": 0}
    assert "reportResult" in call(world, "report/exec_report", report(world, unit_id, 1), sid)
    rows = {"tableIndex": 5, "indexFrom": 0, "indexTo": 1}
    assert call(world, "report/get_result_rows", rows, sid) == {"error": 4}
    call(world, "report/cleanup_result", {}, sid)
    # without a result: 5, "failed to fetch the report result" (get_result_rows page)
    assert call(world, "report/get_result_rows", {**rows, "tableIndex": 0}, sid) == {"error": 5}


def test_single_report_limit_can_be_switched_off() -> None:
    world, sid = make(Limits(single_report=False))
    unit_id = sorted(world.units)[0]
    call(world, "report/exec_report", report(world, unit_id, 1), sid)
    assert "reportResult" in call(world, "report/exec_report", report(world, unit_id, 1), sid)


def test_group_report_and_errors() -> None:
    world, sid = make()
    group_id = sorted(world.groups)[0]
    result = call(world, "report/exec_report", report(world, group_id, 1), sid)
    assert result["reportResult"]["stats"][1] == ["Unit group", world.groups[group_id].nm]
    call(world, "report/cleanup_result", {}, sid)
    unit_id = sorted(world.units)[0]
    assert call(
        world, "report/exec_report", {**report(world, unit_id), "reportTemplateId": 9}, sid
    ) == {"error": 7}
    assert call(world, "report/exec_report", {**report(world, unit_id), "interval": 3}, sid) == {
        "error": 4
    }
    assert call(world, "report/exec_report", report(world, world.account_id), sid) == {"error": 7}
    too_long = report(world, group_id, hours=24 * 400)
    assert call(world, "report/exec_report", too_long, sid) == {"error": 1005}
    rows = {"tableIndex": 0, "indexFrom": 0, "indexTo": 1}
    assert call(world, "report/get_result_rows", rows, sid) == {"error": 5}


def test_remote_exec_status_and_apply() -> None:
    world, sid = make()
    assert call(world, "report/get_report_status", {}, sid) == {"status": "16"}
    assert call(world, "report/apply_report_result", {}, sid) == {"error": 6}
    params = {**report(world, sorted(world.units)[0], 2), "remoteExec": 1}
    assert call(world, "report/exec_report", params, sid) == {"remoteExec": 1}
    assert call(world, "report/get_report_status", {}, sid) == {"status": "4"}
    applied = call(world, "report/apply_report_result", {}, sid)
    assert applied["reportResult"]["tables"][0]["name"] == "unit_trips"
