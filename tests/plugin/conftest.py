"""A tiny Wialon-shaped aiohttp server for testing record/replay without the real fake server."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import BodyPartReader, web

SID = "0123456789abcdef0123456789abcdef"
TOKEN = "a1" * 36
TH = "b2" * 36


@dataclass
class TinyServer:
    """What the tiny server saw, and where it listens."""

    url: str
    calls: list[dict[str, Any]] = field(default_factory=list)


SERVER_KEY: web.AppKey[TinyServer] = web.AppKey("server", TinyServer)


async def _handle(request: web.Request) -> web.StreamResponse:
    server = request.app[SERVER_KEY]
    fields: dict[str, Any] = dict(request.query)
    files: dict[str, bytes] = {}
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            assert isinstance(part, BodyPartReader)
            if part.filename:
                files[part.name or ""] = bytes(await part.read())
            else:
                fields[part.name or ""] = await part.text()
    else:
        fields.update(await request.post())
    server.calls.append({"path": request.path, "fields": fields, "files": files})
    svc = fields.get("svc")
    params = json.loads(fields.get("params", "{}"))
    if request.path == "/avl_evts":
        return web.json_response({"tm": 1000 + len(server.calls), "events": [{"i": 1}]})
    if svc == "token/login":
        token_json = json.dumps({"app": "x", "h": params.get("token"), "dur": 0})
        body = {
            "eid": SID,
            "th": TH,
            "gis_sid": SID,
            "au": "alice",
            "token": token_json,
            "user": {"nm": "alice", "id": 5},
        }
        return web.json_response(body)
    if svc == "echo/slow_first":
        # Earlier arrivals wait longer, so answers come back in reverse order.
        arrival = sum(1 for call in server.calls if call["fields"].get("svc") == svc) - 1
        await asyncio.sleep(0.1 * max(0, 2 - arrival))
        return web.json_response({"n": arrival})
    if svc == "echo/gzip":
        raw = gzip.compress(json.dumps({"zipped": True}).encode())
        return web.Response(
            body=raw, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
        )
    if svc == "echo/leaky":
        # A server that repeats secrets where no scrubbing rule looks: under an unknown key,
        # inside a longer string, and in a body that is not JSON.
        sid, password = fields.get("sid"), params.get("password")
        if params.get("text"):
            return web.Response(text=f"session {sid} / {password}")
        return web.json_response({"session": {"key": sid}, "note": f"pw={password};"})
    if svc == "echo/bytes":
        return web.Response(body=b"\x00\xff binary", content_type="application/octet-stream")
    return web.json_response(
        {"svc": svc, "params": params, "sid": fields.get("sid"), "files": sorted(files)}
    )


@pytest.fixture
async def tiny_server() -> AsyncIterator[TinyServer]:
    """A Wialon-shaped server on a random loopback port, closed after the test."""
    app = web.Application()
    server = TinyServer(url="")
    app[SERVER_KEY] = server
    app.router.add_route("*", "/{tail:.*}", _handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # no public port
    server.url = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        await runner.cleanup()


#: the plugins a downstream project of these tests uses, by their entry-point names
_INNER_PLUGINS = ("wialon", "asyncio")


@pytest.fixture(autouse=True)
def _inner_runs_load_only_the_plugins_they_use(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Give every in-process ``pytester`` run only pytest_wialon and pytest-asyncio.

    Left to autoload, each inner run reads the file list of every installed distribution
    that has a pytest plugin (faker's and hypothesis's are thousands of lines) to mark them
    for assertion rewriting, and registers hypothesis, xdist, pytest-cov, faker and
    pytest-timeout, none of which the downstream projects written here use: that was half
    of what an inner run cost. The two plugins are still loaded through their entry points
    (``-p NAME`` looks the name up there). Runs in a subprocess keep autoloading, and they
    are the ones that check a project finds the plugin by itself
    (tests/plugin/test_downstream.py).
    """
    if "pytester" not in request.fixturenames:
        return
    pytester: pytest.Pytester = request.getfixturevalue("pytester")
    run_inprocess = pytester.runpytest_inprocess

    def run(*args: str | os.PathLike[str], **kwargs: Any) -> pytest.RunResult:
        named = [a for a in map(str, args) if a.startswith("no:")]
        wanted = [p for name in _INNER_PLUGINS if f"no:{name}" not in named for p in ("-p", name)]
        with monkeypatch.context() as env:
            env.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
            return run_inprocess(*wanted, *args, **kwargs)

    monkeypatch.setattr(pytester, "runpytest_inprocess", run)
