"""Messages deleted with messages/delete_message are gone from every later read, over a socket.

https://help.wialon.com/en/api/user-guide/api-reference/messages/delete_message ("to delete
a message") takes the message out of the unit's history (our reading: the page does not say
"from the loader only"), so trips, reports and sensor values worked out afterwards must not
see it either. Each expectation is derived from the unit's messages as
messages/load_interval gives them after the deletions, not pinned.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer

from .conftest import call

HOURS = 6
ALL = 0xFFFFFFFF


@pytest.fixture
async def server() -> Any:
    """A frozen three-unit server, so the interval's messages stay put during the test."""
    async with MockServer(units=3, seed=17, clock_frozen=True) as srv:
        yield srv


async def _login(http: aiohttp.ClientSession, server: MockServer) -> str:
    answer = await call(http, server, "token/login", {"token": server.token})
    return str(answer["eid"])


def _span(server: MockServer) -> tuple[int, int]:
    now = server.world.now()
    return now - HOURS * 3600, now - 60


async def _load(
    http: aiohttp.ClientSession, server: MockServer, sid: str, unit: int
) -> list[dict[str, Any]]:
    start, end = _span(server)
    load = {"itemId": unit, "timeFrom": start, "timeTo": end, "flags": 0, "flagsMask": 0,
            "loadCount": ALL}  # fmt: skip
    answer = await call(http, server, "messages/load_interval", load, sid)
    assert answer["count"] == len(answer["messages"])
    return list(answer["messages"])


def _trip_starts(msgs: list[dict[str, Any]]) -> list[int]:
    """Indexes of the moving messages that follow a standing one (or open the interval)."""
    return [
        k
        for k, m in enumerate(msgs)
        if m["pos"]["s"] > 0 and (k == 0 or msgs[k - 1]["pos"]["s"] == 0)
    ]


async def _moving_unit(http: aiohttp.ClientSession, server: MockServer, sid: str) -> int:
    for unit in sorted(server.world.units):
        if len(_trip_starts(await _load(http, server, sid, unit))) >= 2:
            return unit
    raise AssertionError("no generated unit drove twice in the interval")


async def _delete_trip_starts(
    http: aiohttp.ClientSession, server: MockServer, sid: str, unit: int
) -> set[int]:
    """Delete the first moving message of every trip (and the first message of the
    interval); returns the deleted times."""
    msgs = await _load(http, server, sid, unit)
    doomed = sorted({0, *_trip_starts(msgs)}, reverse=True)  # high indexes first: the
    for index in doomed:  # lower ones do not move when a higher one goes
        assert await call(http, server, "messages/delete_message", {"msgIndex": index}, sid) == {}
    return {msgs[k]["t"] for k in doomed}


async def test_trips_skip_deleted_messages(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await _login(http, server)
    unit = await _moving_unit(http, server, sid)
    gone = await _delete_trip_starts(http, server, sid, unit)
    msgs = await _load(http, server, sid, unit)
    assert not gone & {m["t"] for m in msgs}, "load_interval no longer finds them"
    start, end = _span(server)
    page = await call(
        http, server, "messages/get_messages", {"timeFrom": start, "timeTo": end}, sid
    )
    assert [m["t"] for m in page] == [m["t"] for m in msgs], "get_messages agrees"
    trips = await call(
        http, server, "unit/get_trips", {"itemId": unit, "timeFrom": start, "timeTo": end}, sid
    )
    assert trips, "the unit still drives"
    assert [t["from"]["t"] for t in trips] == [msgs[k]["t"] for k in _trip_starts(msgs)]
    for trip in trips:
        for end_point in (trip["from"], trip["to"]):
            assert end_point["t"] not in gone
            assert msgs[end_point["i"]]["t"] == end_point["t"], "i indexes the live messages"


async def _report(
    http: aiohttp.ClientSession, server: MockServer, sid: str, template: int, unit: int
) -> list[dict[str, Any]]:
    """Run a generated template over the interval; the rows of its first table."""
    start, end = _span(server)
    await call(http, server, "report/cleanup_result", {}, sid)
    params = {"reportResourceId": server.world.account_id, "reportTemplateId": template,
              "reportObjectId": unit, "reportObjectSecId": 0,
              "interval": {"from": start, "to": end, "flags": 0}}  # fmt: skip
    result = await call(http, server, "report/exec_report", params, sid)
    table = result["reportResult"]["tables"][0]
    if not table["rows"]:
        return []
    got = await call(
        http, server, "report/get_result_rows",
        {"tableIndex": 0, "indexFrom": 0, "indexTo": table["rows"]}, sid,
    )  # fmt: skip
    return list(got)


@pytest.mark.parametrize(("template", "name"), [(1, "trips"), (2, "stops"), (3, "speedings")])
async def test_report_rows_skip_deleted_messages(
    server: MockServer, http: aiohttp.ClientSession, template: int, name: str
) -> None:
    sid = await _login(http, server)
    unit = await _moving_unit(http, server, sid)
    gone = await _delete_trip_starts(http, server, sid, unit)
    msgs = await _load(http, server, sid, unit)
    rows = await _report(http, server, sid, template, unit)
    assert rows, f"the {name} table has rows"
    for row in rows:
        assert row["t1"] not in gone
        assert row["t2"] not in gone
        # i1/i2 are numbers of the messages the report read: the live ones
        assert msgs[row["i1"]]["t"] == row["t1"]
        assert msgs[row["i2"]]["t"] == row["t2"]
    if template == 1:
        assert [r["t1"] for r in rows] == [msgs[k]["t"] for k in _trip_starts(msgs)]


async def test_sensor_table_and_calc_sensors_skip_deleted_messages(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await _login(http, server)
    unit = await _moving_unit(http, server, sid)
    gone = await _delete_trip_starts(http, server, sid, unit)
    msgs = await _load(http, server, sid, unit)
    rows = await _report(http, server, sid, 5, unit)
    assert rows, "the sensor tracing table has rows"
    assert not gone & {r["t1"] for r in rows}
    for row in rows:
        assert msgs[row["i1"]]["t"] == row["t1"], "rows sample the live messages"
    values = await call(
        http, server, "unit/calc_sensors", {"indexFrom": 0, "indexTo": len(msgs) - 1}, sid
    )
    assert len(values) == len(msgs), "calc_sensors reads the loader's live messages"
