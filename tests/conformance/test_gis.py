"""The map hosts the login answer names (gis_geocode, gis_search, gis_routing), served by the
fake server."""

from __future__ import annotations

import json
import urllib.parse

from ._shape import mismatches
from .conftest import Wire


def _gis_sid(wire: Wire) -> str:
    login = wire.call("core/duplicate", {"restore": 1})
    assert isinstance(login["gis_sid"], str)
    return login["gis_sid"]


def test_gis_geocode_answers_one_address_per_point(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/other-methods/address-gis_geocode
    # the second point is some 10 km out of Minsk: with dist_from_unit 5 no city is near
    # enough, so city_radius 10 binds it to a city that big, with the distance (the page's
    # "minimal city radius"); a point in the open sea has no address parts at all
    points = [{"lon": 27.5619, "lat": 53.9023}, {"lon": 27.5619, "lat": 54.25},
              {"lon": 0.0, "lat": 0.0}]  # fmt: skip
    query = urllib.parse.urlencode(
        {
            "coords": json.dumps(points),
            "flags": 1255211008,
            "city_radius": 10,
            "dist_from_unit": 5,
            "txt_dist": "km from",
            "gis_sid": _gis_sid(wire),
            "search_provider": "gurtam",
        }
    )
    status, ctype, body = wire.get(f"/{wire.server.host}/gis_geocode?{query}")
    assert (status, ctype) == (200, "application/json")
    answer = json.loads(body)
    assert not mismatches(answer, [str])
    assert len(answer) == 3
    assert "Minsk" in answer[0]
    assert "km from Minsk" in answer[1]
    assert answer[2] == ""


def test_gis_search_answers_candidates_with_coordinates(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/requests/coordinates_simple-gis_search
    query = urllib.parse.urlencode(
        {
            "country": "Belarus",
            "city": "Minsk",
            "street": "",
            "flags": 0x3 | 0x100 | 0x200 | 0x400,
            "count": 5,
            "indexFrom": 0,
            "searchFlags": 0,
            "gis_sid": _gis_sid(wire),
        }
    )
    status, _, body = wire.get(f"/gis_search?{query}")
    answer = json.loads(body)
    shape = {"items": [{"name": str, "map": str, "x": float, "y": float, "path": str,
                        "formatted_path": str}], "more": int}  # fmt: skip
    assert status == 200
    assert not mismatches(answer, shape)
    assert len(answer["items"]) == 5
    assert answer["more"] == 1


def test_gis_searchintelli_answers_the_documented_array(wire: Wire) -> None:
    # https://help.wialon.com/ru/api/user-guide/api-reference/other-methods/coordinates_intelli-gis_searchintelli
    query = urllib.parse.urlencode({"phrase": "Minsk", "count": 2, "gis_sid": _gis_sid(wire)})
    _, _, body = wire.get(f"/gis_searchintelli?{query}")
    shape = [{"items": [{"name": str, "x": float, "y": float, "formatted_path": str}],
              "country": str, "region": str, "city": str, "street": str, "house": str,
              "flags": int, "more": int}]  # fmt: skip
    assert not mismatches(json.loads(body), shape)


def test_gis_without_a_session_is_error_1(wire: Wire) -> None:
    query = urllib.parse.urlencode({"coords": "[]", "flags": 0, "gis_sid": "nope"})
    assert json.loads(wire.get(f"/gis_geocode?{query}")[2]) == {"error": 1}


def test_gis_get_route_via_waypoints_answers_the_documented_routes(wire: Wire) -> None:
    # https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/requests/new_routing (the
    # page's request: data with origin, destination, waypoints, flags 2, optimizeParams)
    data = {
        "params": {},
        "origin": {"lat": 53.9023, "lon": 27.5619},
        "destination": {"lat": 53.85, "lon": 27.45},
        "waypoints": [{"lat": 53.93, "lon": 27.60}],
        "flags": 2,
        "optimizeParams": {"enable": False, "fixOrigin": True, "fixDestination": True},
    }
    fields = {"data": json.dumps(data), "search_provider": "webgis", "gis_sid": _gis_sid(wire)}
    status, ctype, body = wire.post(f"/{wire.server.host}/gis_get_route_via_waypoints", fields)
    assert (status, ctype) == (200, "application/json")
    point = {"lat": float, "lon": float}
    shape = {"routes": [{"start_location": point, "end_location": point, "points": str,
                         "distance": {"text": str, "value": float},
                         "duration": {"text": str, "value": int}}],
             "status": str}  # fmt: skip
    answer = json.loads(body)
    assert not mismatches(answer, shape)
    assert len(answer["routes"]) == 2, "origin -> waypoint -> destination: two legs"
