"""The replay shortcut (``pytest_wialon.replay``) against the tiny server: real sockets.

Calls made by ``aiowialon`` are found by their form body; every other request is decoded in
full. Both ways must give the same answers, in the same order, with the same reports.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from aiowialon import Wialon
from aiowialon.wire import FORM_HEADERS, form_body
from pytest_wialon.recorder import CassetteMissError, CassetteSession
from pytest_wialon.replay import without_sid
from pytest_wialon.scrub import Scrubber

from .conftest import TinyServer

NOWHERE = 9  # replay points the client at a closed port: nothing may be sent


def client_for(port: int) -> Wialon:
    return Wialon(scheme="http", host="127.0.0.1", port=port, token="scrubbed-token")


def port_of(server: TinyServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


async def record(path: Path, server: TinyServer, calls: list[tuple[str, dict[str, Any]]]) -> None:
    """Log in, then record ``calls`` (svc, params) one after another with the client."""
    session = CassetteSession(path, "once", Scrubber(), base_url=server.url)
    session.start()
    try:
        async with client_for(port_of(server)) as client:
            await client.login()  # the tiny server answers a real-looking sid, to scrub
            for svc, params in calls:
                await client.call(svc, **params)
    finally:
        session.stop()


def test_without_sid_drops_only_the_sid_field() -> None:
    assert without_sid(b"svc=a%2Fb&params=%7B%7D&sid=abc") == b"svc=a%2Fb&params=%7B%7D"
    assert without_sid(b"sid=abc&svc=x") == b"svc=x"
    assert without_sid(b"svc=x&params=%7B%22sid%3D%22%3A1%7D") == (
        b"svc=x&params=%7B%22sid%3D%22%3A1%7D"
    )
    assert without_sid(b"svc=x&xsid=1") == b"svc=x&xsid=1"


async def test_client_calls_replay_by_body_in_send_order(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    calls: list[tuple[str, dict[str, Any]]] = [("echo/slow_first", {}) for _ in range(3)] + [
        ("echo/a", {"n": i}) for i in range(3)
    ]
    await record(path, tiny_server, calls)
    seen = len(tiny_server.calls)

    replay = CassetteSession(path, "none", Scrubber())
    replay.start()
    try:
        async with client_for(NOWHERE) as client:
            await client.login()
            # identical concurrent calls: each caller gets the answer recorded for its turn
            slow = await asyncio.gather(*(client.call("echo/slow_first") for _ in range(3)))
            echoed = [await client.call("echo/a", n=i) for i in range(3)]
    finally:
        replay.stop()
    assert [answer["n"] for answer in slow] == [0, 1, 2]
    assert [answer["params"] for answer in echoed] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert len(tiny_server.calls) == seen
    index = replay.replay_index
    assert index is not None
    assert index.shortcut_hits == 7  # the login too: its token is the placeholder itself
    assert replay.unplayed == []
    # the journal describes shortcut requests as fully as decoded ones
    sent = replay.sent()
    assert sent[0].svc == "token/login"
    assert [(r.svc, r.params, r.sid) for r in sent[1:]] == [
        (svc, params, "scrubbed-sid-1") for svc, params in calls
    ]


async def test_shortcut_and_full_decode_share_the_order(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    await record(path, tiny_server, [("echo/slow_first", {}) for _ in range(3)])
    replay = CassetteSession(path, "none", Scrubber())
    replay.start()
    try:
        async with client_for(NOWHERE) as client, aiohttp.ClientSession() as http:
            await client.login()
            first = await client.call("echo/slow_first")
            # the same call as a dict body: decoded in full, matched by the same key
            async with http.post(
                f"http://127.0.0.1:{NOWHERE}/wialon/ajax.html",
                data={"svc": "echo/slow_first", "params": "{}"},
            ) as response:
                second = await response.json()
            third = await client.call("echo/slow_first")
    finally:
        replay.stop()
    assert [first["n"], second["n"], third["n"]] == [0, 1, 2]
    index = replay.replay_index
    assert index is not None
    assert index.shortcut_hits == 3  # login, first and third


async def test_a_call_played_out_misses_with_a_message(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    await record(path, tiny_server, [("echo/a", {"n": 1})])
    replay = CassetteSession(path, "none", Scrubber())
    replay.start()
    try:
        async with client_for(NOWHERE) as client:
            await client.login()
            assert (await client.call("echo/a", n=1))["params"] == {"n": 1}
            with pytest.raises(CassetteMissError) as missed:
                await client.call("echo/a", n=1)
            with pytest.raises(CassetteMissError) as other:
                await client.call("echo/a", n=2)
    finally:
        replay.stop()
    assert "echo/a" in str(missed.value)
    assert "recorded 1 time(s) and every recording was already played" in str(missed.value)
    assert "Closest recorded calls" in str(other.value)
    assert len(replay.misses) == 2


async def test_replayed_response_behaves_like_aiohttps(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    await record(path, tiny_server, [("echo/a", {"n": 1}), ("echo/a", {"n": 2})])
    replay = CassetteSession(path, "none", Scrubber())
    replay.start()
    url = f"http://127.0.0.1:{NOWHERE}/wialon/ajax.html"
    try:
        async with aiohttp.ClientSession() as http:
            # the exact body the client sends: found without decoding it
            body = form_body("echo/a", {"n": 1}, "scrubbed-sid-1")
            async with http.post(url, data=body, headers=FORM_HEADERS) as response:
                assert response.status == 200
                assert response.headers["Content-Type"].startswith("application/json")
                assert response.request_info.url.path == "/wialon/ajax.html"
                streamed = await response.content.read()
            body = form_body("echo/a", {"n": 2}, None)
            response = await http.post(url, data=body, headers=FORM_HEADERS)
            text = await response.text()
            response.release()
    finally:
        replay.stop()
    assert json.loads(streamed)["params"] == {"n": 1}
    assert json.loads(text)["params"] == {"n": 2}
    index = replay.replay_index
    assert index is not None
    assert index.shortcut_hits == 2
