"""The model behind the real HTTP server: events after a clock advance, uploads, downloads."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer

START = 1_750_000_000


@pytest.fixture
async def srv() -> AsyncIterator[MockServer]:
    """A frozen fake server with four units on a loopback port."""
    async with MockServer(units=4, seed=71, clock_start=START, clock_frozen=True) as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP client."""
    async with aiohttp.ClientSession() as session:
        yield session


async def ajax(
    http: aiohttp.ClientSession, srv: MockServer, svc: str, params: Any, sid: str | None = None
) -> Any:
    """POST one call as a form, the way python clients do."""
    form = {"svc": svc, "params": json.dumps(params)}
    if sid:
        form["sid"] = sid
    async with http.post(f"{srv.url}/wialon/ajax.html", data=form) as resp:
        assert resp.status == 200
        return json.loads(await resp.read())


async def evts(http: aiohttp.ClientSession, srv: MockServer, sid: str) -> Any:
    """One poll of /avl_evts."""
    async with http.get(f"{srv.url}/avl_evts", params={"sid": sid}) as resp:
        assert resp.status == 200
        return json.loads(await resp.read())


async def login(http: aiohttp.ClientSession, srv: MockServer) -> str:
    """A fresh session id."""
    reply = await ajax(http, srv, "token/login", {"token": srv.token})
    return str(reply["eid"])


async def test_events_after_admin_clock_advance(
    srv: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, srv)
    units = await ajax(
        http,
        srv,
        "core/search_items",
        {
            "spec": {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*"},
            "flags": 1,
            "from": 0,
            "to": 0,
        },
        sid,
    )
    ids = [item["id"] for item in units["items"]]
    spec = {"spec": [{"type": "col", "data": ids[:2], "flags": 0x401, "mode": 0}]}
    registered = await ajax(http, srv, "core/update_data_flags", spec, sid)
    assert sorted(entry["i"] for entry in registered) == sorted(ids[:2])
    assert (await evts(http, srv, sid))["events"] == []
    async with http.post(f"{srv.url}/_mock/clock", json={"advance": 90}) as resp:
        assert resp.status == 200
    reply = await evts(http, srv, sid)
    assert reply["tm"] == START + 90
    events = reply["events"]
    assert events
    assert {e["i"] for e in events} <= set(ids[:2])
    assert all(START < e["d"]["t"] <= START + 90 for e in events)
    assert [e["d"]["t"] for e in events] == sorted(e["d"]["t"] for e in events)
    assert (await evts(http, srv, sid))["events"] == []


async def test_upload_then_minus_one_event(srv: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, srv)
    wlp = {"type": "avl_resource", "version": "b4", "drivers": []}
    form = aiohttp.FormData()
    form.add_field("params", json.dumps({"eventHash": "ImportAvlItem"}))
    form.add_field("eventHash", "ImportAvlItem")
    form.add_field(
        "import_file",
        json.dumps(wlp).encode(),
        filename="import.wlp",
        content_type="application/zip",
    )
    url = f"{srv.url}/wialon/ajax.html?svc=exchange/import_json&sid={sid}"
    async with http.post(url, data=form) as resp:
        assert json.loads(await resp.read()) == {}
    events = (await evts(http, srv, sid))["events"]
    assert events == [{"i": -1, "d": {"hash": "ImportAvlItem", "files": {"import.wlp": wlp}}}]


async def test_export_is_a_download(srv: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, srv)
    form = {
        "svc": "exchange/export_json",
        "params": json.dumps({"fileName": "42", "json": {"type": "avl_unit"}}),
        "sid": sid,
    }
    async with http.post(f"{srv.url}/wialon/ajax.html", data=form) as resp:
        assert 'filename="42.wlp"' in resp.headers["Content-Disposition"]
        assert json.loads(await resp.read()) == {"type": "avl_unit"}


async def test_expired_session_cannot_poll(srv: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, srv)
    async with http.post(f"{srv.url}/_mock/sessions/expire", json={"sid": sid}) as resp:
        assert resp.status == 200
    assert await evts(http, srv, sid) == {"error": 1}
