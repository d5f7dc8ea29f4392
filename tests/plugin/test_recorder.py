"""Record/replay layer against a tiny local aiohttp server: real sockets, loopback only."""

from __future__ import annotations

import asyncio
import gc
import io
import json
import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from pytest_wialon.normalize import normalize
from pytest_wialon.recorder import CassetteMissError, CassetteSession
from pytest_wialon.scrub import Scrubber, find_leaks

from .conftest import SID, TH, TOKEN, TinyServer


def _session(path: Path, mode: str, base_url: str | None = None, **scrub: Any) -> CassetteSession:
    return CassetteSession(path, mode, Scrubber(**scrub), base_url=base_url)


async def _call(
    http: aiohttp.ClientSession, url: str, svc: str, params: Any, sid: str | None = None
) -> Any:
    data = {"svc": svc, "params": json.dumps(params)}
    if sid is not None:
        data["sid"] = sid
    async with http.post(url + "/wialon/ajax.html", data=data) as response:
        return await response.json(content_type=None)


async def _login_and_search(url: str) -> list[Any]:
    async with aiohttp.ClientSession() as http:
        login = await _call(http, url, "token/login", {"token": TOKEN, "fl": 1})
        search = await _call(http, url, "core/search_items", {"spec": {"a": 1}}, login["eid"])
        return [login, search]


async def test_record_then_replay_with_server_gone(tiny_server: TinyServer, tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        recorded = await _login_and_search(tiny_server.url)
    finally:
        recorder.stop()
    text = path.read_text()
    assert find_leaks(text) == []
    for secret in (SID, TOKEN, TH):
        assert secret not in text
    assert recorded[0]["eid"] == SID  # the code under test saw the real answer while recording
    calls_before = len(tiny_server.calls)

    replay = _session(path, "none")
    replay.start()
    try:
        replayed = await _login_and_search("http://127.0.0.1:9")
    finally:
        replay.stop()
    assert len(tiny_server.calls) == calls_before
    assert replayed[0]["eid"].startswith("scrubbed-sid-")
    # The client sent back the placeholder sid, and the search still matched.
    assert replayed[1]["params"] == {"spec": {"a": 1}}
    assert replay.unplayed == []
    assert replay.base_url == tiny_server.url


async def test_token_json_and_users_are_scrubbed(tiny_server: TinyServer, tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    recorder = _session(path, "once", tiny_server.url, scrub_users=True)
    recorder.start()
    try:
        await _login_and_search(tiny_server.url)
    finally:
        recorder.stop()
    data = json.loads(path.read_text())
    first = data["interactions"][0]
    assert first["request"]["params"]["token"] == "scrubbed-token-1"
    body = first["response"]["json"]
    assert json.loads(body["token"])["h"] == "scrubbed-token-1"
    assert body["au"] == body["user"]["nm"] == "user1"
    assert body["eid"] == "scrubbed-sid-1"
    # the tiny server answers the same value for both: one value, one placeholder
    assert body["gis_sid"] == "scrubbed-sid-1"
    assert data["interactions"][1]["request"]["sid"] == "scrubbed-sid-1"
    assert "alice" not in path.read_text()


async def test_body_shape_does_not_matter_for_matching(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        async with aiohttp.ClientSession() as http:
            await _call(http, tiny_server.url, "core/x", {"b": 2, "a": 1}, SID)
    finally:
        recorder.stop()
    replay = _session(path, "none")
    replay.start()
    url = "http://127.0.0.1:9/wialon/ajax.html"
    try:
        async with aiohttp.ClientSession() as http:
            # svc and sid in the query, params in a FormData, keys reordered, another sid.
            form = aiohttp.FormData({"params": '{"a": 1, "b": 2}'})
            query = {"svc": "core/x", "sid": "other"}
            async with http.post(url, params=query, data=form) as resp:
                assert (await resp.json())["params"] == {"a": 1, "b": 2}
            # The same call as a GET is another request.
            with pytest.raises(CassetteMissError, match="GET core/x"):
                await http.get(url, params={**query, "params": '{"a":1,"b":2}'})
    finally:
        replay.stop()


async def test_multipart_stored_without_boundary_and_matched_by_hash(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"

    def form(content: bytes) -> aiohttp.FormData:
        data = aiohttp.FormData()
        data.add_field("svc", "unit/upload_image")
        data.add_field("params", json.dumps({"itemId": 7, "eventHash": "h1"}))
        data.add_field("sid", SID)
        data.add_field("icon_file", io.BytesIO(content), filename="icon.png")
        return data

    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.post(tiny_server.url + "/wialon/ajax.html", data=form(b"PNG1")) as r,
        ):
            assert (await r.json())["files"] == ["icon_file"]
    finally:
        recorder.stop()
    assert tiny_server.calls[-1]["files"] == {"icon_file": b"PNG1"}  # the file really went out
    text = path.read_text()
    assert "boundary" not in text
    assert "PNG1" not in text
    stored = json.loads(text)["interactions"][0]["request"]
    assert stored["files"][0]["field"] == "icon_file"
    assert stored["sid"] == "scrubbed-sid-1"

    replay = _session(path, "none")
    replay.start()
    try:
        async with aiohttp.ClientSession() as http:
            url = "http://127.0.0.1:9/wialon/ajax.html"
            async with http.post(url, data=form(b"PNG1")) as r:
                assert (await r.json())["svc"] == "unit/upload_image"
            with pytest.raises(CassetteMissError, match="unit/upload_image") as caught:
                await http.post(url, data=form(b"OTHER"))
    finally:
        replay.stop()
    # Only the file differs: the message says so instead of calling the near miss the same.
    message = str(caught.value)
    assert re.search(r'files\.icon_file: sent "\w{12} \(5 bytes\)", recorded "\w{12} \(4', message)
    assert "same params" not in message


async def test_identical_concurrent_calls_replay_in_send_order(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"

    async def burst(url: str) -> list[Any]:
        async with aiohttp.ClientSession() as http:
            calls = [_call(http, url, "echo/slow_first", {"same": True}) for _ in range(3)]
            return list(await asyncio.gather(*calls))

    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        recorded = await burst(tiny_server.url)
    finally:
        recorder.stop()
    interactions = json.loads(path.read_text())["interactions"]
    # Send order (what each caller got), not the order the answers arrived in.
    assert [item["response"]["json"]["n"] for item in interactions] == [r["n"] for r in recorded]
    replay = _session(path, "none")
    replay.start()
    try:
        replayed = await burst("http://127.0.0.1:9")
    finally:
        replay.stop()
    assert replayed == recorded


async def test_base_url_sessions_record_absolute_urls(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        async with aiohttp.ClientSession(base_url=tiny_server.url + "/") as http:
            await _call(http, "", "core/y", {})
    finally:
        recorder.stop()
    stored = json.loads(path.read_text())["interactions"][0]["request"]
    assert stored["url"] == tiny_server.url + "/wialon/ajax.html"


async def test_gzip_and_binary_bodies_replay_as_received(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"

    async def fetch(url: str) -> list[Any]:
        async with aiohttp.ClientSession() as http:
            zipped = await _call(http, url, "echo/gzip", {})
            data = {"svc": "echo/bytes", "params": "{}"}
            async with http.post(url + "/wialon/ajax.html", data=data) as response:
                raw = await response.read()
            return [zipped, raw]

    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        recorded = await fetch(tiny_server.url)
    finally:
        recorder.stop()
    interactions = json.loads(path.read_text())["interactions"]
    assert interactions[0]["response"]["json"] == {"zipped": True}
    # The body is stored decoded, so the header that said otherwise must go.
    assert "Content-Encoding" not in interactions[0]["response"]["headers"]
    assert "base64" in interactions[1]["response"]
    replay = _session(path, "none")
    replay.start()
    try:
        assert await fetch("http://127.0.0.1:9") == recorded
    finally:
        replay.stop()


async def test_miss_names_the_call_and_the_closest_recordings(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    batch = {"params": [{"svc": "core/search_item", "params": {"id": 1, "flags": 1}}], "flags": 0}
    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        async with aiohttp.ClientSession() as http:
            await _call(http, tiny_server.url, "core/batch", batch, SID)
    finally:
        recorder.stop()
    replay = CassetteSession(path, "none", Scrubber(), display_path="cassettes/x.json")
    replay.start()
    other = {"params": [{"svc": "core/search_item", "params": {"id": 2, "flags": 1}}], "flags": 0}
    try:
        async with aiohttp.ClientSession() as http:
            with pytest.raises(CassetteMissError) as caught:
                await _call(http, "http://127.0.0.1:9", "core/batch", other, SID)
            with pytest.raises(CassetteMissError, match="no call of this service"):
                await _call(http, "http://127.0.0.1:9", "core/logout", {}, SID)
    finally:
        replay.stop()
    message = str(caught.value)
    assert "cassettes/x.json" in message
    assert "core/batch" in message
    assert "params.params[0].params.id: sent 2, recorded 1" in message
    assert "--wialon-record-mode=all" in message
    assert len(replay.misses) == 2
    assert replay.unplayed == ["core/batch"]


async def test_polls_past_the_recording_get_no_events(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"

    async def poll(url: str, times: int) -> list[Any]:
        async with aiohttp.ClientSession() as http:
            answers = []
            for _ in range(times):
                async with http.post(url + "/avl_evts", data={"sid": SID}) as response:
                    answers.append(await response.json())
            return answers

    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        recorded = await poll(tiny_server.url, 2)
    finally:
        recorder.stop()
    replay = _session(path, "none")
    replay.start()
    try:
        replayed = await poll("http://127.0.0.1:9", 4)
    finally:
        replay.stop()
    assert replayed[:2] == recorded
    assert replayed[2:] == [{"tm": recorded[-1]["tm"], "events": []}] * 2


def test_scrubber_covers_query_form_and_batch_secrets() -> None:
    scrubber = Scrubber()
    request = normalize(
        "POST",
        f"http://h/wialon/ajax.html?token={TOKEN}&x=1",
        {
            "svc": "core/batch",
            "params": json.dumps({"params": [{"svc": "core/use_auth_hash",
                                              "params": {"authHash": "f" * 32}}]}),
            "sid": SID,
            "password": "hunter2",
        },
    )  # fmt: skip
    clean = scrubber.scrub_request(request)
    assert clean.url == "http://h/wialon/ajax.html?token=scrubbed-token-1&x=1"
    assert clean.params["params"][0]["params"]["authHash"] == "scrubbed-authHash-1"
    assert clean.sid == "scrubbed-sid-1"
    assert clean.form == {"password": "scrubbed-password-1"}
    # the same value always gets the same placeholder
    assert scrubber.scrub_request(request) == clean


async def test_a_secret_seen_once_is_scrubbed_wherever_else_it_appears(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    password = 'correct "horse" battery staple'
    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        async with aiohttp.ClientSession() as http:
            login = await _call(http, tiny_server.url, "token/login", {"token": TOKEN})
            leaky = {"password": password}
            echoed = await _call(http, tiny_server.url, "echo/leaky", leaky, login["eid"])
            form = {"svc": "echo/leaky", "params": json.dumps({"password": password, "text": 1})}
            async with http.post(tiny_server.url + "/wialon/ajax.html", data=form) as response:
                assert password in await response.text()
    finally:
        recorder.stop()
    assert echoed["session"]["key"] == SID  # the server really repeated it
    text = path.read_text()
    assert SID not in text
    assert json.dumps(password)[1:-1] not in text  # as it would sit in the JSON file
    document = json.loads(text)
    answer = document["interactions"][1]["response"]["json"]
    assert answer["session"]["key"] == document["interactions"][0]["response"]["json"]["eid"]

    replay = _session(path, "none")
    replay.start()
    try:
        async with aiohttp.ClientSession() as http:
            login = await _call(http, "http://127.0.0.1:9", "token/login", {"token": TOKEN})
            again = await _call(http, "http://127.0.0.1:9", "echo/leaky", leaky, login["eid"])
    finally:
        replay.stop()
    assert again == answer


@pytest.mark.parametrize("collecting", [True, False])
async def test_opening_a_cassette_leaves_the_collector_as_it_found_it(
    tiny_server: TinyServer, tmp_path: Path, collecting: bool
) -> None:
    # the collector is paused while a cassette is read, and must come back as the host had it
    path = tmp_path / "c.json"
    recorder = _session(path, "once", tiny_server.url)
    recorder.start()
    try:
        await _login_and_search(tiny_server.url)
    finally:
        recorder.stop()
    was = gc.isenabled()
    if not collecting:
        gc.disable()
    try:
        replay = _session(path, "none")
        replay.start()
        replay.stop()
        assert gc.isenabled() is collecting
        assert replay.unplayed  # it was read: nothing of it was played
    finally:
        if was:
            gc.enable()
