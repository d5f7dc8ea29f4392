"""unit/* calls: settings the WLP export reads, fuel settings, commands, unit images."""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E
from wialon_protocol.flags import UnitsDataFlag

from ...model import sim, trips
from ...model.errors import ApiError
from ...model.fleet_data import COMMANDS, HW_TYPES
from ...model.report_intervals import SPEED_LIMIT
from .. import item_json
from ..params import id_list, obj, opt_str, req_int, req_str
from ..registry import SessionCtx, endpoint
from ._common import unit_of, upload_event

_IMAGE = int(UnitsDataFlag.IMAGE)


@endpoint("unit/get_fuel_settings")
def get_fuel_settings(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Fuel consumption settings of a unit."""
    unit_of(ctx, obj(params))
    return item_json.fuel_settings()


@endpoint("unit/get_report_settings")
def get_report_settings(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Parameters the unit's reports use (speed limit, mileage coefficient, ...)."""
    unit_of(ctx, obj(params))
    return {
        "speedLimit": SPEED_LIMIT,
        "maxMessagesInterval": 3600,
        "dailyEngineHoursRate": 28800,
        "urbanMaxSpeed": 50,
        "mileageCoefficient": 1.0,
        "fuelRateCoefficient": 0.0,
        "speedingTolerance": 10,
        "speedingMinDuration": 10,
        "speedingMode": 0,
    }


@endpoint("unit/get_activity_settings")
def get_activity_settings(ctx: SessionCtx, params: Any) -> dict[str, int]:
    """Source of driver activity (0 none, 1 assignments, 2 tachograph)."""
    unit_of(ctx, obj(params))
    return {"type": 1}


@endpoint("unit/get_messages_filter")
def get_messages_filter(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Location-data filtering settings of a unit."""
    unit_of(ctx, obj(params))
    return {
        "enabled": 1,
        "skipInvalid": 1,
        "minSats": 4,
        "maxHdop": 5.0,
        "maxSpeed": 200,
        "lbsCorrection": 0,
        "wifiCorrection": 0,
        "minWifiPoints": 0,
        "maxWifiPoints": 0,
        "wifiAccuracy": 0.0,
    }


@endpoint("unit/get_drive_rank_settings")
def get_drive_rank_settings(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Eco-driving criteria; ``{}`` because none are configured in generated fleets."""
    unit_of(ctx, obj(params))
    return {}


@endpoint("unit/get_command_definition_data")
def get_command_definition_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """The unit's command definitions, optionally only those with ids in ``col``."""
    p = obj(params)
    unit_of(ctx, p)
    wanted = None if p.get("col") is None else id_list(p["col"])
    out = []
    for n, command in enumerate(COMMANDS, start=1):
        if wanted is None or n in wanted:
            out.append({"id": n, **command, "jp": ""})
    return out


@endpoint("unit/update_hw_params")
def update_hw_params(ctx: SessionCtx, params: Any) -> Any:
    """Device configuration: ``action:"get"`` lists it (empty for generated devices)."""
    p = obj(params)
    hw_id = req_int(p, "hwId")
    if all(hw.id != hw_id for hw in HW_TYPES):
        raise ApiError(E.INVALID_INPUT)
    action = req_str(p, "action")
    if action == "get":
        unit_of(ctx, p)
        return []
    if action == "check_config":
        return {"config": 0}
    if action == "set":
        unit_of(ctx, p)
        return {}
    raise ApiError(E.INVALID_INPUT)


@endpoint("unit/exec_cmd")
def exec_cmd(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Send a command to the unit (accepted at once)."""
    p = obj(params)
    unit_of(ctx, p)
    name = opt_str(p, "commandName") or opt_str(p, "cmdName")
    if name not in {c["n"] for c in COMMANDS}:
        raise ApiError(E.ERROR_PERFORMING_REQUEST)
    if opt_str(p, "linkType") not in ("", "tcp", "udp", "vrt", "gsm"):
        raise ApiError(E.INVALID_INPUT)
    return {}


@endpoint("unit/upload_image")
def upload_image(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the unit's icon from an uploaded file; completion arrives as an ``i:-1`` event."""
    p = obj(params)
    unit = unit_of(ctx, p)
    if not ctx.uploads:
        raise ApiError(E.INVALID_INPUT)
    unit.ugi += 1
    ctx.world.notify(unit.id, {"i": unit.id, "t": "u", "d": {"ugi": unit.ugi}}, need=_IMAGE)
    upload_event(ctx, p)
    return {}


@endpoint("unit/get_trip_detector")
def get_trip_detector(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Trip detection settings of a unit."""
    unit_of(ctx, obj(params))
    return item_json.trip_detector()


@endpoint("unit/get_trips")
def get_trips(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Trips found in the unit's messages of an interval (mileage ``m`` in metres)."""
    p = obj(params)
    unit = unit_of(ctx, p)
    start, end = req_int(p, "timeFrom"), req_int(p, "timeTo")
    if end < start:
        raise ApiError(E.INVALID_INPUT)
    end = min(end, ctx.world.now())
    trips.check_budget([unit], start, end)
    first = sim.next_time_after(unit, max(start, unit.ct) - 1)

    def point(msg: dict[str, Any]) -> dict[str, Any]:
        index = (msg["t"] - first) // unit.interval
        return {"i": index, "t": msg["t"], "p": {"y": msg["pos"]["y"], "x": msg["pos"]["x"]}}

    return [
        {"from": point(trip.first), "to": point(trip.last), "m": round(trip.km * 1000.0, 1)}
        for trip in trips.find(unit, start, end, ctx.world.config.seed)
    ]
