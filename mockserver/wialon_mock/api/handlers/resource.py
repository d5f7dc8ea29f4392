"""resource/* calls: geofences, jobs, notifications, driver images."""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model.errors import ApiError
from ..params import as_int, id_list, obj, opt_int
from ..registry import SessionCtx, endpoint
from ..rights import EDIT_DRIVERS, require
from ._common import resource_of, upload_event


def _pick(table: dict[str, dict[str, Any]], col: Any) -> list[dict[str, Any]]:
    if col is None:
        return list(table.values())
    return [table[str(i)] for i in id_list(col) if str(i) in table]


@endpoint("resource/get_zone_data")
def get_zone_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Geofences of a resource; ``flags`` (default 0x1C) choose the sections."""
    p = obj(params)
    res = resource_of(ctx, p)
    flags = opt_int(p, "flags", 0x1C)
    out = []
    for zone in _pick(res.zones, p.get("col")):
        entry: dict[str, Any] = {}
        if flags & 0x10:
            entry.update(
                n=zone["n"], d=zone["d"], id=zone["id"], rid=res.id, t=zone["t"], w=zone["w"]
            )
            entry.update(f=zone["f"], c=zone["c"], tc=0, ts=12, min=0, max=19, i=zone["i"])
        if flags & 0x1:
            entry["ar"] = round(3.14159 * zone["w"] ** 2, 1)
        if flags & 0x2:
            entry["pr"] = round(2 * 3.14159 * zone["w"], 1)
        if flags & 0x4:
            entry["b"] = dict(zone["b"])
        if flags & 0x8:
            entry["p"] = [dict(pt) for pt in zone["p"]]
        entry["ct"], entry["mt"] = zone["ct"], zone["mt"]
        out.append(entry)
    return out


@endpoint("resource/get_job_data")
def get_job_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Jobs of a resource (generated fleets have none)."""
    p = obj(params)
    return _pick(resource_of(ctx, p).jobs, p.get("col"))


@endpoint("resource/get_notification_data")
def get_notification_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Notifications of a resource (generated fleets have none)."""
    p = obj(params)
    return _pick(resource_of(ctx, p).notifications, p.get("col"))


@endpoint("resource/upload_driver_image")
def upload_driver_image(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A driver's photo; the reply is ``{}`` and completion arrives as an ``i:-1`` event.

    help.wialon.com/en/api/user-guide/api-reference/resource/upload_driver_image lists no error
    codes; its sibling driver calls (resource/update_driver, update_drivers_group,
    bind_unit_driver: "failed to fetch the resource with the desired ACL
    (ADF_ACL_AVL_RES_EDIT_DRIVERS)") answer 7 without the drivers edit right, 0x80000000 on
    the resource (core/check_items_billing), and so does this one: the photo changes a driver.
    """
    p = obj(params)
    res = resource_of(ctx, p)
    # checked before the driver is looked up, as the real server fetches the resource
    # with the ACL first
    require(ctx, res, EDIT_DRIVERS)
    if str(as_int(p.get("driverId"))) not in res.drivers:
        raise ApiError(E.ACCESS_DENIED)
    if not ctx.uploads:
        raise ApiError(E.INVALID_INPUT)
    upload_event(ctx, p)
    return {}
