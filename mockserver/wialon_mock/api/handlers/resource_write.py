"""resource/* writes and lookups: geofences (create, change, copy, delete), geofences at a
point, drivers.

Geofences and drivers live in the resource's own tables, so ``get_zone_data``, the resource's
``zl``/``drvrs`` sections, searches and WLP exports all read what these calls wrote; sessions
that registered the resource with the section's flag get a ``t:"u"`` event with the section.
"""

from __future__ import annotations

import math
from typing import Any

from ...model import geofence
from ...model.errors import ApiError
from ...model.items import Resource
from ..item_json import zone_summary
from ..params import as_int, obj, opt_int, opt_str, req_str
from ..registry import SessionCtx, endpoint
from ._common import next_id, resource_of, sub_item
from .item_fields import text

ZONE_MODES = ("create", "update", "delete", "reset_image")
#: defaults of the display settings a client may leave out when it creates a geofence
_ZONE_DEFAULTS: dict[str, Any] = {
    "d": "", "f": 0, "c": 0x8000FF00, "tc": 0, "ts": 12, "min": 0, "max": 19,
    "path": "", "libId": 0, "jp": {}, "w": 0,
}  # fmt: skip
_MAX_SUBITEMS = 31_744  # per kind and resource, the Limitations page


def _notify(ctx: SessionCtx, res: Resource, key: str, data: Any, need: int) -> None:
    ctx.world.version += 1
    ctx.world.notify(res.id, {"i": res.id, "t": "u", "d": {key: data}}, need=need)


def _zone_answer(zone: dict[str, Any]) -> dict[str, Any]:
    # the key order of the answer on help.wialon.com .../resource/update_zone
    keys = ("n", "d", "id", "f", "t", "e", "c", "i", "icon", "path", "libId", "b", "ct", "mt")
    out = {k: zone[k] for k in keys if k in zone}
    out["jp"] = zone.get("jp", {})
    return out


def zone_icon(res_id: int, zone: dict[str, Any]) -> str:
    """The ``icon`` URI of a geofence (empty while it has no image)."""
    if not zone.get("i"):
        return ""
    return f"/avl_zone_image/{res_id}/{zone['id']}/{{SIZE}}/{zone['i']}.png"


def _shape(p: dict[str, Any], zone: dict[str, Any]) -> None:
    kind = as_int(p.get("t", zone.get("t")))
    if kind not in (geofence.LINE, geofence.POLYGON, geofence.CIRCLE):
        raise ApiError(4)
    pts = geofence.points(p.get("p", zone.get("p")), kind)
    width = as_int(p.get("w", zone.get("w", 0)))
    if width < 0 or (kind == geofence.LINE and width == 0):
        raise ApiError(4)
    if kind == geofence.CIRCLE:
        width = pts[0]["r"]  # get_zone_data: "w" is the line thickness or the circle radius
    zone.update(t=kind, p=pts, w=width, b=geofence.bounds(kind, pts, width))
    zone["e"] = geofence.checksum(pts)


@endpoint("resource/update_zone")
def update_zone(ctx: SessionCtx, params: Any) -> list[Any]:
    """Create, change, copy or delete a geofence (line, polygon, circle); ``[id, zone|null]``.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/update_zone (en/es;
    https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/resource/update_zone for the copy
    mode). A line needs two points and a width, a polygon three points, a circle one point
    with ``r`` > 0. ``oldItemId``/``oldZoneId`` start from a copy of that geofence; the other
    parameters then change the copy. An ``id`` naming no geofence is error 6, which the sdk
    page gives for "geofence with current ID doesn't exist".
    """
    p = obj(params)
    res = resource_of(ctx, p)
    mode = req_str(p, "callMode")
    if mode not in ZONE_MODES:
        raise ApiError(4)
    world = ctx.world
    now = world.now()
    if mode == "create":
        if len(res.zones) >= _MAX_SUBITEMS:
            raise ApiError(4)
        zone: dict[str, Any] = dict(_ZONE_DEFAULTS, i=0, ct=now)
        if "oldItemId" in p or "oldZoneId" in p:
            source = resource_of(ctx, p, "oldItemId")
            old = source.zones.get(str(as_int(p.get("oldZoneId"))))
            if old is None:
                raise ApiError(6)
            zone.update({k: v for k, v in old.items() if k not in ("id", "ct")})
        zone_id = next_id(res.zones)
        zone["id"] = zone_id
    else:
        zone_id, zone = sub_item(res.zones, p, 6)
    if mode == "delete":
        del res.zones[str(zone_id)]
        _notify(ctx, res, "zl", _zl(res), 0x1000)
        return [zone_id, None]
    if mode == "reset_image":
        zone["i"] = 0
    else:
        name = text(p, "n").strip() if "n" in p or mode == "create" else zone["n"]
        if not 1 <= len(name) <= 50:
            raise ApiError(4)
        zone["n"] = name
        zone["d"] = opt_str(p, "d", zone.get("d", ""))
        for key in ("f", "c", "tc", "ts", "min", "max", "libId"):
            zone[key] = opt_int(p, key, int(zone.get(key, _ZONE_DEFAULTS[key])))
        zone["path"] = opt_str(p, "path", zone.get("path", ""))
        jp = p.get("jp", zone.get("jp", {}))
        if not isinstance(jp, dict):
            raise ApiError(4)
        zone["jp"] = jp
        _shape(p, zone)
    zone["mt"] = now
    zone["icon"] = zone_icon(res.id, zone)
    res.zones[str(zone_id)] = zone
    _notify(ctx, res, "zl", _zl(res), 0x1000)
    return [zone_id, _zone_answer(zone)]


def _zl(res: Resource) -> dict[str, Any]:
    return {k: zone_summary(z) for k, z in res.zones.items()}


@endpoint("resource/get_zones_by_point")
def get_zones_by_point(ctx: SessionCtx, params: Any) -> list[Any]:
    """Which of the named geofences contain a point (or lie within ``radius`` metres of it).

    https://help.wialon.com/en/api/user-guide/api-reference/resource/get_zones_by_point
    (en/es/ru agree): without ``radius`` the answer maps each resource to the ids of the
    geofences containing the point; with it, to ``{zone id: distance in m}`` (0 inside). An
    empty id list takes all geofences of that resource. The answer is wrapped in a one-element
    array, as all three pages show it.
    """
    p = obj(params)
    spec = p.get("spec")
    if not isinstance(spec, dict) or not isinstance(spec.get("zoneId"), dict):
        raise ApiError(4)
    try:
        lat, lon = float(spec["lat"]), float(spec["lon"])
    except (KeyError, TypeError, ValueError):
        raise ApiError(4) from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ApiError(4)
    radius = spec.get("radius")
    within = (
        None if radius is None else float(as_int(radius) if isinstance(radius, str) else radius)
    )
    if within is not None and (math.isnan(within) or within < 0):
        raise ApiError(4)
    out: dict[str, Any] = {}
    for res_key, wanted in spec["zoneId"].items():
        res = ctx.world.resources.get(as_int(res_key))
        if res is None or not isinstance(wanted, list):
            raise ApiError(4)
        ids = [str(as_int(i)) for i in wanted] or list(res.zones)
        zones = [res.zones[i] for i in ids if i in res.zones]
        if within is None:
            out[str(res.id)] = [z["id"] for z in zones if geofence.contains(z, lat, lon)]
        else:
            hits = {
                str(z["id"]): geofence.distance(z, lat, lon)
                for z in zones
                if geofence.contains(z, lat, lon, within)
            }
            out[str(res.id)] = hits
    return [out]


#: key order of a driver, as the QA suite's exact answers show it
_DRIVER_KEYS = (
    "id",
    "n",
    "c",
    "jp",
    "ej",
    "pwd",
    "ds",
    "p",
    "r",
    "f",
    "ck",
    "bu",
    "pu",
    "bt",
    "bs",
    "pos",
)


@endpoint("resource/update_driver")
def update_driver(ctx: SessionCtx, params: Any) -> list[Any]:
    """Create, change or delete a driver, or drop its photo; answers ``[id, driver or null]``.

    https://help.wialon.com/en/api/user-guide/api-reference/resource/update_driver (en/es/ru
    agree). ``n`` is required to create; ``f`` 4 marks the driver exclusive. The phone must
    look like ``+1234567890``. An ``id`` naming no driver is error 4 (the page lists no other
    code for it).
    """
    p = obj(params)
    res = resource_of(ctx, p)
    mode = req_str(p, "callMode")
    if mode not in ZONE_MODES:
        raise ApiError(4)
    world = ctx.world
    if mode == "create":
        if len(res.drivers) >= _MAX_SUBITEMS:
            raise ApiError(4)
        drv_id = next_id(res.drivers)
        driver: dict[str, Any] = {
            "id": drv_id, "n": "", "c": "", "jp": {}, "ej": {}, "pwd": "", "ds": "", "p": "",
            "r": 0, "f": 0, "ck": 0, "bu": 0, "pu": 0, "bt": 0, "bs": 0, "pos": {"y": 0, "x": 0},
        }  # fmt: skip
    else:
        drv_id, driver = sub_item(res.drivers, p)
    if mode == "delete":
        del res.drivers[str(drv_id)]
        world.edits.driver_images.pop((res.id, drv_id), None)
        _notify(ctx, res, "drvrs", dict(res.drivers), 0x100)
        return [drv_id, None]
    if mode == "reset_image":
        driver["ck"] = 0
        world.edits.driver_images.pop((res.id, drv_id), None)
    else:
        name = text(p, "n").strip() if "n" in p or mode == "create" else driver["n"]
        if not 1 <= len(name) <= 50:
            raise ApiError(4)
        phone = opt_str(p, "p", driver["p"])
        if phone and not (phone.startswith("+") and phone[1:].isdigit()):
            raise ApiError(4)
        driver.update(n=name, p=phone, c=opt_str(p, "c", driver["c"]))
        driver.update(ds=opt_str(p, "ds", driver["ds"]), pwd=opt_str(p, "pwd", driver["pwd"]))
        driver["f"] = opt_int(p, "f", driver["f"])
        for key in ("jp", "ej"):
            value = p.get(key, driver[key])
            if not isinstance(value, dict):
                raise ApiError(4)
            driver[key] = value
    driver = {k: driver[k] for k in _DRIVER_KEYS}
    res.drivers[str(drv_id)] = driver
    _notify(ctx, res, "drvrs", dict(res.drivers), 0x100)
    return [drv_id, dict(driver)]
