"""Random requests never crash the fake server: every answer is 2xx/4xx, Wialon paths answer
JSON, and the server keeps serving afterwards."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wialon_mock import ThreadedMockServer
from wialon_mock.api.registry import load_handlers

SVCS = [*sorted(load_handlers()), "", "core/", "no/such", "avl_evts", "core/batch"]
WIALON_PATHS = ("/wialon/ajax.html", "/avl_evts")
#: aiohttp's limit on a request line, as nginx has one (large_client_header_buffers, 8 KB)
MAX_REQUEST_LINE = 8190 - len("GET  HTTP/1.1")
ADMIN_READS = ("/_mock/health", "/_mock/state", "/_mock/journal", "/_mock/faults")


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[tuple[ThreadedMockServer, str]]:
    """One small server for all examples, and a live sid on it."""
    with ThreadedMockServer(units=2, max_body_bytes=64 * 1024) as server:
        query = urllib.parse.urlencode(
            {"svc": "token/login", "params": json.dumps({"token": server.token})}
        )
        status, body = _send(server, "GET", f"/wialon/ajax.html?{query}", None, {})
        assert status == 200
        yield server, json.loads(body)["eid"]


def _send(
    server: ThreadedMockServer,
    method: str,
    target: str,
    body: bytes | None,
    headers: dict[str, str],
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
params_text = st.one_of(
    json_values.map(json.dumps),
    st.text(max_size=40),
    st.sampled_from(["{", "[]", "null", '{"spec":', '[{"svc":"core/batch","params":[]}]']),
    st.builds(
        lambda svc, p: json.dumps([{"svc": svc, "params": p}]), st.sampled_from(SVCS), json_values
    ),
    # nesting far past what the server accepts (1,000 levels still fit the 8 KB request
    # line a GET may have), and names holding lone surrogates
    st.integers(0, 1000).map(lambda n: "[" * n + "]" * n),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3).map(
        lambda t: json.dumps({"itemId": 1, "name": f"x{t}y"})
    ),
)


@st.composite
def requests(draw: st.DrawFn, sid: str) -> tuple[str, str, bytes | None, dict[str, str]]:
    method = draw(st.sampled_from(["GET", "POST", "POST", "PUT", "DELETE", "OPTIONS"]))
    path = draw(
        st.sampled_from([*WIALON_PATHS, *WIALON_PATHS, *ADMIN_READS, "/", "/wialon/x", "/%ff"])
    )
    fields = draw(
        st.dictionaries(
            st.sampled_from(["svc", "params", "sid", "eventHash", "x"]),
            st.one_of(st.sampled_from(SVCS), params_text, st.just(sid), st.text(max_size=10)),
            max_size=4,
        )
    )
    in_query = draw(st.booleans())
    target = path + ("?" + urllib.parse.urlencode(fields) if in_query and fields else "")
    headers: dict[str, str] = {}
    body: bytes | None = None
    shape = draw(st.sampled_from(["none", "form", "binary", "multipart", "broken-multipart"]))
    if method == "POST" and shape == "form":
        body = urllib.parse.urlencode(fields).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif method == "POST" and shape == "binary":
        body = draw(st.binary(max_size=200))
        headers["Content-Type"] = draw(
            st.sampled_from(["application/octet-stream", "application/x-www-form-urlencoded", ""])
        )
    elif method == "POST" and shape in ("multipart", "broken-multipart"):
        parts = [
            f'--b0\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        ]
        raw = "".join(parts).encode() + b'--b0\r\nContent-Disposition: form-data; name="file"; '
        raw += b'filename="a.bin"\r\n\r\n' + draw(st.binary(max_size=64)) + b"\r\n--b0--\r\n"
        if shape == "broken-multipart":
            raw = raw[: draw(st.integers(0, len(raw)))]
        body = raw
        headers["Content-Type"] = "multipart/form-data; boundary=b0"
    return method, target, body, headers


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_requests_get_sane_answers(
    fuzz_server: tuple[ThreadedMockServer, str], data: st.DataObject
) -> None:
    server, sid = fuzz_server
    method, target, body, headers = data.draw(requests(sid))
    status, raw = _send(server, method, target, body, headers)
    assert 200 <= status < 500, (status, raw[:200])
    if len(target) > MAX_REQUEST_LINE:
        # refused by the HTTP parser before the app sees it (nginx would answer 414)
        assert status == 400
        return
    path = target.split("?", 1)[0]
    if path in WIALON_PATHS and method in ("GET", "POST"):
        answer: Any = json.loads(raw)
        if isinstance(answer, dict) and "error" in answer:
            assert isinstance(answer["error"], int)


def test_server_still_serves_after_fuzzing(fuzz_server: tuple[ThreadedMockServer, str]) -> None:
    server, _ = fuzz_server
    assert _send(server, "GET", "/_mock/health", None, {}) == (200, b'{"status":"ok"}')


GIS_PATHS = (
    "/gis_geocode", "/localhost/gis_geocode", "/gis_search", "/gis_searchintelli",
    "/localhost/gis_get_route_via_waypoints", "/localhost/gis_render/1_2_3/tile.png",
    "/avl_item_image/{unit}/{size}/x.png", "/avl_driver_image/{res}/{drv}/{size}/x.png",
)  # fmt: skip
GIS_FIELDS = ("coords", "flags", "gis_sid", "uid", "count", "indexFrom", "phrase", "country",
              "city", "street", "region", "searchFlags", "data", "dist_from_unit",
              "city_radius", "txt_dist")  # fmt: skip


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_map_hosts_and_images_never_fail_on_bad_input(
    fuzz_server: tuple[ThreadedMockServer, str], data: st.DataObject
) -> None:
    server, _ = fuzz_server
    world = server.world
    res = world.account_id
    template = data.draw(st.sampled_from(GIS_PATHS))
    size = data.draw(st.one_of(st.integers(-5, 999).map(str), st.text(max_size=4)))
    path = template.format(
        unit=data.draw(st.sampled_from([sorted(world.units)[0], 1, -3])),
        res=res,
        drv=data.draw(st.sampled_from([*world.resources[res].drivers, "0", "x"])),
        size=urllib.parse.quote(size) or "0",
    )
    fields = data.draw(
        st.dictionaries(
            st.sampled_from(GIS_FIELDS), st.one_of(params_text, st.text(max_size=12)), max_size=5
        )
    )
    method = data.draw(st.sampled_from(["GET", "POST"]))
    query = urllib.parse.urlencode(fields)
    if method == "GET" and len(path) + len(query) < MAX_REQUEST_LINE:
        status, raw = _send(server, "GET", f"{path}?{query}", None, {})
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, raw = _send(server, "POST", path, query.encode(), headers)
    assert status in (200, 404, 405), (status, raw[:200])
    if status == 200 and "/gis_" in path and "render" not in path:
        answer = json.loads(raw)
        assert isinstance(answer, list | dict)
