"""core/batch: heavy items count against the limits, size and answer are capped, and a long
batch lets other clients through between its items."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.api import batch as batch_calls
from wialon_mock.api.registry import REGISTRY, Ctx, endpoint
from wialon_mock.config import Limits

from .conftest import call, login

pytestmark = pytest.mark.usefixtures("probe_endpoints")

ORDER: list[str] = []


@pytest.fixture
def marker() -> Iterator[list[str]]:
    """``probe/mark`` appends its ``tag`` to a list, so tests can see the order of work."""

    @endpoint("probe/mark")
    def mark(ctx: Ctx, params: Any) -> dict[str, Any]:
        """Note that this item ran."""
        ORDER.append(str(params.get("tag")))
        return {}

    ORDER.clear()
    try:
        yield ORDER
    finally:
        REGISTRY.pop("probe/mark", None)


async def test_a_heavy_item_makes_the_batch_heavy(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1, limits=Limits(heavy_seconds=0.3)) as server:
        sid = await login(http, server)
        limiter = server._control().limiter
        running = asyncio.create_task(
            call(http, server, "core/batch", [{"svc": "probe/heavy", "params": {}}], sid=sid)
        )
        for _ in range(200):
            if limiter.running(sid):
                break
            await asyncio.sleep(0.01)
        # while the batch runs, the session's one heavy slot is taken
        assert await call(http, server, "probe/heavy", {}, sid=sid) == {
            "error": 1003,
            "reason": "LIMIT api_concurrent",
        }
        assert await running == [{}]
        assert await call(http, server, "probe/heavy", {}, sid=sid) == {}


async def test_batch_size_is_capped(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, server)
    item = {"svc": "probe/echo", "params": {}}
    full = await call(http, server, "core/batch", [item] * batch_calls.MAX_ITEMS, sid=sid)
    assert len(full) == batch_calls.MAX_ITEMS
    over = [item] * (batch_calls.MAX_ITEMS + 1)
    assert await call(http, server, "core/batch", over, sid=sid) == {"error": 4}
    wrapped = {"params": over, "flags": 1}
    assert await call(http, server, "core/batch", wrapped, sid=sid) == {"error": 4}


async def test_an_answer_too_large_is_error_6(
    server: MockServer, http: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = await login(http, server)
    monkeypatch.setattr(batch_calls, "MAX_ANSWER_BYTES", 4096)
    items = [{"svc": "probe/echo", "params": {"pad": "x" * 1000}}] * 5
    assert await call(http, server, "core/batch", items, sid=sid) == {"error": 6}
    assert len(await call(http, server, "core/batch", items[:2], sid=sid)) == 2


async def test_other_clients_are_served_between_items(
    server: MockServer, http: aiohttp.ClientSession, marker: list[str]
) -> None:
    sid = await login(http, server)
    items = [{"svc": "probe/mark", "params": {"tag": "batch"}}] * 300
    form = {"svc": "core/batch", "params": json.dumps(items), "sid": sid}
    other = {"svc": "probe/mark", "params": json.dumps({"tag": "other"}), "sid": sid}

    async def post(data: dict[str, str]) -> Any:
        async with http.post(f"{server.url}/wialon/ajax.html", data=data) as resp:
            return json.loads(await resp.read())

    long = asyncio.create_task(post(form))
    while not marker:
        await asyncio.sleep(0)
    assert await post(other) == {}
    assert len(await long) == 300
    # the single call did not wait for the whole batch
    assert marker.index("other") < len(marker) - 1
