"""unit/* writes: sensors, command definitions, sending commands, connection settings,
counters, activation.

Sensors and command definitions are stored in the unit's overlay (:mod:`wialon_mock.model.edits`),
so the unit's ``sens``/``cml``/``cmds`` sections, ``unit/get_command_definition_data`` and
WLP exports read them; connection settings are the unit's own attributes. Sessions that
registered the unit with the section's data flag get a ``t:"u"`` event.
"""

from __future__ import annotations

import json
from typing import Any

from ...model import commands, edits, sim
from ...model.errors import ApiError
from ...model.fleet_data import HW_TYPES
from ...model.items import Unit
from ...model.state import World
from .. import item_json
from ..params import as_int, obj, opt_int, opt_str, req_str
from ..registry import SessionCtx, endpoint
from ._common import next_id, sub_item, unit_of
from .item_fields import CALL_MODES, text

#: command types unit/send_cmd and unit/update_command_definition document
COMMAND_TYPES = frozenset(
    {
        "block_engine", "unblock_engine", "custom_msg", "driver_msg", "download_msgs",
        "query_pos", "query_photo", "output_on", "output_off", "send_position",
        "set_report_interval", "upload_cfg", "upload_sw",
    }
)  # fmt: skip
LINK_TYPES = ("", "tcp", "udp", "vrt", "gsm")
#: "Send commands" access bit: a command definition's ``a`` must include it (flags page)
ACL_EXEC_COMMANDS = 0x1000000


def _notify(ctx: SessionCtx, unit: Unit, data: dict[str, Any], need: int) -> None:
    ctx.world.version += 1
    ctx.world.notify(unit.id, {"i": unit.id, "t": "u", "d": data}, need=need)


def _table(raw: Any) -> list[dict[str, float]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ApiError(4)
    rows = []
    for row in raw:
        if not isinstance(row, dict):
            raise ApiError(4)
        try:
            rows.append({k: float(row.get(k, 0)) for k in ("x", "a", "b")})
        except (TypeError, ValueError):
            raise ApiError(4) from None
    return rows


@endpoint("unit/update_sensor")
def update_sensor(ctx: SessionCtx, params: Any) -> list[Any]:
    """Create, change or delete a sensor; answers ``[id, sensor]`` or ``[id, null]``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_sensor (en/es/ru;
    flags and types as on https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/unit/update_sensor).
    Deleting a sensor another sensor validates against (its ``vs``) with ``unlink:0`` is
    error 2015, the code the error table gives for "sensor delete forbidden"; with the
    default ``unlink:1`` those links are cleared instead. An unknown ``id`` is error 4.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    mode = req_str(p, "callMode")
    if mode not in CALL_MODES:
        raise ApiError(4)
    world = ctx.world
    sensors: dict[str, dict[str, Any]] = edits.writable(world, unit, "sens")
    if mode == "create":
        sensor_id = next_id(sensors)
        sensor: dict[str, Any] = {}
    else:
        sensor_id, sensor = sub_item(sensors, p)
    if mode == "delete":
        users = [s for s in sensors.values() if s.get("vs") == sensor_id and s["id"] != sensor_id]
        if users and opt_int(p, "unlink", 1) == 0:
            raise ApiError(2015)
        for other in users:
            other["vs"] = 0
        del sensors[str(sensor_id)]
        _notify(ctx, unit, {"sens": dict(sensors)}, 0x1000)
        return [sensor_id, None]
    name, kind = text(p, "n").strip(), text(p, "t").strip()
    if not name or not kind:
        raise ApiError(4)
    validator = opt_int(p, "vs", 0)
    if validator and (str(validator) not in sensors or validator == sensor_id):
        raise ApiError(4)
    sensor = {
        "id": sensor_id,
        "n": name,
        "t": kind,
        "d": opt_str(p, "d"),
        "m": opt_str(p, "m"),
        "p": opt_str(p, "p"),
        "f": opt_int(p, "f", 0),
        "c": opt_str(p, "c"),
        "vt": opt_int(p, "vt", 0),
        "vs": validator,
        "tbl": _table(p.get("tbl")),
    }
    sensors[str(sensor_id)] = sensor
    _notify(ctx, unit, {"sens": dict(sensors)}, 0x1000)
    return [sensor_id, dict(sensor)]


def sensors_of(world: World, unit: Unit) -> dict[str, dict[str, Any]]:
    """The unit's sensor definitions as readers see them (for sensor values and reports)."""
    sensors: dict[str, dict[str, Any]] = edits.current(world, unit, "sens")
    return sensors


@endpoint("unit/update_command_definition")
def update_command_definition(ctx: SessionCtx, params: Any) -> list[Any]:
    """Create, change or delete a command definition (``cml``); ``[id, command or null]``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_command_definition
    (the es page adds ``f`` and ``jp``; omitting ``jp`` on update clears it, as it says).
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    mode = req_str(p, "callMode")
    if mode not in CALL_MODES:
        raise ApiError(4)
    commands: dict[str, dict[str, Any]] = edits.writable(ctx.world, unit, "cml")
    if mode == "create":
        cmd_id = next_id(commands)
    else:
        cmd_id, _ = sub_item(commands, p)
    if mode == "delete":
        del commands[str(cmd_id)]
        _notify(ctx, unit, {"cml": dict(commands)}, 0x80000)
        return [cmd_id, None]
    name = text(p, "n").strip()
    kind, link = text(p, "c"), opt_str(p, "l")
    if not name or kind not in COMMAND_TYPES or link not in LINK_TYPES:
        raise ApiError(4)
    command = {
        "id": cmd_id,
        "n": name,
        "c": kind,
        "l": link,
        "p": opt_str(p, "p"),
        "a": opt_int(p, "a", ACL_EXEC_COMMANDS),
        "f": opt_int(p, "f", 0),
        "jp": opt_str(p, "jp"),
    }
    commands[str(cmd_id)] = command
    _notify(ctx, unit, {"cml": dict(commands)}, 0x80000)
    return [cmd_id, dict(command)]


def param_text(value: Any) -> str:
    """A command's ``param`` as the text a command message carries (JSON given as JSON)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    raise ApiError(4)


def leave_command(
    ctx: SessionCtx, unit: Unit, *, name: str, kind: str, param: str, link: str
) -> None:
    """Put the command message of a sent command into the unit's history (and announce it)."""
    message = commands.command_message(
        ctx.world.now(), name=name, kind=kind, param=param, user_id=ctx.session.user_id,
        link=link,
    )  # fmt: skip
    commands.record(ctx.world, unit.id, message)


@endpoint("unit/send_cmd")
def send_cmd(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Send a command of a type (no definition needed); accepted at once with ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/send_cmd (en/es/ru):
    ``commandType`` one of the documented types, ``linkType`` "" (auto), tcp, udp, vrt or
    gsm, ``param`` and ``timeout`` required. gsm needs a phone (flags 0x1/0x2 choose the
    primary or secondary one); a unit without it cannot execute the command (5).

    The command leaves a command message (``tp:"ucr"``, data format of messages) in the
    unit's history: later loads find it and sessions watching the unit's messages get it as
    a ``t:"m"`` event. Its name is ``commandName``, or the type when none is given (page).
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    kind, link = text(p, "commandType"), text(p, "linkType")
    if kind not in COMMAND_TYPES or link not in LINK_TYPES:
        raise ApiError(4)
    if not isinstance(p.get("param"), str | dict | list) or as_int(p.get("timeout")) < 0:
        raise ApiError(4)
    flags = opt_int(p, "flags", 0)
    if link == "gsm":
        phone = unit.ph2 if flags & 0x2 else unit.ph if flags & 0x1 else unit.ph or unit.ph2
        if not phone:
            raise ApiError(5)
    name = opt_str(p, "commandName") or kind
    leave_command(ctx, unit, name=name, kind=kind, param=param_text(p["param"]), link=link)
    return {}


def _unique(ctx: SessionCtx, unit: Unit, attr: str, value: str) -> None:
    if any(getattr(u, attr) == value for u in ctx.world.units.values() if u.id != unit.id):
        raise ApiError(1002)


def _phone(p: dict[str, Any]) -> str:
    phone = text(p, "phoneNumber").strip()
    if phone and not (phone.startswith("+") and phone[1:].isdigit() and len(phone) <= 16):
        raise ApiError(4)
    return phone


@endpoint("unit/update_phone")
def update_phone(ctx: SessionCtx, params: Any) -> dict[str, str]:
    """Set the unit's phone number; answers ``{"ph"}``. A number another unit has is 1002.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_phone (en/es/ru).
    The en page also calls an unchanged number 1002; es/ru (newer) only a number in use by
    another unit, which is what happens here.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    phone = _phone(p)
    if phone:
        _unique(ctx, unit, "ph", phone)
    unit.ph = phone
    _notify(ctx, unit, {"ph": phone}, 0x100)
    return {"ph": phone}


@endpoint("unit/update_phone2")
def update_phone2(ctx: SessionCtx, params: Any) -> dict[str, str]:
    """Set the unit's second phone number; answers ``{"ph2"}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_phone2 (the request
    and errors of update_phone, for the second number).
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    phone = _phone(p)
    if phone:
        _unique(ctx, unit, "ph2", phone)
    unit.ph2 = phone
    _notify(ctx, unit, {"ph2": phone}, 0x100)
    return {"ph2": phone}


@endpoint("unit/update_device_type")
def update_device_type(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the device type and unique id; answers ``{"uid","hw","hwd"}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_device_type; the
    es/ru pages (newer) add ``hwd`` (0 when no model is set) and refuse a unique id with
    leading or trailing spaces (4). The same unique id on another unit of the same device
    type is 1002.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    hw_id = as_int(p.get("deviceTypeId"))
    uid = text(p, "uniqueId")
    if all(hw.id != hw_id for hw in HW_TYPES) or uid != uid.strip():
        raise ApiError(4)
    if any(u.uid == uid and u.hw == hw_id and u.id != unit.id for u in ctx.world.units.values()):
        raise ApiError(1002)
    unit.hw, unit.uid = hw_id, uid
    _notify(ctx, unit, {"uid": uid, "hw": hw_id}, 0x100)
    return {"uid": uid, "hw": hw_id, "hwd": 0}


@endpoint("unit/update_unique_id2")
def update_unique_id2(ctx: SessionCtx, params: Any) -> dict[str, str]:
    """Set the second unique id (devices with two modems); answers ``{"uid2"}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_unique_id2
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    uid2 = text(p, "uniqueId2")
    if uid2 and any(
        edits.current(ctx.world, u, "uid2") == uid2
        for u in ctx.world.units.values()
        if u is not unit
    ):
        raise ApiError(1002)
    overlay = ctx.world.edits.overlays.setdefault(unit.id, edits.Overlay())
    overlay.sections["uid2"] = uid2
    _notify(ctx, unit, {"uid2": uid2}, 0x100)
    return {"uid2": uid2}


def _counter(ctx: SessionCtx, params: Any, key: str) -> dict[str, Any]:
    p = obj(params)
    unit = unit_of(ctx, p)
    raw = p.get("newValue")
    if raw is None or isinstance(raw, bool):
        raise ApiError(4)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ApiError(4) from None
    if not 0 <= value <= 0xFFFFFFFF:
        raise ApiError(4)
    world = ctx.world
    lmsg = sim.last_message(unit, world.clock.now(), world.config.seed)
    stored: dict[str, float] = edits.writable(world, unit, "counters")
    stored.pop(key, None)
    base = item_json.counters(world, unit, lmsg)[key]
    # keep the offset from the track's value, so the counter goes on growing from here
    stored[key] = value - float(base)
    shown = item_json.counters(world, unit, lmsg)[key]
    _notify(ctx, unit, {key: shown}, 0x2000)
    return {key: shown}


@endpoint("unit/update_mileage_counter")
def update_mileage_counter(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the mileage counter (km); answers ``{"cnm"}``, which then grows with the track.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_mileage_counter
    """
    return _counter(ctx, params, "cnm")


@endpoint("unit/update_eh_counter")
def update_eh_counter(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the engine-hours counter (h, 0..0xFFFFFFFF); answers ``{"cneh"}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_eh_counter (the en
    page shows update_device_type's request by mistake; es/ru give ``itemId``/``newValue``,
    which won).
    """
    return _counter(ctx, params, "cneh")


@endpoint("unit/update_traffic_counter")
def update_traffic_counter(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the GPRS traffic counter (KB); answers ``{"cnkb"}`` (``regReset`` is accepted).

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_traffic_counter
    """
    return _counter(ctx, params, "cnkb")


@endpoint("unit/set_active")
def set_active(ctx: SessionCtx, params: Any) -> dict[str, int]:
    """Activate (1) or deactivate (0) a unit; answers ``{"active"}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/set_active (en/es/ru). The
    unit's ``act`` (search results, ``sys_comm_state``) follows; sessions with the session
    property ``skip_nonactive_items`` stop seeing it in searches.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    if "active" not in p:
        raise ApiError(4)
    active = as_int(p["active"])
    if active not in (0, 1):
        raise ApiError(4)
    unit.act = active
    overlay = ctx.world.edits.overlays.setdefault(unit.id, edits.Overlay())
    overlay.sections["dactt"] = 0 if active else ctx.world.now()
    _notify(ctx, unit, {"act": active}, 0x100)
    return {"active": active}
