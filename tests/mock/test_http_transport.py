"""The transport of ``/wialon/ajax.html`` and ``/avl_evts``: placements, encodings, answers."""

from __future__ import annotations

import gzip
import json

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.control.redact import mask

from .conftest import call, login

pytestmark = pytest.mark.usefixtures("probe_endpoints")


async def test_login_by_query_string_get(server: MockServer, http: aiohttp.ClientSession) -> None:
    query = {"svc": "token/login", "params": json.dumps({"token": server.token})}
    async with http.get(f"{server.url}/wialon/ajax.html", params=query) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "application/json"
        answer = json.loads(await resp.read())
    assert len(answer["eid"]) == 32


async def test_answer_is_compact_json(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, server)
    form = {"svc": "probe/echo", "params": '{"a": [1, 2], "b": "\u00fc"}', "sid": sid}
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        raw = await resp.read()
    assert raw == '{"params":{"a":[1,2],"b":"\u00fc"},"uploads":[]}'.encode()


@pytest.mark.parametrize("sid", [None, "None", "", "null"])
async def test_login_calls_ignore_the_sid(
    server: MockServer, http: aiohttp.ClientSession, sid: str | None
) -> None:
    answer = await call(http, server, "token/login", {"token": server.token}, sid=sid)
    assert "eid" in answer


async def test_query_and_body_merge_and_body_wins(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    query = "svc=probe/echo&params=%7B%22from%22%3A%22query%22%7D"
    url = f"{server.url}/wialon/ajax.html?{query}&sid={sid}"
    async with http.post(url, data={"params": '{"from":"body"}'}) as resp:
        answer = json.loads(await resp.read())
    assert answer["params"] == {"from": "body"}
    # the sid came only from the query string and still counted
    async with http.post(url, data={}) as resp:
        assert json.loads(await resp.read())["params"] == {"from": "query"}


async def test_missing_params_are_an_empty_object(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    async with http.get(
        f"{server.url}/wialon/ajax.html", params={"svc": "probe/echo", "sid": sid}
    ) as resp:
        assert json.loads(await resp.read())["params"] == {}


async def test_malformed_params_answer_error_4(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    form = {"svc": "token/login", "params": '{"token": '}
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        assert resp.status == 200
        assert await resp.read() == b'{"error":4}'


async def test_unknown_service_and_bad_sid(server: MockServer, http: aiohttp.ClientSession) -> None:
    assert await call(http, server, "no/such_call") == {"error": 2}
    assert await call(http, server, "probe/echo", sid="0" * 32) == {"error": 1}


async def test_multipart_fields_and_files(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, server)
    form = aiohttp.FormData()
    form.add_field("params", '{"itemId":1,"eventHash":"h1"}')
    form.add_field("sid", sid)
    form.add_field("icon_file", b"\x89PNG...", filename="car.png", content_type="image/png")
    url = f"{server.url}/wialon/ajax.html?svc=probe/echo"
    async with http.post(url, data=form) as resp:
        answer = json.loads(await resp.read())
    assert answer == {
        "params": {"itemId": 1, "eventHash": "h1"},
        "uploads": [["icon_file", "car.png", "image/png", 7]],
    }


async def test_event_hash_as_its_own_part_reaches_params(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    form = aiohttp.FormData()
    form.add_field("params", '{"itemId":1}')
    form.add_field("eventHash", "from-part")
    form.add_field("file", b"data", filename="f.bin")
    url = f"{server.url}/wialon/ajax.html?svc=probe/echo&sid={sid}"
    async with http.post(url, data=form) as resp:
        answer = json.loads(await resp.read())
    assert answer["params"] == {"itemId": 1, "eventHash": "from-part"}


async def test_file_answer_is_an_attachment(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{server.url}/wialon/ajax.html?svc=probe/file") as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "text/csv"
        assert resp.headers["Content-Disposition"] == 'attachment; filename="report.csv"'
        assert await resp.read() == b"a,b\n1,2\n"


async def test_gzip_when_accepted_and_large_enough(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1, gzip_min_bytes=0) as server:
        url = f"{server.url}/wialon/ajax.html?svc=probe/file_missing"
        async with http.get(url, headers={"Accept-Encoding": "gzip"}, auto_decompress=False) as r:
            assert r.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(await r.read()) == b'{"error":2}'
        async with http.get(url, headers={"Accept-Encoding": "identity"}) as r:
            assert "Content-Encoding" not in r.headers
            assert await r.read() == b'{"error":2}'


async def test_small_answers_stay_uncompressed(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    url = f"{server.url}/wialon/ajax.html?svc=nope"
    async with http.get(url, headers={"Accept-Encoding": "gzip"}) as resp:
        assert "Content-Encoding" not in resp.headers


async def test_handler_crash_is_error_6_and_server_lives(
    server: MockServer, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    assert await call(http, server, "probe/boom") == {"error": 6}
    assert await call(http, server, "probe/nan") == {"error": 6}
    assert "probe/boom" in caplog.text
    assert "eid" in await call(http, server, "token/login", {"token": server.token})


async def test_unknown_path_is_404_and_bad_method_405(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{server.url}/wialon/post.html") as resp:
        assert resp.status == 404
    async with http.put(f"{server.url}/wialon/ajax.html") as resp:
        assert resp.status == 405


async def test_avl_evts_takes_the_sid_from_query_or_form(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    async with http.get(f"{server.url}/avl_evts", params={"sid": "f" * 32}) as resp:
        assert json.loads(await resp.read())["error"] in (1, 2)
    async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
        assert resp.headers["Content-Type"] == "application/json"
        entries = server.journal("avl_evts")
    assert [entry["sid"] for entry in entries] == [mask("f" * 32), mask(sid)]


async def test_body_over_the_cap_is_413(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1, max_body_bytes=1024) as server:
        url = f"{server.url}/wialon/ajax.html"
        async with http.post(url, data={"svc": "probe/echo", "params": "x" * 4096}) as resp:
            assert resp.status == 413
        form = aiohttp.FormData()
        form.add_field("file", b"x" * 4096, filename="big.bin")
        async with http.post(url, data=form) as resp:
            assert resp.status == 413
            assert json.loads(await resp.read()) == {"error": 4}


async def test_binary_body_and_broken_multipart_are_error_4(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    url = f"{server.url}/wialon/ajax.html"
    async with http.post(url, data=b"\xff\xfe\x00svc=\xc3", headers={"Content-Type": ""}) as resp:
        assert resp.status == 200
        assert await resp.read() == b'{"error":4}'
    headers = {"Content-Type": "multipart/form-data; boundary=xyz"}
    async with http.post(url, data=b"--xyz\r\nbroken", headers=headers) as resp:
        assert resp.status in (200, 400)
        assert json.loads(await resp.read()) == {"error": 4}


async def test_form_body_decoding_rules(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, server)
    body = f"svc=probe%2Fecho&sid={sid}&params=%7B%22s%22%3A%22a+b%2Bc%25%22%7D&empty="
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with http.post(f"{server.url}/wialon/ajax.html", data=body, headers=headers) as resp:
        answer = json.loads(await resp.read())
    assert answer["params"] == {"s": "a b+c%"}
