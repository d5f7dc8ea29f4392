"""More writes real integrations make: a unit's access password, counter calculation flags
and fuel math, driver assignment, user flags."""

from __future__ import annotations

import math
from typing import Any

from ...model import edits
from ...model.errors import ApiError
from ...model.items import User
from ..params import as_int, flags, obj
from ..registry import SessionCtx, endpoint
from ._common import item_of, next_id, resource_of, sub_item, unit_of
from .item_fields import text

#: user flags update_user_flags may change; 0x40 (administrator) is reported, never set (es)
_USER_FLAGS = 0x01 | 0x02 | 0x04 | 0x10 | 0x20


@endpoint("unit/update_access_password")
def update_access_password(ctx: SessionCtx, params: Any) -> dict[str, str]:
    """Set the unit's device access password; answers ``{"psw"}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_access_password
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    password = text(p, "accessPassword")
    unit.psw = password
    ctx.world.notify(unit.id, {"i": unit.id, "t": "u", "d": {"psw": password}}, need=0x100)
    return {"psw": password}


@endpoint("unit/update_calc_flags")
def update_calc_flags(ctx: SessionCtx, params: Any) -> dict[str, int]:
    """Set how the unit's counters are calculated (``cfl``); answers ``{"cfl"}``.

    https://help.wialon.com/ru/api/user-guide/api-reference/unit/update_calc_flags (the ru
    page gives the answer's key, the en page only "flags applied"); flags 0x0-0x3 choose the
    mileage source, 0x10/0x20/0x40 the engine hours source, 0x100/0x200/0x400 automatic
    counting, 0x1000 only with 0x1.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    value = as_int(p.get("newValue"))
    if not 0 <= value <= 0xFFFF or (value & 0x1000 and value & 0x3 != 0x1):
        raise ApiError(4)
    stored: dict[str, Any] = edits.writable(ctx.world, unit, "counters")
    stored["cfl"] = value
    ctx.world.notify(unit.id, {"i": unit.id, "t": "u", "d": {"cfl": value}}, need=0x2000)
    return {"cfl": value}


@endpoint("unit/update_fuel_math_params")
def update_fuel_math_params(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the math fuel consumption (idling l/h, urban and suburban l/100 km); ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_fuel_math_params;
    ``unit/get_fuel_settings`` and the unit's ``rfc`` show it afterwards.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    values = {}
    for key in ("idling", "urban", "suburban"):
        raw = p.get(key)
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise ApiError(4)
        try:
            number = float(raw)
        except ValueError:
            raise ApiError(4) from None
        if not (math.isfinite(number) and number >= 0):
            raise ApiError(4)
        values[key] = number
    stored: dict[str, Any] = edits.writable(ctx.world, unit, "rfc")
    stored["fuelConsMath"] = values
    return {}


@endpoint("resource/bind_unit_driver")
def bind_unit_driver(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Assign a driver to a unit (``mode`` 1) or separate them (0); ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/bind_unit_driver
    (en/ru): ``time`` 0 means now. The driver's ``bu`` (bound unit) and ``bt`` (binding time)
    follow and the binding joins the history get_driver_bindings reads; assigning an
    exclusive driver (flag 4) separates the unit's other drivers. An unknown driver is
    error 4, an unknown resource or unit 7.
    """
    from .bindings import bind

    bind(ctx, obj(params), "drivers", "driverId", 0x100)
    return {}


@endpoint("user/update_user_flags")
def update_user_flags(ctx: SessionCtx, params: Any) -> dict[str, int]:
    """Change a user's settings flags (bits in ``flagsMask`` take ``flags``); ``{"fl"}``.

    https://help.wialon.com/es/api/user-guide/api-reference/user/update_user_flags (newer
    than en): 0x1 disabled, 0x2 cannot change password, 0x4 can create items, 0x10 cannot
    change settings, 0x20 can send SMS; 0x40 (administrator) cannot be changed here. A
    disabled user's tokens no longer log in (token/login error 7).
    """
    p = obj(params)
    user = item_of(ctx, p, "userId")
    if not isinstance(user, User) or "flags" not in p or "flagsMask" not in p:
        raise ApiError(4 if isinstance(user, User) else 7)
    value, mask = flags(p["flags"]), flags(p["flagsMask"])
    if mask & ~_USER_FLAGS or value & ~mask:
        raise ApiError(7)
    if user.is_owner and mask & 0x1:
        raise ApiError(7)  # the account owner cannot lock itself out
    user.fl = (user.fl & ~mask) | (value & mask)
    if mask & 0x1:
        disabled = ctx.world.edits.disabled_users
        if value & 0x1:
            disabled.add(user.id)
        else:
            disabled.discard(user.id)
    ctx.world.notify(user.id, {"i": user.id, "t": "u", "d": {"fl": user.fl}}, need=0x100)
    return {"fl": user.fl}


@endpoint("unit/update_activity_settings")
def update_activity_settings(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the source of driver activity (0 none, 1 assignments and trips, 2 tachograph); ``{}``.

    https://help.wialon.com/es/api/user-guide/api-reference/unit/update_activity_settings
    (es/ru, newer than en): other values are stored but work as 0. ``get_activity_settings``
    answers the stored type afterwards.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    if "type" not in p:
        raise ApiError(4)
    kind = as_int(p["type"])
    if not 0 <= kind <= 0xFFFFFFFF:
        raise ApiError(4)
    overlay = ctx.world.edits.overlays.setdefault(unit.id, edits.Overlay())
    overlay.sections["activity"] = kind
    return {}


@endpoint("unit/get_vin_info")
def get_vin_info(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Profile fields known for a VIN: ``{"vin_lookup_result": {"pflds": [{"n","v"}...]}}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/get_vin_info (en/es): the
    fake VIN database is the fleet itself, so the VIN of a generated unit gives its make,
    model and VIN; any other VIN answers the documented failure form (``error``,
    ``message``, ``reasons``) inside ``vin_lookup_result``.
    """
    p = obj(params)
    vin = text(p, "vin").strip().upper()
    if not vin:
        raise ApiError(4)
    world = ctx.world
    for unit in world.units.values():
        fields = edits.current(world, unit, "pflds")
        if any(f["n"] == "vin" and f["v"] == vin for f in fields.values()):
            return {
                "vin_lookup_result": {
                    "pflds": [{"n": f["n"], "v": f["v"]} for f in fields.values()]
                }
            }
    return {
        "vin_lookup_result": {
            "error": True,
            "message": "VIN not found",
            "reasons": ["no vehicle with this VIN"],
        }
    }


#: log actions item/add_log_record lists (the page's table of action ids)
LOG_ACTIONS = frozenset(
    {
        "custom_msg", "create_unit", "update_name", "update_access", "update_unit_icon",
        "update_unit_pass", "update_unit_phone", "update_unit_phone2", "update_unit_calcflags",
        "update_unit_drat", "update_unit_milcounter", "update_unit_bytecounter",
        "update_unit_ehcounter", "update_unit_uid",
    }
)  # fmt: skip


@endpoint("item/add_log_record")
def add_log_record(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Add a record to an item's log; answers ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/item/add_log_record: ``action``
    is one of the documented action ids (``custom_msg`` for a manual record). Records are
    kept per item; no faked call reads the item log back yet.
    """
    p = obj(params)
    item = item_of(ctx, p)
    action = text(p, "action")
    if action not in LOG_ACTIONS:
        raise ApiError(4)
    record = {
        "t": ctx.world.now(),
        "action": action,
        "newValue": text(p, "newValue") if "newValue" in p else "",
        "oldValue": text(p, "oldValue") if "oldValue" in p else "",
    }
    log: list[dict[str, Any]] = edits.writable(ctx.world, item, "log")
    log.append(record)
    return {}


#: key order of a trailer in the update_trailer answer (help.wialon.com en/ru)
_TRAILER_KEYS = ("id", "n", "c", "ej", "jp", "ds", "p", "r", "ck", "bu", "pu", "bt")


@endpoint("resource/update_trailer")
def update_trailer(ctx: SessionCtx, params: Any) -> list[Any]:
    """Create, change or delete a trailer (or drop its picture); ``[id, trailer or null]``.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/update_trailer (en/ru):
    ``n`` names it, ``c`` is its code, ``ej``/``jp`` default to ``{}``; ``f`` is accepted
    but "not currently used". An ``id`` naming no trailer is error 4.
    """
    p = obj(params)
    res = resource_of(ctx, p)
    mode = text(p, "callMode")
    if mode not in ("create", "update", "delete", "reset_image"):
        raise ApiError(4)
    if mode == "create":
        trl_id = next_id(res.trailers)
        trailer: dict[str, Any] = dict.fromkeys(_TRAILER_KEYS, 0)
        trailer.update(id=trl_id, n="", c="", ej={}, jp={}, ds="", p="")
    else:
        trl_id, trailer = sub_item(res.trailers, p)
    if mode == "delete":
        del res.trailers[str(trl_id)]
        answer: list[Any] = [trl_id, None]
    else:
        if mode == "reset_image":
            trailer["ck"] = 0
        else:
            name = text(p, "n").strip() if "n" in p or mode == "create" else trailer["n"]
            if not 1 <= len(name) <= 50:
                raise ApiError(4)
            trailer["n"] = name
            for key in ("c", "ds"):
                if key in p:
                    trailer[key] = text(p, key)
            for key in ("ej", "jp"):
                value = p.get(key, trailer[key])
                if not isinstance(value, dict):
                    raise ApiError(4)
                trailer[key] = value
        res.trailers[str(trl_id)] = trailer
        answer = [trl_id, dict(trailer)]
    ctx.world.version += 1
    ctx.world.notify(
        res.id, {"i": res.id, "t": "u", "d": {"trlrs": dict(res.trailers)}}, need=0x10000
    )
    return answer


@endpoint("core/check_items_billing")
def check_items_billing(ctx: SessionCtx, params: Any) -> list[int]:
    """Which of ``items`` the current user has ``accessFlags`` to under ``serviceName``.

    https://help.wialon.com/en/api/user-guide/api-reference/core/check_items_billing
    (en/es/ru): both the access rights and the billing service are checked; items that do
    not exist or lack a right are left out of the answer (not an error). A service the
    account does not have leaves nothing.
    """
    from .token import FEATURES  # the login answer's billing services are the account's

    p = obj(params)
    raw = p.get("items")
    if not isinstance(raw, list) or "accessFlags" not in p:
        raise ApiError(4)
    need = flags(p["accessFlags"])
    service = p.get("serviceName", "")
    if not isinstance(service, str):
        raise ApiError(4)
    world = ctx.world
    if service and service not in FEATURES["svcs"]:
        return []
    user_id = ctx.session.user_id if ctx.session is not None else world.owner_id
    out = []
    for value in raw:
        item_id = as_int(value)
        if (
            world.item(item_id) is not None
            and edits.access_mask(world, user_id, item_id) & need == need
        ):
            out.append(item_id)
    return out
