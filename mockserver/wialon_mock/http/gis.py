"""The map hosts and image URLs the login answer points a client at, served by the fake server.

Real Wialon answers ``token/login`` with ``gis_geocode``, ``gis_search``, ``gis_render`` and
``gis_routing`` hosts that clients then call directly as ``{host}/{wialon host}/gis_geocode``
and so on (help.wialon.com, other-methods/address-gis_geocode and
requests/coordinates_simple-gis_search). The fake server names itself there, so a client under
test never leaves the sandbox, and answers:

* ``gis_geocode``: one address text per coordinate, from the generated address book
  (:mod:`wialon_mock.model.addresses`), in the format its flags ask for
  (:mod:`wialon_mock.model.address_format`);
* ``gis_search`` / ``gis_searchintelli``: candidates with coordinates;
* ``gis_render`` tiles: a plain PNG, so map widgets draw something;
* ``/avl_item_image/...`` and ``/avl_driver_image/...`` (the ``uri`` values items carry):
  the uploaded picture, or a generated PNG square while there is none.

* ``gis_get_route_via_waypoints`` (on the ``gis_routing`` host): routes from origin over the
  waypoints to the destination, computed from the fake world (:mod:`wialon_mock.model.routing`).
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from typing import Any

from aiohttp import web

from ..api.item_json import guid
from ..model import address_format, addresses, routing
from ..model.sim import mix
from ..model.state import World

JSON_TYPE = "application/json"
#: image sizes the avl_*_image pages allow (max_border), and the recommended default
MIN_BORDER, MAX_BORDER, DEFAULT_BORDER = 16, 256, 32
#: gis_search flags that add parts to each candidate: the path, the map name, the coordinates
ADD_PATH, ADD_MAP, ADD_COORDS = 0x100, 0x200, 0x400
ADD_ALL = ADD_PATH | ADD_MAP | ADD_COORDS


def png(size: int, rgb: tuple[int, int, int]) -> bytes:
    """A ``size`` x ``size`` PNG of one colour with a darker border (stdlib zlib only)."""
    dark = tuple(c // 2 for c in rgb)

    def row(y: int) -> bytes:
        edge = y in (0, size - 1)
        pixels = b"".join(bytes(dark if edge or x in (0, size - 1) else rgb) for x in range(size))
        return b"\x00" + pixels

    raw = b"".join(row(y) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def _colour(seed: int, *key: int) -> tuple[int, int, int]:
    h = mix(seed, *key)
    return (64 + h % 160, 64 + (h >> 8) % 160, 64 + (h >> 16) % 160)


def _json(data: Any, status: int = 200) -> web.Response:
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": JSON_TYPE})


async def _fields(request: web.Request) -> dict[str, str]:
    fields = dict(request.query)
    if request.method == "POST" and request.body_exists:
        try:
            form = await request.post()
        except Exception:  # a body that is not a form: the query alone counts
            return fields
        fields.update({k: v for k, v in form.items() if isinstance(v, str)})
    return fields


def _point(value: Any) -> tuple[float, float]:
    """``{"lat","lon"}`` as ``(lat, lon)``; ValueError for anything else."""
    if not isinstance(value, dict):
        raise ValueError("not a point")
    lat, lon = value["lat"], value["lon"]
    if isinstance(lat, bool) or isinstance(lon, bool):
        raise ValueError("not a number")
    lat, lon = float(lat), float(lon)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("out of range")
    return lat, lon


def _text(value: str) -> str:
    # clients send the documented text parameters with or without JSON quotes
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


class Gis:
    """The map-host and image endpoints of one app."""

    def __init__(self, world: World) -> None:
        self.world = world

    def _known(self, fields: dict[str, str]) -> bool:
        # gis_sid is the login answer's value for the session's user; the deprecated uid
        # (a user id) is accepted too, as some clients still send only that
        world = self.world
        sid = _text(fields.get("gis_sid", ""))
        uid = _text(fields.get("uid", ""))
        users = {s.user_id for s in world.sessions.values()}
        if sid and sid in {guid(world.config.seed, u).replace("-", "") for u in users}:
            return True
        return uid.isdigit() and int(uid) in users

    async def geocode(self, request: web.Request) -> web.Response:
        """``gis_geocode``: ``coords=[{"lon","lat"},...]`` -> a JSON array of address texts.

        https://help.wialon.com/en/api/user-guide/api-reference/other-methods/address-gis_geocode:
        ``flags`` picks the parts and their order, ``dist_from_unit``/``city_radius``/
        ``txt_dist`` the distance to a city for a point out of town (see
        :mod:`wialon_mock.model.address_format`). A number that is not one is error 4.
        """
        fields = await _fields(request)
        if not self._known(fields):
            return _json({"error": 1})
        try:
            coords = json.loads(fields.get("coords", ""))
            points = [(float(c["lat"]), float(c["lon"])) for c in coords]
            flags = int(_text(fields.get("flags", "")) or address_format.DEFAULT_FLAGS)
            radius = float(_text(fields.get("city_radius", "")) or 0)
            reach = float(_text(fields.get("dist_from_unit", "")) or 0)
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError):
            return _json({"error": 4})
        if not all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in points):
            return _json({"error": 4})
        if not (math.isfinite(radius) and math.isfinite(reach)) or flags < 0:
            return _json({"error": 4})
        seed = self.world.config.seed
        txt = _text(fields.get("txt_dist", ""))
        return _json(
            [
                address_format.render(
                    addresses.place(seed, lat, lon),
                    flags,
                    dist_from_unit=reach,
                    city_radius=radius,
                    txt_dist=txt,
                )
                for lat, lon in points
            ]
        )

    def _page(self, fields: dict[str, str], found: list[addresses.Found]) -> tuple[list[Any], int]:
        try:
            count = int(_text(fields.get("count", "0")))
            start = int(_text(fields.get("indexFrom", "0")))
        except ValueError:
            raise web.HTTPBadRequest() from None
        if count <= 0 or start < 0:
            raise web.HTTPBadRequest()
        page = found[start : start + count]
        return page, int(len(found) > start + count)

    @staticmethod
    def _item(found: addresses.Found, flags: int = ADD_ALL) -> dict[str, Any]:
        """One candidate with the parts ``flags`` asks for (0x100 path, 0x200 map, 0x400
        coordinates); ``formatted_path`` follows the address format digits in ``flags``."""
        item: dict[str, Any] = {"name": found.name}
        if flags & ADD_MAP:
            item["map"] = "wialon-mock"
        if flags & ADD_COORDS:
            item["x"] = round(found.lon, 6)
            item["y"] = round(found.lat, 6)
        if flags & ADD_PATH:
            item["path"] = found.path
            if flags >> 16:
                where = addresses.Place(
                    found.country, found.region, found.city, found.street, found.house,
                    found.city, 0.0, True,
                )  # fmt: skip
                item["formatted_path"] = address_format.render(where, flags)
            else:
                item["formatted_path"] = f"{found.name}, {found.path}" if found.path else found.name
        return item

    async def search(self, request: web.Request) -> web.Response:
        """``gis_search``: country/region/city/street parts -> ``{"items":[...],"more"}``.

        https://help.wialon.com/en/api/user-guide/api-reference/other-methods/coordinates_simple-gis_search
        (en/es/ru agree): ``flags`` holds the search level (0 country ... 4 house), 0x100 "add
        fields with a formatted address path", 0x200 the map name, 0x400 the coordinates, and
        the address format digits of gis_geocode ("format flags are described here") that
        ``formatted_path`` follows. Without 0x400 a candidate has no ``x``/``y``, as the page
        makes them an addition; a client that needs them asks. Choice (the page is silent):
        without format digits ``formatted_path`` is the name followed by its path.
        """
        fields = await _fields(request)
        if not self._known(fields):
            return _json({"error": 1})
        try:
            flags = int(_text(fields.get("flags", "")))
            extra = int(_text(fields.get("searchFlags", "")) or 0)
        except ValueError:
            return _json({"error": 4})
        if flags < 0 or extra < 0:
            return _json({"error": 4})
        parts = {k: _text(fields.get(k, "")) for k in ("country", "region", "city", "street")}
        found = addresses.search(self.world.config.seed, level=min(flags & 0xF, 4), **parts)
        try:
            page, more = self._page(fields, found)
        except web.HTTPBadRequest:
            return _json({"error": 4})
        # both the flags and the searchFlags tables name 0x100/0x200/0x400 (path, map name,
        # coordinates): either asks for the part
        shown = flags | (extra & ADD_ALL)
        return _json({"items": [self._item(f, shown) for f in page], "more": more})

    async def search_intelli(self, request: web.Request) -> web.Response:
        """``gis_searchintelli``: a free phrase -> ``[{"items":[...],"country",...,"more"}]``."""
        fields = await _fields(request)
        if not self._known(fields):
            return _json({"error": 1})
        words = [w for w in _text(fields.get("phrase", "")).replace(",", " ").split() if w]
        if not words:
            return _json({"error": 4})
        seed = self.world.config.seed
        found = [
            f
            for f in addresses.search(seed, level=3)
            if all(w.lower() in f"{f.name} {f.path}".lower() for w in words)
        ]
        try:
            page, more = self._page(fields, found)
        except web.HTTPBadRequest:
            return _json({"error": 4})
        out = [
            {
                "items": [self._item(f)],
                "country": f.country,
                "region": f.region,
                "city": f.city,
                "street": f.street,
                "house": f.house,
                "flags": 3,
                "more": more,
            }
            for f in page
        ]
        return _json(out)

    async def tile(self, request: web.Request) -> web.Response:
        """``gis_render`` tiles: a plain 256 px PNG."""
        return web.Response(body=png(256, (236, 232, 224)), content_type="image/png")

    async def route(self, request: web.Request) -> web.Response:
        """``gis_get_route_via_waypoints``: origin, waypoints, destination -> routes.

        https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/requests/new_routing: the
        ``data`` form field carries the JSON; the answer is computed from the fake world
        (great circles at a fixed speed, one route per leg: see
        :mod:`wialon_mock.model.routing`). Without a live ``gis_sid``/``uid``: error 1, as
        the other map hosts answer; a ``data`` that is not the documented object: error 4.
        """
        fields = await _fields(request)
        # this page also lists the user's own session id (sid) beside gis_sid and uid
        if not (self._known(fields) or _text(fields.get("sid", "")) in self.world.sessions):
            return _json({"error": 1})
        try:
            data = json.loads(fields.get("data", ""))
            origin, destination = _point(data["origin"]), _point(data["destination"])
            stops = [_point(w) for w in data.get("waypoints") or []]
            opt = data.get("optimizeParams") or {}
            if not isinstance(opt, dict) or len(stops) > routing.MAX_WAYPOINTS:
                raise ValueError("optimizeParams")
            int(data.get("flags", 0) or 0)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError):
            return _json({"error": 4})
        tour = routing.order(
            origin,
            destination,
            stops,
            optimize=bool(opt.get("enable", False)),
            fix_origin=bool(opt.get("fixOrigin", True)),
            fix_destination=bool(opt.get("fixDestination", True)),
        )
        return _json(routing.routes(tour))

    @staticmethod
    def _border(text: str) -> int:
        try:
            size = int(text)
        except ValueError:
            return DEFAULT_BORDER
        return max(MIN_BORDER, min(MAX_BORDER, size))

    async def item_image(self, request: web.Request) -> web.Response:
        """``/avl_item_image/{id}/{size}/{any}.png``: a unit's (or group's) icon."""
        world = self.world
        try:
            item_id = int(request.match_info["item"])
        except ValueError:
            raise web.HTTPNotFound() from None
        item = world.units.get(item_id) or world.groups.get(item_id)
        if item is None:
            raise web.HTTPNotFound()
        stored = world.edits.item_images.get(item_id)
        if stored is not None:
            return web.Response(body=stored.data, content_type=stored.content_type)
        size = self._border(request.match_info["size"])
        body = png(size, _colour(world.config.seed, item_id, item.ugi))
        return web.Response(body=body, content_type="image/png")

    async def driver_image(self, request: web.Request) -> web.Response:
        """``/avl_driver_image/{resource}/{driver}/{size}/{any}.png``: a driver's photo."""
        world = self.world
        try:
            res_id, drv_id = int(request.match_info["res"]), int(request.match_info["drv"])
        except ValueError:
            raise web.HTTPNotFound() from None
        res = world.resources.get(res_id)
        if res is None or str(drv_id) not in res.drivers:
            raise web.HTTPNotFound()
        stored = world.edits.driver_images.get((res_id, drv_id))
        if stored is not None:
            return web.Response(body=stored.data, content_type=stored.content_type)
        # a driver without a photo still gets a picture, as units without an icon do
        size = self._border(request.match_info["size"])
        body = png(size, _colour(world.config.seed, res_id, drv_id))
        return web.Response(body=body, content_type="image/png")


def add_gis_routes(app: web.Application, world: World) -> None:
    """Register the map-host and image routes (before the catch-all 404)."""
    gis = Gis(world)
    for name, handler in (
        ("gis_geocode", gis.geocode),
        ("gis_search", gis.search),
        ("gis_searchintelli", gis.search_intelli),
        ("gis_get_route_via_waypoints", gis.route),
    ):
        for path in (f"/{name}", f"/{{host}}/{name}"):
            app.router.add_route("GET", path, handler)
            app.router.add_route("POST", path, handler)
    app.router.add_route("GET", "/{host}/gis_render/{tail:.*}", gis.tile)
    app.router.add_route("GET", "/gis_render/{tail:.*}", gis.tile)
    app.router.add_route("GET", "/avl_item_image/{item}/{size}/{name}", gis.item_image)
    app.router.add_route("GET", "/avl_driver_image/{res}/{drv}/{size}/{name}", gis.driver_image)
