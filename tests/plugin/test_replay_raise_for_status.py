"""A replayed answer honours aiohttp's ``raise_for_status``, of the session and of the call.

The replay shortcut answers without vcrpy's stub, so it applies the option itself. It used to
borrow a private vcrpy helper that the vcrpy releases for Python 3.10 lack, and every replay
there failed with an ImportError.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from aiowialon.wire import FORM_HEADERS, form_body
from pytest_wialon.recorder import CassetteSession
from pytest_wialon.scrub import Scrubber

NOWHERE = 9  # replay points at a closed port: nothing may be sent


@pytest.fixture
async def status_server() -> AsyncIterator[str]:
    """Answers ``core/x`` with HTTP 200 and ``core/down`` with HTTP 503."""

    async def handle(request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("svc") == "core/down":
            return web.json_response({"error": 5}, status=503)
        return web.json_response({"ok": 1})

    app = web.Application()
    app.router.add_post("/wialon/ajax.html", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # no public port
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def body(svc: str) -> bytes:
    return form_body(svc, {}, None)


async def test_replay_raises_for_status_as_aiohttp_does(status_server: str, tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    session = CassetteSession(path, "once", Scrubber(), base_url=status_server)
    session.start()
    try:
        async with aiohttp.ClientSession() as http:
            for svc in ("core/x", "core/down", "core/down", "core/down"):
                url = f"{status_server}/wialon/ajax.html"
                async with http.post(url, data=body(svc), headers=FORM_HEADERS) as response:
                    await response.read()
    finally:
        session.stop()

    replay = CassetteSession(path, "none", Scrubber())
    replay.start()
    url = f"http://127.0.0.1:{NOWHERE}/wialon/ajax.html"
    checked: list[int] = []

    async def check(response: aiohttp.ClientResponse) -> None:
        checked.append(response.status)

    try:
        async with aiohttp.ClientSession(raise_for_status=True) as http:
            # a 2xx answer passes the session's option
            async with http.post(url, data=body("core/x"), headers=FORM_HEADERS) as response:
                assert await response.json() == {"ok": 1}
            # a 503 raises it
            with pytest.raises(aiohttp.ClientResponseError) as raised:
                await http.post(url, data=body("core/down"), headers=FORM_HEADERS)
            assert raised.value.status == 503
            # the call's own option wins over the session's
            response = await http.post(
                url, data=body("core/down"), headers=FORM_HEADERS, raise_for_status=False
            )
            assert response.status == 503
            response.release()
        async with aiohttp.ClientSession() as http:
            # a callable option is awaited with the response
            response = await http.post(
                url, data=body("core/down"), headers=FORM_HEADERS, raise_for_status=check
            )
            response.release()
    finally:
        replay.stop()
    assert checked == [503]
    index = replay.replay_index
    assert index is not None
    assert index.shortcut_hits == 4  # every answer came from the shortcut, not vcrpy's stub
