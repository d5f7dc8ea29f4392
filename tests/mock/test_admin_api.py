"""The ``/_mock/`` admin API and the same operations as runner methods."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockConfig, MockServer, ThreadedMockServer
from wialon_mock.control.admin import remote_allowed
from wialon_mock.control.redact import mask

from .conftest import call, login

pytestmark = pytest.mark.usefixtures("probe_endpoints")


async def admin(
    http: aiohttp.ClientSession, server: MockServer, method: str, path: str, body: Any = None
) -> tuple[int, Any]:
    """One admin request; returns the status and the decoded JSON body."""
    data = None if body is None else json.dumps(body).encode()
    headers = {} if body is None else {"Content-Type": "application/json"}
    async with http.request(
        method, f"{server.url}/_mock/{path}", data=data, headers=headers
    ) as resp:
        assert resp.headers["Content-Type"] == "application/json"
        return resp.status, json.loads(await resp.read())


async def test_health(server: MockServer, http: aiohttp.ClientSession) -> None:
    assert await admin(http, server, "GET", "health") == (200, {"status": "ok"})


async def test_journal_lists_requests_and_filters(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    await call(http, server, "probe/echo", {"x": 1}, sid=sid)
    await call(http, server, "no/such")
    status, entries = await admin(http, server, "GET", "journal")
    assert status == 200
    assert [e["svc"] for e in entries] == ["token/login", "probe/echo", "no/such"]
    assert entries[1]["params"] == {"x": 1}
    assert entries[1]["sid"] == mask(sid)
    assert sid not in json.dumps(entries)
    assert [e["error"] for e in entries] == [None, None, 2]
    assert [e["n"] for e in entries] == [1, 2, 3]
    _, only = await admin(http, server, "GET", "journal?svc=probe/echo")
    assert [e["n"] for e in only] == [2]
    await admin(http, server, "DELETE", "journal")
    assert server.journal() == []


async def test_journal_is_a_ring_buffer(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1, journal_size=3) as server:
        for _ in range(5):
            await call(http, server, "no/such")
        assert [e["n"] for e in server.journal()] == [3, 4, 5]


async def test_clock_freeze_advance_scale(server: MockServer, http: aiohttp.ClientSession) -> None:
    status, frozen = await admin(http, server, "POST", "clock", {"freeze": True})
    assert status == 200
    assert frozen["frozen"] is True
    _, moved = await admin(http, server, "POST", "clock", {"advance": 90})
    assert moved["now"] == pytest.approx(frozen["now"] + 90)
    _, state = await admin(http, server, "GET", "state")
    assert state["clock"]["now"] == pytest.approx(frozen["now"] + 90)
    _, scaled = await admin(http, server, "POST", "clock", {"freeze": False, "scale": 4})
    assert scaled["scale"] == 4.0
    assert scaled["frozen"] is False


@pytest.mark.parametrize(
    "body",
    [{}, {"advance": -1}, {"advance": 1e300}, {"scale": 0}, {"freeze": "yes"}, {"tick": 1}, [1, 2]],
)
async def test_clock_rejects_bad_bodies(
    server: MockServer, http: aiohttp.ClientSession, body: Any
) -> None:
    status, answer = await admin(http, server, "POST", "clock", body)
    assert status == 400
    assert isinstance(answer["error"], str)


async def test_non_json_admin_body_is_400(server: MockServer, http: aiohttp.ClientSession) -> None:
    async with http.post(
        f"{server.url}/_mock/faults",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
    ) as resp:
        assert resp.status == 400


async def test_expire_one_session_then_all(server: MockServer, http: aiohttp.ClientSession) -> None:
    first = await login(http, server)
    second = await login(http, server)
    assert await admin(http, server, "POST", "sessions/expire", {"sid": first}) == (
        200,
        {"expired": 1},
    )
    assert await call(http, server, "probe/echo", sid=first) == {"error": 1}
    assert "params" in await call(http, server, "probe/echo", sid=second)
    assert await admin(http, server, "POST", "sessions/expire", {}) == (200, {"expired": 1})
    assert await call(http, server, "probe/echo", sid=second) == {"error": 1}


async def test_reset_restores_the_start(http: aiohttp.ClientSession) -> None:
    start_fault = {"svc": "core/get_hw_types", "kind": "error", "code": 5}
    async with MockServer(units=1, faults=[start_fault]) as server:
        sid = await login(http, server)
        server.add_fault(svc="probe/echo", kind="error", code=7)
        assert await call(http, server, "core/get_hw_types") == {"error": 5}
        status, _ = await admin(http, server, "POST", "reset")
        assert status == 200
        assert await call(http, server, "probe/echo", sid=sid) == {"error": 1}
        faults = server.faults()
        assert [(f["svc"], f["hits"]) for f in faults] == [("core/get_hw_types", 0)]
        assert [e["svc"] for e in server.journal()] == ["probe/echo"]


async def test_runner_methods_match_the_routes(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    server.freeze()
    before = server.state()["clock"]["now"]
    server.advance(30)
    _, state = await admin(http, server, "GET", "state")
    assert state["clock"]["now"] == pytest.approx(before + 30)
    await login(http, server)
    assert server.expire_sessions() == 1
    fault = server.add_fault(svc="*", kind="delay", seconds=0)
    _, listed = await admin(http, server, "GET", "faults")
    assert listed == [fault]
    assert server.remove_fault(fault["id"]) is True
    assert server.remove_fault(fault["id"]) is False
    server.add_fault(svc="*", kind="delay", seconds=0)
    server.clear_faults()
    assert server.faults() == []


def test_remote_admin_is_loopback_only() -> None:
    assert remote_allowed("127.0.0.1", False)
    assert remote_allowed("::1", False)
    assert not remote_allowed("192.168.1.20", False)
    assert not remote_allowed(None, False)
    assert not remote_allowed("not-an-ip", False)
    assert remote_allowed("192.168.1.20", True)


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def test_threaded_server_serves_sync_code() -> None:
    with ThreadedMockServer(MockConfig(units=1, seed=9)) as server:
        assert _get(f"{server.url}/_mock/health") == {"status": "ok"}
        params = json.dumps({"token": server.token})
        query = urllib.parse.urlencode({"svc": "token/login", "params": params})
        answer = _get(f"{server.url}/wialon/ajax.html?{query}")
        assert len(answer["eid"]) == 32
        assert server.state()["sessions"] == 1
        assert server.expire_sessions(answer["eid"]) == 1
        assert [e["svc"] for e in server.journal()] == ["token/login"]
    server.stop()  # a second stop is harmless


async def test_close_is_idempotent() -> None:
    server = MockServer(units=1)
    await server.start()
    url = server.url
    await server.close()
    await server.close()
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.get(f"{url}/_mock/health")


def test_package_exports_are_sorted_and_importable() -> None:
    import wialon_mock

    names = list(wialon_mock.__all__)
    assert names == sorted(names)
    assert {"MockServer", "ThreadedMockServer", "MockConfig", "Limits", "create_app"} <= set(names)
    assert all(getattr(wialon_mock, name, None) is not None for name in names)
