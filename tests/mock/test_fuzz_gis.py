"""Random input with a live ``gis_sid`` never breaks gis_geocode or gis_get_route_via_waypoints:
each answer is their documented shape or error 4, and the server keeps serving.

(test_fuzz_http sends random ``gis_sid`` values too, which mostly stop at error 1; here the
session is real, so the random values reach the parsing of every parameter.)
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wialon_mock import ThreadedMockServer

from .test_fuzz_http import _send, json_values

coordinate = st.one_of(
    st.floats(-200, 200, allow_nan=False),
    st.integers(-(10**400), 10**400),
    st.text(max_size=6),
    st.none(),
    st.booleans(),
    json_values,
)
point = st.one_of(
    st.fixed_dictionaries({"lat": coordinate, "lon": coordinate}),
    st.fixed_dictionaries({"lat": st.floats(-90, 90), "lon": st.floats(-180, 180)}),
    json_values,
)
OPTIMIZE_KEYS = ("enable", "fixOrigin", "fixDestination")
route_data = st.one_of(
    st.fixed_dictionaries(
        {"origin": point, "destination": point},
        optional={
            "waypoints": st.one_of(st.lists(point, max_size=4), json_values),
            "flags": st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=4)),
            "optimizeParams": st.one_of(
                st.fixed_dictionaries(
                    {},
                    optional=dict.fromkeys(("enable", "fixOrigin", "fixDestination"), json_values),
                ),
                json_values,
            ),
            "params": json_values,
        },
    ).map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=30),
    st.integers(0, 3000).map(lambda n: "[" * n + "]" * n),
)
number_text = st.one_of(
    st.integers(-(2**40), 2**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=6),
)
geocode_fields = st.fixed_dictionaries(
    {"coords": st.one_of(st.lists(point, max_size=3).map(json.dumps), st.text(max_size=20))},
    optional={"flags": number_text, "city_radius": number_text, "dist_from_unit": number_text,
              "txt_dist": st.text(max_size=10)},
)  # fmt: skip


@pytest.fixture(scope="module")
def gis_server() -> Iterator[tuple[ThreadedMockServer, str]]:
    """A small server and the gis_sid of a live session on it."""
    with ThreadedMockServer(units=2) as server:
        query = urllib.parse.urlencode(
            {"svc": "token/login", "params": json.dumps({"token": server.token})}
        )
        status, body = _send(server, "GET", f"/wialon/ajax.html?{query}", None, {})
        assert status == 200
        yield server, json.loads(body)["gis_sid"]


def _post(server: ThreadedMockServer, path: str, fields: dict[str, str]) -> Any:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, raw = _send(server, "POST", path, urllib.parse.urlencode(fields).encode(), headers)
    assert status == 200, raw[:200]
    return json.loads(raw)


FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(data=route_data)
def test_routing_answers_routes_or_error_4(
    gis_server: tuple[ThreadedMockServer, str], data: str
) -> None:
    server, gis_sid = gis_server
    answer = _post(server, "/h/gis_get_route_via_waypoints", {"data": data, "gis_sid": gis_sid})
    if answer != {"error": 4}:
        assert answer["status"] == "OK"
        assert answer["routes"], answer
        for route in answer["routes"]:
            assert isinstance(route["distance"]["value"], float)
            assert isinstance(route["duration"]["value"], int)
            assert isinstance(route["points"], str)


@FUZZ
@given(fields=geocode_fields)
def test_geocode_answers_texts_or_error_4(
    gis_server: tuple[ThreadedMockServer, str], fields: dict[str, str]
) -> None:
    server, gis_sid = gis_server
    answer = _post(server, "/h/gis_geocode", {**fields, "gis_sid": gis_sid})
    if answer != {"error": 4}:
        assert isinstance(answer, list)
        assert all(isinstance(a, str) for a in answer)


def test_the_map_hosts_still_serve_after_fuzzing(
    gis_server: tuple[ThreadedMockServer, str],
) -> None:
    server, gis_sid = gis_server
    coords = json.dumps([{"lat": 53.9, "lon": 27.56}])
    [text] = _post(server, "/gis_geocode", {"coords": coords, "gis_sid": gis_sid})
    assert "Minsk" in text
