"""``wialon-mock journal URL`` underneath: reading a running server's journal over HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from wialon_mock import MockServer
from wialon_mock.run.tail import TailError, base_url, pretty, tail

from ..mock.conftest import call, login


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """A small fake server."""
    async with MockServer(units=2) as srv:
        yield srv


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


def test_base_url_takes_what_people_type() -> None:
    assert str(base_url("127.0.0.1:8080")) == "http://127.0.0.1:8080/"
    assert str(base_url("http://localhost:8080/_mock/ui/?x=1")) == "http://localhost:8080/"
    with pytest.raises(TailError, match="not an http URL"):
        base_url("ftp://example")


def test_pretty_line_names_batch_items_and_masks_the_session() -> None:
    entry = {
        "n": 7,
        "t": 0,
        "svc": "core/batch",
        "params": {"params": [{"svc": "core/search_item"}, {"svc": "unit/get_fuel_settings"}]},
        "sid": "0123456789abcdef0123456789abcdef",
        "status": 200,
        "error": None,
        "fault": 2,
    }
    line = pretty(entry)
    assert line == (
        "#7 00:00:00 core/batch[core/search_item,unit/get_fuel_settings] sid=0123…(32) ok fault #2"
    )
    assert entry["sid"] not in line  # type: ignore[operator]  # the journal entry is untyped JSON
    assert pretty({"n": 1, "t": 0, "svc": "x", "status": None}).endswith("dropped")
    assert pretty({"n": 1, "t": 0, "svc": "x", "status": 503}).endswith("HTTP 503")
    assert pretty({"n": 1, "t": 0, "svc": "x", "status": 200, "error": 4}).endswith("error 4")


async def test_once_prints_the_remembered_journal(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    sid = await login(http, server)
    await call(http, server, "core/get_hw_types", {}, sid)
    lines: list[str] = []
    assert await tail(server.url, lines.append, once=True) == 2
    assert "token/login" in lines[0]
    assert "core/get_hw_types" in lines[1]
    as_json: list[str] = []
    await tail(server.url, as_json.append, once=True, as_json=True, svc="core/get_hw_types")
    assert [json.loads(line)["svc"] for line in as_json] == ["core/get_hw_types"]


async def test_a_batch_too_big_to_keep_whole_is_printed_with_its_items(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    sid = await login(http, server)
    # 60 items: over the journal's 2 KB of params, so it keeps an excerpt and lists the items
    items = [{"svc": "core/get_hw_types", "params": {"filterType": "", "filterValue": []}}] * 60
    await call(http, server, "core/batch", {"params": items, "flags": 0}, sid)
    lines: list[str] = []
    await tail(server.url, lines.append, once=True)
    assert ("core/batch[" + ",".join(["core/get_hw_types"] * 60) + "]") in lines[-1]


async def test_following_prints_new_requests_as_they_come(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    lines: list[str] = []
    seen = asyncio.Event()

    def emit(line: str) -> None:
        lines.append(line)
        if len(lines) == 2:
            seen.set()

    follower = asyncio.create_task(tail(server.url, emit))
    try:
        sid = await login(http, server)
        await call(http, server, "core/get_hw_types", {}, sid)
        await asyncio.wait_for(seen.wait(), 10)
    finally:
        follower.cancel()
        with pytest.raises(asyncio.CancelledError):
            await follower
    assert "token/login" in lines[0]
    assert "core/get_hw_types" in lines[1]


async def test_an_unreachable_server_is_one_clear_error(unused_tcp_port: int) -> None:
    with pytest.raises(TailError, match="cannot read the journal"):
        await tail(f"127.0.0.1:{unused_tcp_port}", print, once=True)


async def test_a_server_that_is_not_wialon_mock_is_named() -> None:
    async with TestServer(web.Application(), host="127.0.0.1") as other:
        with pytest.raises(TailError, match="no journal"):
            await tail(str(other.make_url("")), print, once=True)


async def test_the_admin_token_goes_with_every_request() -> None:
    seen: list[str | None] = []

    async def journal(request: web.Request) -> web.Response:
        seen.append(request.headers.get("X-Wialon-Mock-Admin"))
        if seen[-1] != "sesame":
            return web.json_response({"error": "the admin API needs the admin secret"}, status=403)
        return web.json_response([{"n": 1, "t": 0, "svc": "core/get_hw_types", "status": 200}])

    app = web.Application()
    app.router.add_get("/_mock/journal", journal)
    async with TestServer(app, host="127.0.0.1") as other:
        url = str(other.make_url(""))
        with pytest.raises(TailError, match=r"refused the journal: HTTP 403.*--admin-token"):
            await tail(url, print, once=True)
        lines: list[str] = []
        assert await tail(url, lines.append, once=True, admin_token="sesame") == 1
    assert seen == [None, "sesame"]
    assert "core/get_hw_types ok" in lines[0]
