"""Conformance of the unit/calc_* calls with their reference pages, over a real socket.

The pages' example ids (units 16091323, 1532; sensor 15) are replaced by this fleet's own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._shape import NUMBER, MapOf, check
from .conftest import START, Wire, served

FORMATTED = {"value": NUMBER, "format": {"value": str}}
SENSOR = {"value": (int, float, str), "format": {"value": str}}


@pytest.fixture(scope="module")
def wire() -> Iterator[Wire]:
    """A served fake server and a logged-in session."""
    with served() as client:
        yield client


def test_calc_last(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/unit/calc_last
    units = sorted(wire.server.world.units)[:2]
    answer = wire.json("unit/calc_last", {"itemIds": units})
    check(
        answer,
        [
            {
                "i": int,
                "mileage": FORMATTED,
                "engine_hours": FORMATTED,
                "pos": {
                    "y": NUMBER,
                    "x": NUMBER,
                    "c": int,
                    "z": FORMATTED,
                    "s": FORMATTED,
                    "sc": int,
                },
                "sensors": MapOf(SENSOR),
            }
        ],
    )
    assert [a["i"] for a in answer] == units
    # the page's formatted examples: "24498.82 km", "0.00 h", "139.00 m", "75.00 km/h"
    text = answer[0]["mileage"]["format"]["value"]
    assert text.endswith(" km")
    assert len(text.split()[0].split(".")[1]) == 2


def test_calc_sensors_last(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/unit/calc_sensors_last
    unit = sorted(wire.server.world.units)[0]
    answer = wire.json("unit/calc_sensors_last", {"unitId": unit, "sensorId": 2})
    check(answer, MapOf(SENSOR))
    assert list(answer) == ["2"]


def test_calc_last_message(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/unit/calc_last_message
    unit = sorted(wire.server.world.units)[0]
    answer = wire.json("unit/calc_last_message", {"unitId": unit, "sensors": [], "flags": 0})
    check(answer, MapOf((int, float, str)))
    assert len(answer) == 4, "no sensors named: all of them"


def test_calc_sensors(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/unit/calc_sensors : without
    # "width" one object of sensor values per message; with it, per sensor a series of
    # left/right/bottom/top [time, value] pairs.
    unit = sorted(wire.server.world.units)[0]
    load = {
        "itemId": unit,
        "timeFrom": START - 600,
        "timeTo": START,
        "flags": 0,
        "flagsMask": 0,
        "loadCount": 0xFFFFFFFF,
    }
    count = wire.json("messages/load_interval", load)["count"]
    params = {"source": "", "indexFrom": 0, "indexTo": count - 1, "unitId": unit, "sensorId": 0}
    values = wire.json("unit/calc_sensors", params)
    check(values, [MapOf((int, float, str))])
    assert len(values) == count
    pair = [NUMBER]
    series = wire.json("unit/calc_sensors", {**params, "width": 2})
    check(
        series,
        [[{"name": str, "data": [{"left": pair, "right": pair, "bottom": pair, "top": pair}]}]],
    )
