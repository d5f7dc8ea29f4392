"""Conformance of the ``sensors`` part of avl_evts with its reference page."""

from __future__ import annotations

from ._shape import MapOf, check
from .conftest import served


def test_avl_evts_sensors() -> None:
    # https://help.wialon.com/es/api/user-guide/api-reference/other-methods/avl_evts : per unit
    # registered with the sensors flag (0x1000) that has new messages, {"i": unit id, "d":
    # {sensor id: {"value", "format": {"value"}}}}.
    with served() as wire:
        unit = sorted(wire.server.world.units)[0]
        spec = {"spec": [{"type": "id", "data": unit, "flags": 0x1401, "mode": 0}]}
        wire.json("core/update_data_flags", spec)
        wire.server.advance(120)
        reply = wire.avl_evts()
        check(
            reply,
            {
                "tm": int,
                "events": [dict],
                "sensors": [
                    {
                        "i": int,
                        "d": MapOf({"value": (int, float, str), "format": {"value": str}}),
                    }
                ],
            },
        )
        assert [s["i"] for s in reply["sensors"]] == [unit]
