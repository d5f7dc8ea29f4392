"""Fixtures for the fake server's own tests: a server on a loopback port and an HTTP session.

``probe_endpoints`` adds a few calls that exist only in these tests (a file download, a handler
that crashes, a heavy call, an echo of what the handler received), so the HTTP layer can be
tested before and independently of the model's handlers.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.api.registry import REGISTRY, Ctx, FileAnswer, endpoint, load_handlers

PROBES = ("probe/echo", "probe/file", "probe/boom", "probe/heavy", "probe/nan")


@pytest.fixture
def probe_endpoints() -> Iterator[None]:
    """Register the test-only calls for one test."""
    load_handlers()

    @endpoint("probe/echo")
    def echo(ctx: Ctx, params: Any) -> dict[str, Any]:
        """Return what the handler was given."""
        return {
            "params": params,
            "uploads": [[u.field, u.filename, u.content_type, len(u.data)] for u in ctx.uploads],
        }

    @endpoint("probe/file", session=False)
    def file(ctx: Ctx, params: Any) -> FileAnswer:
        """Answer with a file."""
        return FileAnswer("report.csv", b"a,b\n1,2\n", "text/csv")

    @endpoint("probe/boom", session=False)
    def boom(ctx: Ctx, params: Any) -> None:
        """Crash like a buggy handler."""
        raise KeyError("a bug")

    @endpoint("probe/heavy", heavy=True)
    def heavy(ctx: Ctx, params: Any) -> dict[str, Any]:
        """A resource-intensive call."""
        return {}

    @endpoint("probe/nan", session=False)
    def nan(ctx: Ctx, params: Any) -> float:
        """Answer with something JSON cannot carry."""
        return float("nan")

    try:
        yield
    finally:
        for svc in PROBES:
            REGISTRY.pop(svc, None)


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """A small fake server on a free loopback port."""
    async with MockServer(units=3) as srv:
        yield srv


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP session that knows nothing of Wialon."""
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession,
    server: MockServer,
    svc: str,
    params: Any = None,
    sid: str | None = None,
) -> Any:
    """One form POST to ``/wialon/ajax.html``; returns the decoded JSON answer."""
    form = {"svc": svc, "params": json.dumps({} if params is None else params)}
    if sid is not None:
        form["sid"] = sid
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        assert resp.status == 200
        return json.loads(await resp.read())


async def login(http: aiohttp.ClientSession, server: MockServer) -> str:
    """Log in with the server's token; returns the sid."""
    answer = await call(http, server, "token/login", {"token": server.token})
    sid = answer["eid"]
    assert isinstance(sid, str)
    return sid
