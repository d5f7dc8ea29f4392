"""resource/* calls: geofences, jobs, notifications, driver images."""

from __future__ import annotations

from typing import Any

from ...model import geofence
from ...model.edits import Image
from ...model.errors import ApiError
from ..params import as_int, id_list, obj, opt_int
from ..registry import SessionCtx, endpoint
from ..rights import EDIT_DRIVERS, require
from ._common import image_type, resource_of, upload_event
from .resource_write import zone_icon


def _pick(table: dict[str, dict[str, Any]], col: Any) -> list[dict[str, Any]]:
    if col is None:
        return list(table.values())
    return [table[str(i)] for i in id_list(col) if str(i) in table]


@endpoint("resource/get_zone_data")
def get_zone_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Geofences of a resource; ``flags`` (default 0x1C) choose the sections.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/get_zone_data: the
    basic properties (0x10) carry ``icon`` (the image URI, empty without an image), ``path``,
    ``libId`` and ``jp`` besides the display settings; area (0x1) in m², perimeter (0x2) in m
    are worked out from the shape of each type.
    """
    p = obj(params)
    res = resource_of(ctx, p)
    flags = opt_int(p, "flags", 0x1C)
    out = []
    for zone in _pick(res.zones, p.get("col")):
        kind, pts, width = zone["t"], zone["p"], zone["w"]
        entry: dict[str, Any] = {}
        if flags & 0x10:
            entry.update(n=zone["n"], d=zone["d"], id=zone["id"], rid=res.id, t=kind, w=width)
            entry.update(
                f=zone["f"], c=zone["c"], tc=zone.get("tc", 0), ts=zone.get("ts", 12),
                min=zone.get("min", 0), max=zone.get("max", 19), i=zone["i"],
            )  # fmt: skip
            entry.update(
                icon=zone_icon(res.id, zone), path=zone.get("path", ""),
                libId=zone.get("libId", 0), jp=zone.get("jp", {}),
            )  # fmt: skip
        if flags & 0x1:
            entry["ar"] = geofence.area(kind, pts, width)
        if flags & 0x2:
            entry["pr"] = geofence.perimeter(kind, pts, width)
        if flags & 0x4:
            entry["b"] = dict(zone["b"])
        if flags & 0x8:
            entry["p"] = [dict(pt) for pt in pts]
        entry["ct"], entry["mt"] = zone["ct"], zone["mt"]
        out.append(entry)
    return out


@endpoint("resource/get_job_data")
def get_job_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Jobs of a resource (generated fleets have none).

    https://help.wialon.com/en/api/user-guide/api-reference/resource/get_job_data
    """
    p = obj(params)
    return _pick(resource_of(ctx, p).jobs, p.get("col"))


@endpoint("resource/get_notification_data")
def get_notification_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Notifications of a resource (generated fleets have none).

    https://help.wialon.com/en/api/user-guide/api-reference/resource/get_notification_data
    """
    p = obj(params)
    return _pick(resource_of(ctx, p).notifications, p.get("col"))


@endpoint("resource/upload_driver_image")
def upload_driver_image(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A driver's photo; the reply is ``{}`` and completion arrives as an ``i:-1`` event.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/upload_driver_image
    (en/es/ru): the photo comes as a file part, or is copied from another driver with
    ``oldItemId`` (its resource) and ``oldDrvId`` (the pages also spell it ``oldTagId``),
    with no file at all. ``/avl_driver_image/{resource}/{driver}/{size}/{any}.png`` serves
    it afterwards and the driver's ``ck`` (image checksum) changes.

    The page lists no error codes; its sibling driver calls (resource/update_driver,
    update_drivers_group, bind_unit_driver: "failed to fetch the resource with the desired
    ACL (ADF_ACL_AVL_RES_EDIT_DRIVERS)") answer 7 without the drivers edit right, 0x80000000
    on the resource (core/check_items_billing), and so does this one: the photo changes a
    driver. The right is checked before the driver is looked up, as the real server fetches
    the resource with the ACL first.
    """
    p = obj(params)
    res = resource_of(ctx, p)
    require(ctx, res, EDIT_DRIVERS)
    drv_id = as_int(p.get("driverId"))
    if str(drv_id) not in res.drivers:
        raise ApiError(7)
    images = ctx.world.edits.driver_images
    if ctx.uploads:
        upload = ctx.uploads[0]
        kind = image_type(upload)  # reads the head: before the whole is read from the start
        image = Image.from_stream(upload.open(), kind)
    elif "oldItemId" in p:
        source = resource_of(ctx, p, "oldItemId")
        old_id = as_int(p.get("oldDrvId", p.get("oldTagId")))
        if str(old_id) not in source.drivers:
            raise ApiError(7)
        found = images.get((source.id, old_id))
        if found is None:
            raise ApiError(4)
        image = found
    else:
        raise ApiError(4)
    images[(res.id, drv_id)] = image
    driver = res.drivers[str(drv_id)]
    driver["ck"] = image.crc & 0xFFFF
    ctx.world.version += 1
    ctx.world.notify(res.id, {"i": res.id, "t": "u", "d": {"drvrs": dict(res.drivers)}}, 0x100)
    upload_event(ctx, p)
    return {}
