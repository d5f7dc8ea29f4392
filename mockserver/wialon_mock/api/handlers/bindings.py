"""Driver and trailer assignment: who is bound to which unit now, and since when.

``resource/bind_unit_driver`` and ``bind_unit_trailer`` keep the binding on the driver or
trailer (``bu``, ``bt``) and append it to the resource's binding history, which
``get_driver_bindings`` reads; ``get_unit_drivers``/``get_unit_trailers`` answer from the
current bindings.
"""

from __future__ import annotations

import math
from typing import Any

from ...model import edits
from ...model.errors import ApiError
from ...model.items import Resource
from ..params import as_int, id_list, obj, opt_int, req_int
from ..registry import SessionCtx, endpoint
from ._common import resource_of, unit_of

#: a driver (or trailer) with this flag is exclusive: binding it separates the others
EXCLUSIVE = 0x4


def record(ctx: SessionCtx, res: Resource, kind: str, obj_id: int, unit_id: int, when: int) -> None:
    """Append one assignment (``unit_id``) or separation (0) to the binding history."""
    history: list[dict[str, int]] = edits.writable(ctx.world, res, f"{kind}_bindings")
    history.append({"id": obj_id, "t": when, "u": unit_id})


def bind(ctx: SessionCtx, p: dict[str, Any], table_key: str, id_key: str, need: int) -> None:
    """Bind (``mode`` 1) or separate (0) a driver or trailer and a unit."""
    res = resource_of(ctx, p, "resourceId")
    unit = unit_of(ctx, p, "unitId")
    table: dict[str, dict[str, Any]] = getattr(res, table_key)
    target = table.get(str(as_int(p.get(id_key))))
    if target is None:
        raise ApiError(4)
    when = opt_int(p, "time", 0) or ctx.world.now()
    mode = p.get("mode", 1)
    if when < 0 or mode not in (0, 1, True, False, "0", "1"):
        raise ApiError(4)
    kind = "driver" if table_key == "drivers" else "trailer"
    if mode in (1, True, "1"):
        if target.get("f", 0) & EXCLUSIVE:
            for other in table.values():
                if other is not target and other.get("bu") == unit.id:
                    other.update(bu=0, pu=unit.id, bt=when)
                    record(ctx, res, kind, other["id"], 0, when)
        target.update(pu=target.get("bu", 0), bu=unit.id, bt=when)
        record(ctx, res, kind, target["id"], unit.id, when)
    elif target.get("bu") == unit.id:
        target.update(bu=0, pu=unit.id, bt=when)
        record(ctx, res, kind, target["id"], 0, when)
    key = "drvrs" if kind == "driver" else "trlrs"
    ctx.world.version += 1
    ctx.world.notify(res.id, {"i": res.id, "t": "u", "d": {key: dict(table)}}, need=need)


@endpoint("resource/bind_unit_trailer")
def bind_unit_trailer(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Assign a trailer to a unit (``mode`` 1) or separate them (0); ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/bind_unit_trailer (en/es):
    ``time`` 0 means now; an unknown trailer is error 4.
    """
    bind(ctx, obj(params), "trailers", "trailerId", 0x10000)
    return {}


@endpoint("resource/get_driver_bindings")
def get_driver_bindings(ctx: SessionCtx, params: Any) -> dict[str, list[dict[str, int]]]:
    """Assignments and separations of drivers in an interval: ``{driver id: [{"t","u"}]}``.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/get_driver_bindings
    (en/es): ``unitId`` 0 means all units, ``driverId`` 0 all drivers; ``u`` is the unit of
    an assignment and 0 for a separation. Only bindings made through this server exist.
    """
    p = obj(params)
    res = resource_of(ctx, p, "resourceId")
    unit_id, driver_id = opt_int(p, "unitId", 0), opt_int(p, "driverId", 0)
    start, end = req_int(p, "timeFrom"), req_int(p, "timeTo")
    if unit_id:
        unit_of(ctx, p, "unitId")
    history: list[dict[str, int]] = edits.current(ctx.world, res, "driver_bindings")
    out: dict[str, list[dict[str, int]]] = {}
    bound: dict[int, int] = {}
    for entry in history:
        # a separation belongs to the unit the driver was bound to before it
        unit = entry["u"] or bound.get(entry["id"], 0)
        bound[entry["id"]] = entry["u"]
        if driver_id and entry["id"] != driver_id:
            continue
        if unit_id and unit != unit_id:
            continue
        if start <= entry["t"] <= end:
            out.setdefault(str(entry["id"]), []).append({"t": entry["t"], "u": entry["u"]})
    return out


def _bound_to(ctx: SessionCtx, unit_id: int, table_key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for res in ctx.world.resources.values():
        table: dict[str, dict[str, Any]] = getattr(res, table_key)
        for entry in table.values():
            if entry.get("bu") == unit_id:
                row = {"id": str(entry["id"]), "nm": entry["n"]}
                if table_key == "drivers":
                    row["ph"] = entry.get("p", "")
                out.setdefault(str(res.id), []).append(row)
    return out


@endpoint("resource/get_unit_drivers")
def get_unit_drivers(ctx: SessionCtx, params: Any) -> dict[str, list[dict[str, Any]]]:
    """Drivers bound to a unit, per resource: ``{resource id: [{"id","nm","ph"}]}``.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/get_unit_drivers
    (en/es/ru): ids are text, as the pages show them.
    """
    p = obj(params)
    return _bound_to(ctx, unit_of(ctx, p, "unitId").id, "drivers")


@endpoint("resource/get_unit_trailers")
def get_unit_trailers(ctx: SessionCtx, params: Any) -> dict[str, list[dict[str, Any]]]:
    """Trailers bound to a unit, per resource: ``{resource id: [{"id","nm"}]}``.

    https://help.wialon.com/es/api/user-guide/api-reference/resource/get_unit_trailers (the
    en page names get_unit_drivers by mistake in its first line; the request is the same).
    """
    p = obj(params)
    return _bound_to(ctx, unit_of(ctx, p, "unitId").id, "trailers")


def _auto_units(ctx: SessionCtx, params: Any, key: str) -> dict[str, list[int]]:
    p = obj(params)
    res = resource_of(ctx, p)
    units = id_list(p.get("units"))
    if any(u not in ctx.world.units for u in units):
        raise ApiError(4)
    overlay = ctx.world.edits.overlays.setdefault(res.id, edits.Overlay())
    overlay.sections[key] = list(dict.fromkeys(units))
    return {key: list(overlay.sections[key])}


@endpoint("resource/update_driver_units")
def update_driver_units(ctx: SessionCtx, params: Any) -> dict[str, list[int]]:
    """Units drivers may bind to automatically; answers ``{"drvrun": [...]}``.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/update_driver_units
    """
    return _auto_units(ctx, params, "drvrun")


@endpoint("resource/update_trailer_units")
def update_trailer_units(ctx: SessionCtx, params: Any) -> dict[str, list[int]]:
    """Units trailers may bind to automatically; answers ``{"trlrun": [...]}``.

    https://help.wialon.com/es/api/user-guide/api-reference/resource/update_trailer_units
    """
    return _auto_units(ctx, params, "trlrun")


@endpoint("unit/update_fuel_rates_params")
def update_fuel_rates_params(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set fuel consumption by rates (summer and winter l/100 km, the winter period); ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_fuel_rates_params
    (en/es/ru): months 0-11, days 1-31; ``get_fuel_settings`` shows them afterwards.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    rates: dict[str, Any] = {}
    for key in ("consSummer", "consWinter"):
        raw = p.get(key)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ApiError(4)
        if not math.isfinite(raw) or raw < 0:
            raise ApiError(4)
        rates[key] = float(raw)
    for key, low, high in (
        ("winterMonthFrom", 0, 11), ("winterDayFrom", 1, 31),
        ("winterMonthTo", 0, 11), ("winterDayTo", 1, 31),
    ):  # fmt: skip
        value = req_int(p, key)
        if not low <= value <= high:
            raise ApiError(4)
        rates[key] = value
    stored: dict[str, Any] = edits.writable(ctx.world, unit, "rfc")
    stored["fuelConsRates"] = rates
    return {}
