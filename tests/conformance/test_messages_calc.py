"""Conformance of messages/load_interval with ``calcSensors`` with its reference pages."""

from __future__ import annotations

from ._shape import NUMBER, MapOf, check
from .conftest import START, served


def test_load_interval_with_calc_sensors() -> None:
    # https://help.wialon.com/es/api/user-guide/api-reference/messages/load_interval (the es
    # page lists calcSensors, measure, sensorId; the en page does not yet) and the data
    # message of data-format/messages: "sensors" follows "p" and is "present only when the
    # calcSensors parameter is used"; each sensor is {"value", "format": {"value"}}.
    with served() as wire:
        unit = sorted(wire.server.world.units)[0]
        answer = wire.json(
            "messages/load_interval",
            {
                "itemId": unit,
                "timeFrom": START - 300,
                "timeTo": START,
                "flags": 0,
                "flagsMask": 0xFF00,
                "loadCount": 3,
                "calcSensors": 1,
                "measure": 0,
                "sensorId": 0,
            },
        )
        message = {
            "t": int,
            "f": int,
            "tp": str,
            "pos": {"y": NUMBER, "x": NUMBER, "z": int, "s": int, "c": int, "sc": int},
            "i": int,
            "o": int,
            "p": MapOf((int, float, str)),
            "sensors": MapOf({"value": (int, float, str), "format": {"value": str}}),
            "lc": int,
            "rt": int,
        }
        check(answer, {"count": int, "messages": [message]})
        assert len(answer["messages"]) == 3
        keys = list(answer["messages"][0])
        assert keys.index("sensors") == keys.index("p") + 1
