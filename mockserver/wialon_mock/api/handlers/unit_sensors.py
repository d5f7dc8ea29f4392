"""unit/calc_* calls: sensor values and counters computed from the unit's sensors.

Values come from :mod:`wialon_mock.model.sensor_values`, the same code the reports, avl_evts
and messages/load_interval with ``calcSensors`` use, so they agree with each other.
"""

from __future__ import annotations

from typing import Any

from ...model import sensor_values as sv
from ...model import sim
from ...model.errors import ApiError
from ...model.items import Unit
from ..params import as_int, id_list, obj, opt_int, req_int
from ..registry import SessionCtx, endpoint
from ..report_result import locale_of

#: the most units one unit/calc_last answers for (our bound: the page names none)
CALC_LAST_MAX = 10_000


def _unit(ctx: SessionCtx, item_id: int) -> Unit:
    item = ctx.world.item(item_id)
    if not isinstance(item, Unit):
        raise ApiError(7)
    return item


def _second(point: tuple[int, float]) -> float:
    return point[1]


def _ids(value: Any) -> set[str]:
    return {str(i) for i in id_list(value)}


@endpoint("unit/calc_last")
def calc_last(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Last known counters, position and sensor values of units.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/calc_last (ru page: the array
    must not be empty). Formatted values follow the session's render locale.
    """
    p = obj(params)
    ids = id_list(p.get("itemIds"))
    if not ids or len(ids) > CALC_LAST_MAX:
        raise ApiError(4)
    units = [_unit(ctx, i) for i in ids]
    loc = locale_of(ctx.world, ctx.session)
    now, seed = ctx.world.now(), ctx.world.config.seed
    out: list[dict[str, Any]] = []
    for unit in units:
        lmsg = sim.last_message(unit, now, seed)
        at = lmsg["t"] if lmsg else unit.ct
        entry: dict[str, Any] = {"i": unit.id}
        # the counters of the unit JSON (0x2000 cnm/cneh): the track's values plus what
        # clients set with unit/update_mileage_counter and unit/update_eh_counter
        km_offset, hours_offset = sv.counter_offsets(ctx.world, unit)
        km = sv.mileage_km(unit, at) + km_offset
        entry["mileage"] = sv.measure(loc, loc.distance(km))
        hours = sv.engine_seconds(ctx.world, unit, at) / 3600.0 + hours_offset
        entry["engine_hours"] = sv.measure(loc, (hours, loc.word("h")))
        if lmsg is not None:
            pos = lmsg["pos"]
            entry["pos"] = {
                "y": pos["y"],
                "x": pos["x"],
                "c": pos["c"],
                "z": sv.measure(loc, loc.altitude(float(pos["z"]))),
                "s": sv.measure(loc, loc.speed(float(pos["s"]))),
                "sc": pos["sc"],
            }
        entry["sensors"] = sv.entries(sv.definitions(ctx.world, unit), lmsg)
        out.append(entry)
    return out


@endpoint("unit/calc_sensors_last")
def calc_sensors_last(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Sensor values from the unit's last message (``sensorId`` 0 or absent: every sensor).

    https://help.wialon.com/en/api/user-guide/api-reference/unit/calc_sensors_last . Error 5
    ("error obtaining the last value") when the unit has no message yet or no such sensor.
    """
    p = obj(params)
    unit = _unit(ctx, req_int(p, "unitId"))
    sensor = opt_int(p, "sensorId", 0)
    defs = sv.definitions(ctx.world, unit)
    if sensor and str(sensor) not in defs:
        raise ApiError(5)
    lmsg = sim.last_message(unit, ctx.world.now(), ctx.world.config.seed)
    if lmsg is None:
        raise ApiError(5)
    return sv.entries(defs, lmsg, {str(sensor)} if sensor else None)


@endpoint("unit/calc_last_message")
def calc_last_message(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Plain sensor values from the unit's last message (``sensors`` empty: every sensor).

    https://help.wialon.com/en/api/user-guide/api-reference/unit/calc_last_message ; the ru/es
    pages add that a sensor that cannot be calculated reads -348201.3876, and that a missing
    unit is error 7. ``flags:1`` (last valid value) changes nothing here: every generated
    message carries every parameter.
    """
    p = obj(params)
    unit = _unit(ctx, req_int(p, "unitId"))
    only = _ids(p["sensors"]) if p.get("sensors") else None
    opt_int(p, "flags", 0)
    lmsg = sim.last_message(unit, ctx.world.now(), ctx.world.config.seed)
    return sv.plain(sv.definitions(ctx.world, unit), lmsg, only)


@endpoint("unit/calc_sensors")
def calc_sensors(ctx: SessionCtx, params: Any) -> list[Any]:
    """Sensor values of messages ``indexFrom..indexTo`` of the session's message loader.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/calc_sensors : one
    ``{sensor id: value}`` object per message, or with ``width`` one list of per-sensor series
    of ``left/right/bottom/top`` ``[time, value]`` pairs per sub-interval. Only the loader is a
    source here (a layer name in ``source`` is error 4: no render layers are faked); without
    loaded messages, or with indexes outside them, error 4.
    """
    p = obj(params)
    source = p.get("source", "")
    if source not in ("", None):
        raise ApiError(4)
    loader = ctx.session.loader
    if loader is None:
        raise ApiError(4)
    unit = ctx.world.units.get(loader.unit_id)
    if unit is None:
        raise ApiError(7)
    lo, hi = req_int(p, "indexFrom"), req_int(p, "indexTo")
    if lo < 0 or hi < lo or lo >= len(loader.times):
        raise ApiError(4)
    top = min(hi, len(loader.times) - 1) + 1
    # command messages (loader.extra) carry no parameters: their values come out empty
    positions = [i for i in range(lo, top) if i not in loader.extra]
    times = [loader.times[i] for i in positions]
    sensor = opt_int(p, "sensorId", 0)
    defs = sv.definitions(ctx.world, unit)
    if sensor:
        if str(sensor) not in defs:
            raise ApiError(4)
        defs = {str(sensor): defs[str(sensor)]}
    seed = ctx.world.config.seed
    width = as_int(p.get("width", 0) or 0)
    if width < 0:
        raise ApiError(4)
    if not width:
        return [
            sv.plain(defs, loader.extra[i] if i in loader.extra else sim.message(unit, t, seed))
            for i, t in zip(range(lo, top), loader.times[lo:top], strict=True)
        ]
    series: list[dict[str, Any]] = []
    for defn in defs.values():
        points = [(t, sv.value(defn, sim.message(unit, t, seed))) for t in times]
        known: list[tuple[int, float]] = [(t, v) for t, v in points if v is not None]
        data = []
        size = max(1, -(-len(known) // width))
        for k in range(0, len(known), size):
            chunk = known[k : k + size]
            low: tuple[int, float] = min(chunk, key=_second)
            high: tuple[int, float] = max(chunk, key=_second)
            data.append(
                {
                    "left": [chunk[0][0], chunk[0][1]],
                    "right": [chunk[-1][0], chunk[-1][1]],
                    "bottom": [low[0], low[1]],
                    "top": [high[0], high[1]],
                }
            )
        series.append({"name": defn.get("n", ""), "data": data})
    return [series]
