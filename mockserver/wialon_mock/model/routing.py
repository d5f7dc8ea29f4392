"""Routes for ``gis_get_route_via_waypoints``, the routing host's request, from the fake world.

https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/requests/new_routing ("Routing with
Waypoints"): ``data`` = ``{"params", "origin":{lat,lon}, "destination":{lat,lon},
"waypoints":[{lat,lon}], "flags", "optimizeParams":{"enable","fixOrigin","fixDestination"}}``;
the answer is ``{"routes":[{"start_location":{lat,lon}, "end_location":{lat,lon},
"points":<text>, "distance":{"text","value"}, "duration":{"text","value"}}], "status":<text>}``.

The fake world has no road graph, so (choices, where the page is silent):

* a route follows great circles between its points, at :data:`SPEED_KMH` all the way;
* ``routes`` holds one route per leg (origin to the first waypoint, ..., the last waypoint
  to the destination) in the order driven, so a client reads each stop's distance and
  arrival and, with ``optimizeParams.enable``, the order chosen; without waypoints it is the
  one route from origin to destination;
* ``points`` is the leg's line as an encoded polyline (the precision-5 "encoded polyline
  algorithm" of Google's Directions answers, whose ``distance``/``duration`` objects of
  ``text`` and ``value`` this answer mirrors), one vertex at least every
  :data:`STEP_KM` so a long leg draws as a curve;
* ``distance.value`` is metres, ``duration.value`` seconds, their texts "12.3 km" / "850 m"
  and "1 h 5 min" / "12 min"; ``status`` is ``"OK"``;
* ``optimizeParams.enable`` visits the waypoints nearest first (a greedy tour), keeping the
  origin first and the destination last unless ``fixOrigin``/``fixDestination`` are false
  (a free destination is just one more stop; a free origin before a fixed destination lets
  the tour start at the stop farthest from it); ``flags`` is accepted
  and has no effect (the page only says "e.g., 2").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

Point = tuple[float, float]  # (lat, lon)

#: the average speed every faked route is driven at
SPEED_KMH = 50.0
#: a polyline vertex at least this often along a leg
STEP_KM = 10.0
#: most waypoints one request may carry (the page names no limit; this keeps a request cheap)
MAX_WAYPOINTS = 100
EARTH_KM = 6371.0088


def km_between(a: Point, b: Point) -> float:
    """Great-circle distance in km (haversine)."""
    la, lb = math.radians(a[0]), math.radians(b[0])
    dlat, dlon = lb - la, math.radians(b[1] - a[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _along(a: Point, b: Point, f: float) -> Point:
    """The point a fraction ``f`` of the way along the great circle from ``a`` to ``b``."""
    d = km_between(a, b) / EARTH_KM
    if d == 0:
        return a
    la, oa, lb, ob = (math.radians(v) for v in (*a, *b))
    s = math.sin(d)
    ka, kb = math.sin((1 - f) * d) / s, math.sin(f * d) / s
    x = ka * math.cos(la) * math.cos(oa) + kb * math.cos(lb) * math.cos(ob)
    y = ka * math.cos(la) * math.sin(oa) + kb * math.cos(lb) * math.sin(ob)
    z = ka * math.sin(la) + kb * math.sin(lb)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def line(a: Point, b: Point) -> list[Point]:
    """The leg's vertices from ``a`` to ``b``, one at least every :data:`STEP_KM`."""
    steps = max(1, math.ceil(km_between(a, b) / STEP_KM))
    return [a, *(_along(a, b, k / steps) for k in range(1, steps)), b]


def _encode_value(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    out = []
    while value >= 0x20:
        out.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    out.append(chr(value + 63))
    return "".join(out)


def encode(points: Sequence[Point]) -> str:
    """The encoded polyline (precision 5) of ``points``."""
    out: list[str] = []
    last_lat = last_lon = 0
    for lat, lon in points:
        ilat, ilon = round(lat * 1e5), round(lon * 1e5)
        out.append(_encode_value(ilat - last_lat) + _encode_value(ilon - last_lon))
        last_lat, last_lon = ilat, ilon
    return "".join(out)


def decode(text: str) -> list[Point]:
    """The points of an encoded polyline (for tests and clients reading ``points``)."""
    values: list[int] = []
    shift = acc = 0
    for ch in text:
        b = ord(ch) - 63
        acc |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(acc >> 1) if acc & 1 else acc >> 1)
            shift = acc = 0
    lat = lon = 0
    out: list[Point] = []
    for k in range(0, len(values) - 1, 2):
        lat += values[k]
        lon += values[k + 1]
        out.append((lat / 1e5, lon / 1e5))
    return out


def order(
    origin: Point,
    destination: Point,
    waypoints: Sequence[Point],
    *,
    optimize: bool = False,
    fix_origin: bool = True,
    fix_destination: bool = True,
) -> list[Point]:
    """The points in the order driven: as given, or a greedy nearest-first tour."""
    if not optimize:
        return [origin, *waypoints, destination]
    free = list(waypoints)
    if not fix_destination:
        free.append(destination)
    if fix_origin or not fix_destination:
        start = origin  # nothing better to start from than where the client is
    else:
        # the origin may go anywhere: start from the point farthest from the fixed end
        free.append(origin)
        start = max(free, key=lambda p: km_between(p, destination))
        free.remove(start)
    tour = [start]
    while free:
        here = tour[-1]
        nearest = min(range(len(free)), key=lambda k: km_between(here, free[k]))
        tour.append(free.pop(nearest))
    if fix_destination:
        tour.append(destination)
    return tour


def _distance_text(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def _duration_text(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes = round(rest / 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{max(minutes, 1 if seconds else 0)} min"


def leg(a: Point, b: Point) -> dict[str, Any]:
    """One route of the answer, from ``a`` to ``b``."""
    metres = km_between(a, b) * 1000.0
    seconds = round(metres / (SPEED_KMH / 3.6))
    return {
        "start_location": {"lat": a[0], "lon": a[1]},
        "end_location": {"lat": b[0], "lon": b[1]},
        "points": encode(line(a, b)),
        "distance": {"text": _distance_text(metres), "value": round(metres, 1)},
        "duration": {"text": _duration_text(seconds), "value": seconds},
    }


def routes(tour: Sequence[Point]) -> dict[str, Any]:
    """The answer for points in the order driven."""
    return {"routes": [leg(a, b) for a, b in itertools.pairwise(tour)], "status": "OK"}
