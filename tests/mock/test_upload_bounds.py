"""Uploads stay within the body limit the login reply advertises, zips are sized before use."""

from __future__ import annotations

import asyncio
import io
import json
import sys
import tracemalloc
import zipfile

import aiohttp
import pytest

from wialon_mock import MockServer

from .conftest import login

MB = 1024 * 1024


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


async def _import(
    http: aiohttp.ClientSession, server: MockServer, sid: str, data: bytes
) -> tuple[int, object]:
    form = aiohttp.FormData()
    form.add_field("params", json.dumps({"eventHash": "imp"}))
    # a file object: aiohttp's form refuses bytes over 1 MB as a field value
    form.add_field(
        "import_file", io.BytesIO(data), filename="a.zip", content_type="application/zip"
    )
    url = f"{server.url}/wialon/ajax.html?svc=exchange/import_json&sid={sid}"
    async with http.post(url, data=form) as resp:
        return resp.status, json.loads(await resp.read())


async def test_a_zip_bomb_is_refused_before_it_is_inflated(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    bomb = _zip({"a.wlp": b" " * (60 * MB) + b"{}"})
    assert len(bomb) < MB
    tracemalloc.start()
    try:
        assert await _import(http, server, sid, bomb) == (200, {"error": 4})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the old code inflated all 60 MB before parsing it
    assert peak < 10 * MB, peak
    ok = _zip({"a.wlp": b'{"type":"avl_unit"}'})
    assert await _import(http, server, sid, ok) == (200, {})


async def test_too_many_members_and_bad_json_members(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    many = _zip({f"{i}.wlp": b"{}" for i in range(1001)})
    assert await _import(http, server, sid, many) == (200, {"error": 4})
    deep = _zip({"a.wlp": b"[" * 5000 + b"]" * 5000})
    assert await _import(http, server, sid, deep) == (200, {"error": 4})
    lone = _zip({"a.wlp": b'{"nm":"\\udc80"}'})
    assert await _import(http, server, sid, lone) == (200, {"error": 4})


async def test_the_body_limit_is_max_http_buff(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    form = {"svc": "token/login", "params": json.dumps({"token": server.token})}
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        advertised = json.loads(await resp.read())["env"]["max_http_buff"]
    assert server.config.max_body_bytes == advertised == 50 * MB
    big = aiohttp.FormData()
    big.add_field(
        "import_file",
        io.BytesIO(b"\0" * (advertised + 1)),
        filename="a.wlp",
        content_type="application/octet-stream",
    )
    url = f"{server.url}/wialon/ajax.html?svc=exchange/import_json&sid={sid}"
    async with http.post(url, data=big) as resp:
        assert resp.status == 413
        assert json.loads(await resp.read()) == {"error": 4}


_SENDER = r"""
import http.client, sys
kind, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
body = b"x" * size
if kind == "form":
    data, ctype = b"svc=no/such&params=" + body, "application/x-www-form-urlencoded"
else:
    data = (
        b'--b0\r\nContent-Disposition: form-data; name="svc"\r\n\r\nno/such\r\n'
        b'--b0\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n'
        + body + b"\r\n--b0--\r\n"
    )
    ctype = "multipart/form-data; boundary=b0"
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
conn.request("POST", "/wialon/ajax.html", body=data, headers={"Content-Type": ctype})
sys.stdout.write(conn.getresponse().read().decode())
"""


@pytest.mark.parametrize(("kind", "factor"), [("form", 3.5), ("multipart", 1.5)])
async def test_a_big_body_is_held_a_bounded_number_of_times(kind: str, factor: float) -> None:
    size = 16 * MB
    async with MockServer(units=1, limits=False) as server:
        # the sender is another process, so only the server's allocations are traced here
        tracemalloc.start()
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-c", _SENDER, kind, str(server.port), str(size),
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, _ = await asyncio.wait_for(proc.communicate(), 120)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert json.loads(out) in ({"error": 4}, {"error": 2})
    # before: the form four times over, multipart parts twice (chunks, then their join)
    assert peak < factor * size, peak / size


_UPLOADER = r"""
import http.client, json, sys
port, sid, unit_id, size = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
params = json.dumps({"itemId": unit_id, "eventHash": "big"}).encode()
head = (
    b'--b0\r\nContent-Disposition: form-data; name="params"\r\n\r\n' + params + b"\r\n"
    b'--b0\r\nContent-Disposition: form-data; name="icon_file"; filename="a.png"\r\n'
    b"Content-Type: image/png\r\n\r\n"
)
tail = b"\r\n--b0--\r\n"
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
conn.putrequest("POST", f"/wialon/ajax.html?svc=unit/upload_image&sid={sid}")
conn.putheader("Content-Type", "multipart/form-data; boundary=b0")
conn.putheader("Content-Length", str(len(head) + size + len(tail)))
conn.endheaders()
conn.send(head)
block = b"\x89PNG" * (256 * 1024)
for start in range(0, size, len(block)):
    conn.send(block[: size - start])
conn.send(tail)
sys.stdout.write(conn.getresponse().read().decode())
"""


async def test_a_big_file_part_is_spooled_to_disk_not_held_in_memory() -> None:
    size = 40 * MB
    async with MockServer(units=1, limits=False) as server, aiohttp.ClientSession() as http:
        sid = await login(http, server)
        unit_id = next(iter(server.world.units))
        # the sender is another process, so only the server's allocations are traced here
        tracemalloc.start()
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-c", _UPLOADER, str(server.port), sid, str(unit_id), str(size),
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, _ = await asyncio.wait_for(proc.communicate(), 120)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert json.loads(out) == {}
        events = await _events(http, server, sid)
        assert {"i": -1, "d": {"hash": "big"}} in events
    # before: the 40 MB part sat in one bytearray; now past 2 MB it is in a temporary file
    assert peak < 8 * MB, peak / MB


async def _events(http: aiohttp.ClientSession, server: MockServer, sid: str) -> list[object]:
    async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
        answer = json.loads(await resp.read())
    events = answer["events"]
    assert isinstance(events, list)
    return events


async def test_a_spooled_upload_is_read_back_whole_by_the_handler() -> None:
    # a .wlp bigger than the spill threshold, plain and zipped: import_json reads both from
    # the temporary file and sends back exactly what was uploaded
    wlp = {"type": "avl_unit", "general": {"n": "x" * (3 * MB)}, "tail": [1, 2, 3]}
    raw = json.dumps(wlp).encode()
    zipped = _zip({"a.wlp": raw, "b.wlp": b'{"small":1}'})
    async with MockServer(units=1, limits=False) as server, aiohttp.ClientSession() as http:
        sid = await login(http, server)
        assert await _import(http, server, sid, raw) == (200, {})
        assert await _import(http, server, sid, zipped) == (200, {})
        events = await _events(http, server, sid)
    files = [event["d"]["files"] for event in events if isinstance(event, dict)]
    assert files == [{"a.zip": wlp}, {"a.wlp": wlp, "b.wlp": {"small": 1}}]
