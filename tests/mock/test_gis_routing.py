"""The routing host the login answer names (``gis_routing``) answers
``gis_get_route_via_waypoints`` as the reference documents it, over a socket.

https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/requests/new_routing . Distances are
checked against the haversine distance of the points and the times against the faked speed;
the polyline is decoded and must run from one end of its leg to the other.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.model.routing import SPEED_KMH, decode

from .conftest import call, login

MINSK = (53.9023, 27.5619)
STOPS = [(53.95, 27.70), (53.85, 27.40), (53.93, 27.45)]
DESTINATION = (53.80, 27.60)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la, lb = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((lb - la) / 2) ** 2
        + math.cos(la) * math.cos(lb) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _ll(p: tuple[float, float]) -> dict[str, float]:
    return {"lat": p[0], "lon": p[1]}


async def _hosts(http: aiohttp.ClientSession, server: MockServer) -> tuple[str, str]:
    sid = await login(http, server)
    reply = await call(http, server, "core/duplicate", {"restore": 1}, sid)
    return str(reply["gis_routing"]), str(reply["gis_sid"])


async def _route(http: aiohttp.ClientSession, base: str, fields: dict[str, str]) -> Any:
    async with http.post(f"{base}/localhost/gis_get_route_via_waypoints", data=fields) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "application/json"
        return json.loads(await resp.read())


def _data(optimize: dict[str, bool] | None = None, **extra: Any) -> str:
    data = {"params": {}, "origin": _ll(MINSK), "destination": _ll(DESTINATION),
            "waypoints": [_ll(p) for p in STOPS], "flags": 2,
            "optimizeParams": optimize or {"enable": False, "fixOrigin": True,
                                           "fixDestination": True}}  # fmt: skip
    data.update(extra)
    return json.dumps(data)


async def test_route_legs_follow_the_waypoints_with_distance_and_duration(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    base, gis_sid = await _hosts(http, server)
    assert base == server.url, "the login answer points gis_routing at the fake server"
    answer = await _route(http, base, {"data": _data(), "search_provider": "webgis",
                                       "gis_sid": gis_sid})  # fmt: skip
    assert answer["status"] == "OK"
    tour = [MINSK, *STOPS, DESTINATION]
    assert len(answer["routes"]) == len(tour) - 1, "one route per leg"
    for route, (a, b) in zip(answer["routes"], itertools.pairwise(tour), strict=True):
        assert route["start_location"] == _ll(a)
        assert route["end_location"] == _ll(b)
        metres = route["distance"]["value"]
        assert metres == pytest.approx(_km(a, b) * 1000, rel=1e-3)
        assert route["distance"]["text"] == f"{metres / 1000:.1f} km"
        assert route["duration"]["value"] == round(metres / (SPEED_KMH / 3.6))
        assert route["duration"]["text"].endswith("min")
        line = decode(route["points"])
        assert line[0] == pytest.approx(a, abs=1e-5)
        assert line[-1] == pytest.approx(b, abs=1e-5)


async def test_optimized_order_visits_the_nearest_stop_first(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    base, gis_sid = await _hosts(http, server)
    opt = {"enable": True, "fixOrigin": True, "fixDestination": True}
    answer = await _route(http, base, {"data": _data(opt), "gis_sid": gis_sid})
    visited = [(r["end_location"]["lat"], r["end_location"]["lon"]) for r in answer["routes"]]
    assert visited[-1] == DESTINATION
    assert sorted(visited[:-1]) == sorted(STOPS), "every stop once"
    assert visited[0] == min(STOPS, key=lambda p: _km(MINSK, p)), "nearest first"
    plain = await _route(http, base, {"data": _data(), "gis_sid": gis_sid})
    total = sum(r["distance"]["value"] for r in answer["routes"])
    assert total < sum(r["distance"]["value"] for r in plain["routes"]), "shorter than given"


async def test_a_route_without_waypoints_is_one_leg_and_the_user_sid_works(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    data = json.dumps({"origin": _ll(MINSK), "destination": _ll(DESTINATION)})
    answer = await _route(http, server.url, {"data": data, "sid": sid})
    [route] = answer["routes"]
    assert route["distance"]["value"] == pytest.approx(_km(MINSK, DESTINATION) * 1000, rel=1e-3)


async def test_bad_routing_requests_get_documented_errors(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    base, gis_sid = await _hosts(http, server)
    assert await _route(http, base, {"data": _data(), "gis_sid": "nobody"}) == {"error": 1}
    bad = [
        "not json",
        json.dumps({"origin": _ll(MINSK)}),
        json.dumps({"origin": _ll(MINSK), "destination": {"lat": 91, "lon": 0}}),
        _data(waypoints=[{"lat": "x", "lon": 1}]),
        _data(waypoints=[_ll(MINSK)] * 101),
        json.dumps([1, 2]),
        "[" * 100_000,  # nesting deeper than the JSON reader goes
        _data()[:-1] + ', "flags": 1e400}',  # a number that is not an integer
    ]
    for data in bad:
        assert await _route(http, base, {"data": data, "gis_sid": gis_sid}) == {"error": 4}, data
    # the server still answers after them
    assert (await _route(http, base, {"data": _data(), "gis_sid": gis_sid}))["status"] == "OK"
