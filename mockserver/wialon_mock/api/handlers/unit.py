"""unit/* calls: settings the WLP export reads, fuel settings, commands, unit images."""

from __future__ import annotations

import bisect
from typing import Any

from wialon_protocol.errors import ErrorCode as E
from wialon_protocol.flags import UnitsDataFlag

from ...model import edits, sim, trips
from ...model.edits import Image
from ...model.errors import ApiError
from ...model.fleet_data import HW_TYPES
from ..params import id_list, obj, opt_str, req_int, req_str
from ..registry import SessionCtx, endpoint
from ..rights import CHANGE_ICON, EDIT_CONNECTIVITY, SEND_COMMANDS, require
from ._common import image_type as _image_type
from ._common import unit_of, upload_event
from .unit_write import leave_command, param_text

_IMAGE = int(UnitsDataFlag.IMAGE)


@endpoint("unit/get_fuel_settings")
def get_fuel_settings(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Fuel consumption settings of a unit.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/get_fuel_settings
    """
    unit = unit_of(ctx, obj(params))
    return dict(edits.current(ctx.world, unit, "rfc"))


@endpoint("unit/get_report_settings")
def get_report_settings(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Parameters the unit's reports use (speed limit, mileage coefficient, ...)."""
    unit = unit_of(ctx, obj(params))
    return dict(edits.current(ctx.world, unit, "report_settings"))


@endpoint("unit/get_activity_settings")
def get_activity_settings(ctx: SessionCtx, params: Any) -> dict[str, int]:
    """Source of driver activity (0 none, 1 assignments, 2 tachograph).

    https://help.wialon.com/en/api/user-guide/api-reference/unit/get_activity_settings
    """
    unit = unit_of(ctx, obj(params))
    overlay = ctx.world.edits.overlays.get(unit.id)
    return {"type": overlay.sections.get("activity", 1) if overlay else 1}


@endpoint("unit/get_messages_filter")
def get_messages_filter(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Location-data filtering settings of a unit.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/get_messages_filter
    """
    unit = unit_of(ctx, obj(params))
    return dict(edits.current(ctx.world, unit, "messages_filter"))


@endpoint("unit/get_drive_rank_settings")
def get_drive_rank_settings(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Eco-driving criteria; ``{}`` because none are configured in generated fleets.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/get_drive_rank_settings
    """
    unit_of(ctx, obj(params))
    return {}


@endpoint("unit/get_command_definition_data")
def get_command_definition_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """The unit's command definitions, optionally only those with ids in ``col``.

    https://help.wialon.com/es/api/user-guide/api-reference/unit/get_command_definition_data
    (newer than the en page): with ``col`` the answer holds those commands in the same order,
    ids that name no command are left out; ``jp`` is the JSON parameters as text.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    commands: dict[str, dict[str, Any]] = edits.current(ctx.world, unit, "cml")
    if p.get("col") is None:
        chosen = list(commands.values())
    else:
        chosen = [commands[str(i)] for i in id_list(p["col"]) if str(i) in commands]
    return [{"jp": "", **command} for command in chosen]


@endpoint("unit/update_hw_params")
def update_hw_params(ctx: SessionCtx, params: Any) -> Any:
    """Device configuration: ``action:"get"`` lists it (empty for generated devices).

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_hw_params
    """
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
        require(ctx, unit_of(ctx, p), EDIT_CONNECTIVITY)
        return {}
    raise ApiError(E.INVALID_INPUT)


@endpoint("unit/exec_cmd")
def exec_cmd(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Send a command to the unit (accepted at once).

    https://help.wialon.com/en/api/user-guide/api-reference/unit/exec_cmd : the command is
    one of the unit's definitions (generated or made with update_command_definition); a link
    type or parameters in the definition win over the request's (ru/es pages). It leaves a
    command message in the unit's history (see unit/send_cmd).
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    require(ctx, unit, SEND_COMMANDS)
    name = opt_str(p, "commandName") or opt_str(p, "cmdName")
    cml = edits.current(ctx.world, unit, "cml")
    definition = next((c for c in cml.values() if c.get("n") == name), None)
    if definition is None:
        raise ApiError(E.ERROR_PERFORMING_REQUEST)
    link = opt_str(p, "linkType")
    if link not in ("", "tcp", "udp", "vrt", "gsm"):
        raise ApiError(E.INVALID_INPUT)
    param = definition.get("p") or param_text(p.get("param", ""))
    link = definition.get("l") or link
    leave_command(ctx, unit, name=name, kind=definition.get("c", ""), param=param, link=link)
    return {}


@endpoint("unit/upload_image")
def upload_image(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the unit's icon from an uploaded file; completion arrives as an ``i:-1`` event.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/upload_image: the picture
    is kept and ``/avl_item_image/{id}/{size}/{ugi}.png`` serves it from then on; ``ugi``
    (the image change counter) goes up so clients fetch it again.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    require(ctx, unit, CHANGE_ICON)
    if not ctx.uploads:
        raise ApiError(4)
    upload = ctx.uploads[0]
    # the upload's own file: read, not closed (the request closes it)
    kind = _image_type(upload)  # reads the head: before the whole is read from the start
    ctx.world.edits.item_images[unit.id] = Image.from_stream(upload.open(), kind)
    unit.ugi += 1
    ctx.world.notify(unit.id, {"i": unit.id, "t": "u", "d": {"ugi": unit.ugi}}, need=_IMAGE)
    upload_event(ctx, p)
    return {}


@endpoint("unit/get_trip_detector")
def get_trip_detector(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Trip detection settings of a unit.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/get_trip_detector
    """
    unit = unit_of(ctx, obj(params))
    return dict(edits.current(ctx.world, unit, "rtd"))


@endpoint("unit/get_trips")
def get_trips(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Trips found in the unit's messages of an interval (mileage ``m`` in metres).

    https://help.wialon.com/en/api/user-guide/api-reference/unit/get_trips
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    start, end = req_int(p, "timeFrom"), req_int(p, "timeTo")
    if end < start:
        raise ApiError(E.INVALID_INPUT)
    end = min(end, ctx.world.now())
    trips.check_budget([unit], start, end)
    # messages deleted with messages/delete_message are not read, and ``i`` counts only
    # the messages that are left, as messages/load_interval of the same span numbers them
    times = edits.live(ctx.world, unit.id, sim.times_between(unit, start - 1, end))

    def point(msg: dict[str, Any]) -> dict[str, Any]:
        index = bisect.bisect_left(times, msg["t"])
        return {"i": index, "t": msg["t"], "p": {"y": msg["pos"]["y"], "x": msg["pos"]["x"]}}

    return [
        {"from": point(trip.first), "to": point(trip.last), "m": round(trip.km * 1000.0, 1)}
        for trip in trips.find(unit, start, end, ctx.world.config.seed, times=times)
    ]
