"""Geometry of geofences (type 1 line, 2 polygon, 3 circle): bounds, area, perimeter, hits.

Distances are worked out on a local flat projection around the shape, which is well within a
metre for geofences of a few kilometres (the only size clients make); areas are in square
metres and perimeters in metres, as the get_zone_data page gives them.
"""

from __future__ import annotations

import binascii
import itertools
import json
import math
from typing import Any

from .errors import ApiError

LINE, POLYGON, CIRCLE = 1, 2, 3
_M_PER_DEG = 111_320.0


def _scale(lat: float) -> float:
    return _M_PER_DEG * max(0.01, math.cos(math.radians(lat)))


def points(raw: Any, kind: int) -> list[dict[str, Any]]:
    """The ``p`` array of a geofence, validated for its type (error 4 otherwise)."""
    if not isinstance(raw, list):
        raise ApiError(4)
    out: list[dict[str, Any]] = []
    for point in raw:
        if not isinstance(point, dict):
            raise ApiError(4)
        try:
            x, y = float(point["x"]), float(point["y"])
            r = int(float(point.get("r", 0)))
        except (KeyError, TypeError, ValueError):
            raise ApiError(4) from None
        if not (-180.0 <= x <= 180.0 and -90.0 <= y <= 90.0) or r < 0 or math.isnan(x + y):
            raise ApiError(4)
        out.append({"x": x, "y": y, "r": r})
    least = {LINE: 2, POLYGON: 3, CIRCLE: 1}[kind]
    if len(out) < least or (kind == CIRCLE and out[0]["r"] <= 0):
        raise ApiError(4)
    return out[:1] if kind == CIRCLE else out


def bounds(kind: int, pts: list[dict[str, Any]], width: int) -> dict[str, float]:
    """The ``b`` object: the box around the shape (a line's half width, a circle's radius)."""
    ys = [p["y"] for p in pts]
    xs = [p["x"] for p in pts]
    pad = pts[0]["r"] if kind == CIRCLE else (width / 2.0 if kind == LINE else 0.0)
    lat = sum(ys) / len(ys)
    dlat, dlon = pad / _M_PER_DEG, pad / _scale(lat)
    box = {
        "min_x": min(xs) - dlon,
        "min_y": min(ys) - dlat,
        "max_x": max(xs) + dlon,
        "max_y": max(ys) + dlat,
    }
    if kind == CIRCLE:
        centre = (pts[0]["x"], pts[0]["y"])
    else:
        centre = ((box["min_x"] + box["max_x"]) / 2, (box["min_y"] + box["max_y"]) / 2)
    box.update(cen_x=centre[0], cen_y=centre[1])
    return {k: round(v, 6) for k, v in box.items()}


def _planar(pts: list[dict[str, Any]]) -> list[tuple[float, float]]:
    lat = sum(p["y"] for p in pts) / len(pts)
    return [(p["x"] * _scale(lat), p["y"] * _M_PER_DEG) for p in pts]


def _length(xy: list[tuple[float, float]], closed: bool) -> float:
    pairs = list(zip(xy, xy[1:] + xy[:1] if closed else xy[1:], strict=False))
    return sum(math.dist(a, b) for a, b in pairs)


def area(kind: int, pts: list[dict[str, Any]], width: int) -> float:
    """Area in square metres."""
    if kind == CIRCLE:
        return round(math.pi * float(pts[0]["r"]) ** 2, 1)
    xy = _planar(pts)
    if kind == LINE:
        return round(_length(xy, closed=False) * width, 1)
    twice = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(xy, xy[1:] + xy[:1], strict=True))
    return round(abs(twice) / 2.0, 1)


def perimeter(kind: int, pts: list[dict[str, Any]], width: int) -> float:
    """Perimeter in metres."""
    if kind == CIRCLE:
        return round(2 * math.pi * float(pts[0]["r"]), 1)
    xy = _planar(pts)
    if kind == LINE:
        return round(2 * _length(xy, closed=False) + 2 * width, 1)
    return round(_length(xy, closed=True), 1)


def _segment_distance(
    p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / span))
    return math.dist(p, (ax + t * dx, ay + t * dy))


def distance(zone: dict[str, Any], lat: float, lon: float) -> float:
    """Metres from the point to the geofence (0 inside it), rounded to centimetres."""
    kind, pts, width = zone["t"], zone["p"], int(zone.get("w", 0))
    xy = _planar([*pts, {"x": lon, "y": lat, "r": 0}])
    p, shape = xy[-1], xy[:-1]
    if kind == CIRCLE:
        return round(max(0.0, math.dist(p, shape[0]) - float(pts[0]["r"])), 2)
    if kind == LINE:
        near = min(_segment_distance(p, a, b) for a, b in itertools.pairwise(shape))
        return round(max(0.0, near - width / 2.0), 2)
    inside = False
    for (ax, ay), (bx, by) in zip(shape, shape[1:] + shape[:1], strict=True):
        if (ay > p[1]) != (by > p[1]) and p[0] < (bx - ax) * (p[1] - ay) / (by - ay) + ax:
            inside = not inside
    if inside:
        return 0.0
    edges = zip(shape, shape[1:] + shape[:1], strict=True)
    return round(min(_segment_distance(p, a, b) for a, b in edges), 2)


def contains(zone: dict[str, Any], lat: float, lon: float, radius: float = 0.0) -> bool:
    """Whether the point (or a circle of ``radius`` metres around it) touches the geofence."""
    return distance(zone, lat, lon) <= radius


def checksum(pts: list[dict[str, Any]]) -> int:
    """The ``e`` value: a CRC16 of the points, so a client can tell a shape changed."""
    text = json.dumps(pts, separators=(",", ":"), sort_keys=True).encode()
    return binascii.crc_hqx(text, 0)
