"""Report templates, intervals, rows and sub-rows, against the model (no HTTP).

Every expectation is derived from the unit's messages or sensors as other calls give them
(messages/load_interval, unit/calc_sensors, unit/get_report_settings), not pinned.
"""

from __future__ import annotations

import calendar
import time
from typing import Any

import pytest

from wialon_mock.api.registry import dispatch
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model.errors import ApiError
from wialon_mock.model.render_locale import Locale
from wialon_mock.model.report_intervals import resolve
from wialon_mock.model.state import World

START = 1_750_000_000  # Sunday 2025-06-15 15:06:40 UTC
DAY = 86400


def make(units: int = 4) -> tuple[World, str]:
    """A frozen world and a session in it."""
    config = MockConfig(seed=51, units=units, clock_start=START, clock_frozen=True)
    world = World(config)
    sid = str(dispatch(world, "token/login", {"token": default_token(51)}, sid=None)["eid"])
    return world, sid


def call(world: World, svc: str, params: Any, sid: str) -> Any:
    """Run one call; an API error comes back as its body."""
    try:
        return dispatch(world, svc, params, sid=sid)
    except ApiError as exc:
        return exc.body()


def run(world: World, sid: str, template: int, obj: int, **interval: int) -> dict[str, Any]:
    """Execute a generated template over ``interval`` (default: the last six hours)."""
    call(world, "report/cleanup_result", {}, sid)
    spec = {"from": START - 6 * 3600, "to": START, "flags": 0, **interval}
    params = {
        "reportResourceId": world.account_id,
        "reportTemplateId": template,
        "reportObjectId": obj,
        "reportObjectSecId": 0,
        "interval": spec,
    }
    result = call(world, "report/exec_report", params, sid)
    assert "reportResult" in result, result
    return dict(result)


def rows(world: World, sid: str, table: int, count: int) -> list[dict[str, Any]]:
    """Top-level rows of a table of the session's result."""
    got = call(
        world,
        "report/get_result_rows",
        {"tableIndex": table, "indexFrom": 0, "indexTo": max(count - 1, 0)},
        sid,
    )
    assert isinstance(got, list)
    return got


def messages(world: World, sid: str, unit: int, start: int, end: int) -> list[dict[str, Any]]:
    """The unit's messages of an interval as messages/load_interval gives them."""
    load = {
        "itemId": unit,
        "timeFrom": start,
        "timeTo": end,
        "flags": 0,
        "flagsMask": 0,
        "loadCount": 0xFFFFFFFF,
    }
    found: list[dict[str, Any]] = call(world, "messages/load_interval", load, sid)["messages"]
    return found


UTC = Locale()


def utc(*parts: int) -> int:
    """A UTC time from year, month, day and optional hour and minute."""
    full = (*parts, 0, 0, 0)[:6]
    return calendar.timegm(full)


@pytest.mark.parametrize(
    ("flags", "count", "expected"),
    [
        # previous 2 days, without today: 13 Jun 00:00 .. 14 Jun 23:59:59 UTC
        (0x02, 2, (utc(2025, 6, 13, 0, 0, 0), utc(2025, 6, 15) - 1)),
        # previous 2 days including today: 14 Jun 00:00 .. now
        (0x22, 2, (utc(2025, 6, 14, 0, 0, 0), START)),
        # previous week (Monday-based): 2 .. 8 Jun
        (0x04, 1, (utc(2025, 6, 2, 0, 0, 0), utc(2025, 6, 9) - 1)),
        # previous month: May
        (0x08, 1, (utc(2025, 5, 1, 0, 0, 0), utc(2025, 6, 1) - 1)),
        # this month and the two before it
        (0x28, 3, (utc(2025, 4, 1, 0, 0, 0), START)),
        # previous year
        (0x10, 1, (utc(2024, 1, 1, 0, 0, 0), utc(2025, 1, 1) - 1)),
        # previous 3 hours: 12:00 .. 14:59:59
        (
            0x40,
            3,
            (utc(2025, 6, 15, 12, 0, 0), utc(2025, 6, 15, 15) - 1),
        ),
        # the current minute and the 9 before it
        (0xA0, 10, (utc(2025, 6, 15, 14, 57, 0), START)),
    ],
)
def test_relative_interval_flags(flags: int, count: int, expected: tuple[int, int]) -> None:
    assert time.gmtime(START).tm_wday == 6, "the dates above assume START is a Sunday"
    assert resolve(flags, 0, count, START, UTC) == expected
    # some clients put the count in "from" with "to" 0: same interval
    assert resolve(flags, count, 0, START, UTC) == expected


def test_relative_intervals_follow_the_time_zone_and_reject_garbage() -> None:
    minsk = Locale(offset=3 * 3600)
    start, end = resolve(0x22, 0, 1, START, minsk)
    assert (start + 3 * 3600) % DAY == 0, "today starts at local midnight"
    assert end == START
    assert resolve(0x1, START - 100, 0, START, UTC) == (START - 100, START)
    for bad in ((0x02, 0, 0), (0x0, 10, 5), (0x0, -1, 5)):
        with pytest.raises(ApiError) as err:
            resolve(bad[0], bad[1], bad[2], START, UTC)
        assert err.value.code == 4


def test_exec_report_reads_relative_flags() -> None:
    world, sid = make()
    unit = sorted(world.units)[0]
    call(world, "render/set_locale", {"tzOffset": 0, "language": "en"}, sid)
    result = run(world, sid, 1, unit, **{"from": 0, "to": 1, "flags": 0x22})
    stats = dict(result["reportResult"]["stats"])
    assert stats["Interval beginning"] == "2025-06-15 00:00:00"
    assert stats["Interval end"] == "2025-06-15 15:06:40"


def test_trip_rows_carry_message_numbers() -> None:
    world, sid = make()
    unit = sorted(world.units)[0]
    result = run(world, sid, 1, unit)
    table = result["reportResult"]["tables"][0]
    assert table["name"] == "unit_trips"
    assert table["rows"] > 0
    found = rows(world, sid, 0, table["rows"])
    msgs = messages(world, sid, unit, START - 6 * 3600, START)
    for row in found:
        # i1/i2 are indexes into the interval's messages, not times
        assert msgs[row["i1"]]["t"] == row["t1"]
        assert msgs[row["i2"]]["t"] == row["t2"]
        assert msgs[row["i1"]]["pos"]["s"] > 0, "a trip starts moving"
        if row["i2"] < len(msgs) - 1:  # a trip still going at the interval's end ends there
            assert msgs[row["i2"]]["pos"]["s"] == 0, "a trip ends where the unit stopped"
        mileage = float(row["c"][table["header_type"].index("mileage")].split()[0])
        odo = msgs[row["i2"]]["p"]["odometer"] - msgs[row["i1"]]["p"]["odometer"]
        assert mileage == pytest.approx(odo, abs=0.01)
    trips = call(
        world,
        "unit/get_trips",
        {"itemId": unit, "timeFrom": START - 6 * 3600, "timeTo": START},
        sid,
    )
    assert [t["from"]["t"] for t in trips] == [r["t1"] for r in found], "agrees with get_trips"


def test_stops_and_speedings_follow_the_messages_and_the_report_settings() -> None:
    world, sid = make(8)
    limit = call(world, "unit/get_report_settings", {"itemId": sorted(world.units)[0]}, sid)
    fast = max(world.units.values(), key=lambda u: u.speed)
    assert fast.speed * 1.2 > limit["speedLimit"], "the fastest unit can exceed the limit"
    msgs = messages(world, sid, fast.id, START - 6 * 3600, START)
    run(world, sid, 2, fast.id)
    for row in rows(world, sid, 0, 500):
        assert all(m["pos"]["s"] == 0 for m in msgs[row["i1"] : row["i2"] + 1])
    result = run(world, sid, 3, fast.id)
    table = result["reportResult"]["tables"][0]
    assert table["name"] == "unit_speedings"
    assert table["rows"] > 0
    for row in rows(world, sid, 0, table["rows"]):
        span = msgs[row["i1"] : row["i2"] + 1]
        assert all(m["pos"]["s"] > limit["speedLimit"] for m in span)


def test_fuel_tables_agree_with_the_fuel_sensor() -> None:
    world, sid = make()
    unit = sorted(world.units)[0]
    result = run(world, sid, 4, unit, **{"from": START - 3 * DAY})
    summary, fillings = result["reportResult"]["tables"]
    assert summary["name"] == "unit_generic"
    assert summary["grouping"] == {"type": "day"}
    assert fillings["name"] == "unit_fillings"
    days = rows(world, sid, 0, summary["rows"])
    assert len(days) == summary["rows"] >= 3
    # the first day's initial fuel level is the fuel sensor's value in its first message
    msgs = messages(world, sid, unit, START - 3 * DAY, START)
    values = call(
        world,
        "unit/calc_sensors",
        {"indexFrom": 0, "indexTo": 0, "unitId": unit, "sensorId": 0},
        sid,
    )
    sens = call(world, "core/search_item", {"id": unit, "flags": 0x1001}, sid)["item"]["sens"]
    fuel_id = next(k for k, s in sens.items() if s["t"] == "fuel level")
    level = days[0]["c"][summary["header_type"].index("fuel_level_begin")]
    assert float(level.split()[0]) == pytest.approx(values[0][fuel_id], abs=0.01)
    assert days[0]["t1"] == msgs[0]["t"]
    call(world, "report/cleanup_result", {}, sid)
    result = run(world, sid, 4, unit, **{"from": START - 10 * DAY})
    count = result["reportResult"]["tables"][1]["rows"]
    assert count > 0, "ten days of driving empty the tank at least once"
    for row in rows(world, sid, 1, count):
        before, after = msgs_fuel(world, sid, unit, row)
        assert after - before >= 20, "a filling is a rise of at least minFillingVolume"


def msgs_fuel(world: World, sid: str, unit: int, row: dict[str, Any]) -> tuple[float, float]:
    """Fuel levels (litres, via unit/calc_last_message's sensors) around a filling row."""
    load = {
        "itemId": unit,
        "timeFrom": row["t1"],
        "timeTo": row["t2"],
        "flags": 0,
        "flagsMask": 0,
        "loadCount": 2,
        "calcSensors": 1,
    }
    got = call(world, "messages/load_interval", load, sid)["messages"]
    sens = call(world, "core/search_item", {"id": unit, "flags": 0x1001}, sid)["item"]["sens"]
    fuel_id = next(k for k, s in sens.items() if s["t"] == "fuel level")
    return got[0]["sensors"][fuel_id]["value"], got[-1]["sensors"][fuel_id]["value"]


def test_group_report_rows_are_grouped_by_unit() -> None:
    world, sid = make()
    group = next(g for g in world.groups.values() if len(g.units) >= 2)
    result = run(world, sid, 7, group.id)
    trips, summary = result["reportResult"]["tables"]
    assert trips["name"] == "unit_group_trips"
    assert trips["level"] == 2
    assert trips["rows"] == len(group.units) == summary["rows"]
    assert trips["header"][:2] == ["№", "Grouping"]
    selected = call(
        world,
        "report/select_result_rows",
        {
            "tableIndex": 0,
            "config": {
                "type": "range",
                "data": {"from": 0, "to": trips["rows"] - 1, "level": 1, "unitInfo": 1},
            },
        },
        sid,
    )
    assert sorted(r["uid"] for r in selected) == sorted(group.units)
    for n, row in enumerate(selected):
        assert row["c"][1] == world.units[row["uid"]].nm
        assert row["d"] == len(row["r"]) > 0
        assert all(sub["uid"] == row["uid"] for sub in row["r"])
        subrows = call(world, "report/get_result_subrows", {"tableIndex": 0, "rowIndex": n}, sid)
        assert [s["t1"] for s in subrows] == [s["t1"] for s in row["r"]]
        assert subrows[0]["c"][0] == f"{n + 1}.1"
    mileage = trips["header_type"].index("mileage")
    total = sum(float(r["c"][mileage].split()[0]) for r in selected)
    assert float(trips["total"][mileage].split()[0]) == pytest.approx(total, abs=0.05)


def test_select_rows_by_row_path_flat_and_raw() -> None:
    world, sid = make()
    run(world, sid, 6, sorted(world.units)[0], **{"from": START - 2 * DAY})
    day_rows = rows(world, sid, 0, 10)
    assert len(day_rows) >= 2
    assert all(r["d"] > 0 for r in day_rows)
    config = {"type": "row", "data": {"rows": [1], "level": 0, "from": 1, "to": 2, "rawValues": 1}}
    got = call(world, "report/select_result_rows", {"tableIndex": 0, "config": config}, sid)
    subrows = call(world, "report/get_result_subrows", {"tableIndex": 0, "rowIndex": 1}, sid)
    assert [r["t1"] for r in got] == [r["t1"] for r in subrows[1:3]]
    assert all(isinstance(c, dict) and {"t", "v", "vt"} <= set(c) for r in got for c in r["c"])
    flat = call(
        world,
        "report/select_result_rows",
        {
            "tableIndex": 0,
            "config": {"type": "range", "data": {"from": 0, "to": 0, "level": 1, "flat": 1}},
        },
        sid,
    )
    assert len(flat) == 1 + day_rows[0]["d"]
    assert "r" not in flat[0]
    # a row without sub-rows (parkings table): {"error": 0}
    assert call(world, "report/get_result_subrows", {"tableIndex": 1, "rowIndex": 0}, sid) == {
        "error": 0
    }
    for bad in (
        {"tableIndex": 0, "config": {"type": "tree", "data": {}}},
        {"tableIndex": 0, "config": {"type": "row", "data": {"rows": [999]}}},
        {"tableIndex": 9, "config": {"type": "range", "data": {"from": 0, "to": 1}}},
        {"tableIndex": 0, "config": {"type": "range", "data": {"from": 3, "to": 1}}},
        {"tableIndex": 0},
    ):
        assert call(world, "report/select_result_rows", bad, sid) == {"error": 4}


def test_locale_changes_cells_and_units() -> None:
    world, sid = make()
    unit = sorted(world.units)[0]
    call(world, "render/set_locale", {"tzOffset": 0, "language": "en"}, sid)
    run(world, sid, 1, unit)
    utc = rows(world, sid, 0, 1)
    # UTC+2 in the packed format (0x08000000 | 7200), U.S. units, day.month.year
    locale = {
        "tzOffset": 0x08000000 | 7200,
        "language": "en",
        "flags": 1,
        "formatDate": "%E.%m.%Y %H:%M",
    }
    assert call(world, "render/set_locale", locale, sid) == {}
    result = run(world, sid, 1, unit)
    local = rows(world, sid, 0, 1)
    table = result["reportResult"]["tables"][0]
    begin = table["header_type"].index("time_begin")
    expected = time.strftime("%d.%m.%Y %H:%M", time.gmtime(utc[0]["t1"] + 7200))
    assert local[0]["c"][begin]["t"] == expected
    mileage = table["header_type"].index("mileage")
    km = float(utc[0]["c"][mileage].split()[0])
    value, word = local[0]["c"][mileage].split()
    assert word == "mi"
    assert float(value) == pytest.approx(km * 0.621371, abs=0.02)
    call(world, "render/set_locale", {"tzOffset": 0, "language": "ru"}, sid)
    stats = dict(run(world, sid, 1, unit)["reportResult"]["stats"])
    assert stats["Mileage in trips"].endswith(" км")
    for bad in (
        {},
        {"tzOffset": 99_000_000},
        {"tzOffset": 0, "language": "eng"},
        {"tzOffset": "x"},
    ):
        assert call(world, "render/set_locale", bad, sid) == {"error": 4}


def test_custom_template_and_errors() -> None:
    world, sid = make()
    unit = sorted(world.units)[0]
    template = {
        "id": 0,
        "n": "Custom",
        "ct": "avl_unit",
        "p": "",
        "tbl": [{"n": "unit_stays", "l": "Parkings", "c": '["time_begin","duration"]', "f": 0}],
    }
    params = {
        "reportResourceId": world.account_id,
        "reportTemplateId": 0,
        "reportTemplate": template,
        "reportObjectId": unit,
        "reportObjectSecId": 0,
        "interval": {"from": START - 6 * 3600, "to": START, "flags": 0},
    }
    result = call(world, "report/exec_report", params, sid)
    table = result["reportResult"]["tables"][0]
    # no row numbering, no total without their flags
    assert table["header_type"] == ["time_begin", "duration"]
    assert table["total"] == []
    for row in rows(world, sid, 0, table["rows"]):
        assert row["t2"] - row["t1"] >= 300, "a parking lasts the trip detector's minStayTime"
    call(world, "report/cleanup_result", {}, sid)
    # nothing to export or read without a result: 5 (the pages' "report result" errors)
    assert call(world, "report/export_result", {"format": 8}, sid) == {"error": 5}
    assert call(world, "report/get_result_subrows", {"tableIndex": 0, "rowIndex": 0}, sid) == {
        "error": 5
    }
    bad_template = {**params, "reportTemplate": {"tbl": "x"}}
    assert call(world, "report/exec_report", bad_template, sid) == {"error": 4}
    data = call(world, "report/get_report_data", {"itemId": world.account_id}, sid)
    assert {t["id"] for t in data} == set(range(1, 8))
    assert {t["ct"] for t in data} == {"avl_unit", "avl_unit_group"}
    assert all(isinstance(t["tbl"], list) and t["tbl"] for t in data)
