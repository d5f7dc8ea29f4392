"""aiowialon.testing.MockTransport: the client's own chain above an answering function.

These tests are of the double that users put under code built on the client, so no server is
started: everything between ``await call`` and the transport (the error check, the lock, the
limits, automatic batching) is the client's real code.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from aiowialon import (
    MultipartField,
    Wialon,
    WialonAccessDenied,
    WialonBatchError,
    WialonBatchItemNotExecuted,
    WialonConnectionError,
    WialonError,
    WialonHTTPError,
    WialonInvalidSession,
    WialonResponseError,
    flags,
)
from aiowialon.chain import Check, Hooks, Limits, Wire
from aiowialon.lock import SessionLock
from aiowialon.testing import MockResponse, MockTransport
from aiowialon.transport import Request

SID = "5f3c0ffee5f3c0ffee5f3c0ffee5f3c0"


def server(request: Request) -> Any:
    """A handler playing a tiny Wialon: a login, units 1 and 2, access denied elsewhere."""
    if request.service == "token/login":
        return {"eid": SID, "au": "tester", "user": {"id": 9, "nm": "tester"}}
    if request.service == "core/search_item":
        unit = request.params["id"]
        if unit in (1, 2):
            return {"item": {"id": unit, "nm": f"unit {unit}", "pos": (1.5, 2.5)}, "flags": 1}
        return {"error": 7}
    if request.service == "core/logout":
        return {"error": 0}
    return {"error": 3}


def client(handler: Any = server, **options: Any) -> tuple[Wialon, MockTransport]:
    mock = MockTransport(handler)
    return Wialon(token="test-token", transport=mock, **options), mock


async def test_calls_reach_the_handler_with_the_session_of_the_moment() -> None:
    wialon, mock = client()
    assert wialon.transport is mock
    await wialon.login()
    answer = await wialon.core_search_item(id=1, flags=flags.UnitsDataFlag.BASE)
    # the answer went through JSON as a server's would: the tuple arrives as a list
    assert answer == {"item": {"id": 1, "nm": "unit 1", "pos": [1.5, 2.5]}, "flags": 1}
    login, search = mock.requests
    assert (login.service, login.sid, login.params["token"]) == ("token/login", None, "test-token")
    assert (search.service, search.sid, search.params) == (
        "core/search_item",
        SID,
        {"id": 1, "flags": 1},
    )
    # the body is what would have gone out
    assert search.url.endswith("/wialon/ajax.html")
    assert b"sid=" + SID.encode() in search.body
    await wialon.logout()
    assert wialon.sid is None
    assert mock.closed == 1  # logout closes the transport, as it closes the HTTP session


async def test_an_error_answer_is_raised_as_its_exception() -> None:
    wialon, _ = client()
    await wialon.login()
    with pytest.raises(WialonAccessDenied) as raised:
        await wialon.core_search_item(id=3, flags=1)
    assert (raised.value.code, raised.value.action_name) == (7, "core/search_item")


async def test_a_batch_is_answered_item_by_item() -> None:
    wialon, mock = client()
    await wialon.login()
    found = await wialon.batch(
        wialon.core_search_item(id=1, flags=1), wialon.core_search_item(id=2, flags=1)
    )
    assert [item["item"]["id"] for item in found] == [1, 2]
    with pytest.raises(WialonBatchError) as raised:
        await wialon.batch(
            wialon.core_search_item(id=3, flags=1),
            wialon.core_search_item(id=1, flags=1),
            flags_=flags.BatchFlag.STOP_ON_ERROR,
        )
    assert raised.value.item_codes == [7, 10]
    assert isinstance(raised.value.errors[1], WialonBatchItemNotExecuted)
    assert [r.service for r in mock.requests] == ["token/login", "core/batch", "core/batch"]


async def test_auto_batch_sends_one_batch_and_each_caller_gets_its_answer() -> None:
    wialon, mock = client(auto_batch=True)
    await wialon.login()
    results = await asyncio.gather(
        wialon.core_search_item(id=1, flags=1),
        wialon.core_search_item(id=3, flags=1),
        wialon.core_search_item(id=2, flags=1),
        return_exceptions=True,
    )
    first, denied, second = results
    assert isinstance(first, dict)
    assert first["item"]["id"] == 1
    assert isinstance(denied, WialonAccessDenied)
    assert isinstance(second, dict)
    assert second["item"]["id"] == 2
    assert [r.service for r in mock.requests] == ["token/login", "core/batch"]
    assert len(mock.requests[1].params["params"]) == 3


async def test_http_failures_and_file_answers_read_as_from_a_server() -> None:
    answers: list[Any] = [
        MockResponse(502, body=b"Bad Gateway", content_type="text/plain"),
        MockResponse(200, body=b"<html>login page</html>", content_type="text/html"),
        b"\x89PNG image bytes",
        MockResponse(json={"error": 1}),
    ]

    def handler(request: Request) -> Any:
        return answers.pop(0)

    wialon, _ = client(handler)
    with pytest.raises(WialonHTTPError) as http:
        await wialon.call("core/get_hw_types")
    assert http.value.status == 502
    with pytest.raises(WialonResponseError, match="HTML"):
        await wialon.call("core/get_hw_types")
    assert await wialon.call("unit/get_image") == b"\x89PNG image bytes"
    with pytest.raises(WialonInvalidSession):
        await wialon.call("core/search_item", id=1, flags=1)


async def test_an_async_handler_can_fail_like_the_network() -> None:
    async def handler(request: Request) -> Any:
        await asyncio.sleep(0)
        if request.service == "core/get_hw_types":
            raise WialonConnectionError("connection refused", action_name=request.name)
        return server(request)

    wialon, _ = client(handler)
    await wialon.login()
    with pytest.raises(WialonConnectionError, match="core/get_hw_types"):
        await wialon.core_get_hw_types()


async def test_avl_evts_and_uploads_show_what_was_sent() -> None:
    def handler(request: Request) -> Any:
        if request.name == "avl_evts":
            return {"tm": 100, "events": [{"i": 1, "t": "m", "d": {"t": 99}}]}
        if request.service == "unit/upload_image":
            return {}
        return server(request)

    wialon, mock = client(handler)
    await wialon.login()
    reply = await wialon.avl_evts()
    assert reply["tm"] == 100
    poll = mock.requests[-1]
    assert (poll.name, poll.service, poll.body) == ("avl_evts", None, {"sid": SID})
    photo = MultipartField("file", b"jpeg", filename="face.jpg", content_type="image/jpeg")
    assert await wialon.multipart(wialon.call("unit/upload_image", itemId=1), photo) == {}
    upload = mock.requests[-1]
    assert upload.files == (photo,)
    assert SID in upload.url  # a multipart call carries svc and sid in the query string


async def test_a_call_queued_at_close_fails_and_later_calls_are_answered() -> None:
    wialon, mock = client(auto_batch=True)
    await wialon.login()
    queued = asyncio.ensure_future(wialon.core_search_item(id=1, flags=1))
    await asyncio.sleep(0)  # queued for this loop turn's batch
    await wialon.close()
    with pytest.raises(WialonConnectionError, match="closed"):
        await queued
    assert (await wialon.core_search_item(id=2, flags=1))["item"]["id"] == 2
    assert mock.closed == 1


async def test_bad_uses_are_refused_clearly() -> None:
    with pytest.raises(TypeError, match="function of the request"):
        MockTransport("not a function")  # type: ignore[arg-type]  # the mistake under test
    async with aiohttp.ClientSession() as http:
        with pytest.raises(ValueError, match="session or a transport"):
            Wialon(session=http, transport=MockTransport(server))
    wialon, _ = client(lambda request: {"answer": object()})
    with pytest.raises(TypeError, match="not JSON"):
        await wialon.core_get_hw_types()


async def test_the_stages_compose_without_a_client() -> None:
    # Each stage is built from the next one and a few functions: the chain runs on its own.
    def handler(request: Request) -> Any:
        return {"error": 1} if request.service == "core/get_hw_types" else server(request)

    lost: list[str | None] = []
    mock = MockTransport(handler)
    limits = Limits(Wire(mock), SessionLock(), rps=None, max_concurrency=2)
    check = Check(
        limits, "http://wialon.test", lambda: SID, lambda: 2.0, Hooks(session_lost=lost.append)
    )
    build = Wialon(token="t")
    assert (await check.send(build.call("core/search_item", id=2, flags=1)))["item"]["nm"] == (
        "unit 2"
    )
    assert mock.requests[0].timeout == 2.0
    assert mock.requests[0].url == "http://wialon.test/wialon/ajax.html"
    with pytest.raises(WialonInvalidSession):
        await check.send(build.call("core/get_hw_types"))
    assert lost == [SID]  # the hook heard which session was lost
    with pytest.raises(WialonError) as raised:
        await check.request("geocode", "http://wialon.test/gis", {"q": "x"}, None)
    assert (raised.value.code, raised.value.action_name) == (3, "geocode")
    assert lost == [SID]  # request() answers are checked, but report no lost session
