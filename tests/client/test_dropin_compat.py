"""The py-aiowialon 2.0 names beyond the client itself: ``WialonCallRespValidator`` checking
real answers of the fake server, the synchronous ``AvlEventHandler`` entry points, and the
``api_types`` catalogue."""

from __future__ import annotations

import asyncio
import json
import typing
import warnings
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from aiowialon import (
    WLP,
    AvlEvent,
    AvlEventData,
    AvlEventHandler,
    MultipartField,
    Wialon,
    WialonAccessDenied,
    WialonCallRespValidator,
    WialonError,
    WialonInvalidResult,
    WialonUnknownError,
    WialonWarning,
    api_types,
)
from wialon_mock import MockServer, ThreadedMockServer

from .conftest import first_unit

Validator = WialonCallRespValidator


@pytest.fixture
async def http(mock_server: MockServer) -> AsyncIterator[aiohttp.ClientSession]:
    """A bare aiohttp session, as code that sends its own requests has."""
    async with aiohttp.ClientSession(base_url=mock_server.url) as session:
        yield session


async def _post(
    http: aiohttp.ClientSession, svc: str, params: Any, sid: str | None = None
) -> tuple[aiohttp.ClientResponse, bytes]:
    form = {"svc": svc, "params": json.dumps(params)}
    if sid:
        form["sid"] = sid
    async with http.post("/wialon/ajax.html", data=form) as response:
        return response, await response.read()


async def test_a_json_answer_passes_the_header_check(
    http: aiohttp.ClientSession, mock_server: MockServer
) -> None:
    response, body = await _post(http, "token/login", {"token": mock_server.token})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await Validator.validate_headers(response)
    assert not await Validator.has_attachment(response)
    await Validator.validate_result("token_login", json.loads(body))


async def test_an_html_answer_warns(http: aiohttp.ClientSession, mock_server: MockServer) -> None:
    mock_server.add_fault(svc="core/get_hw_types", kind="http", status=502)
    response, _ = await _post(http, "core/get_hw_types", {})
    with pytest.warns(WialonWarning, match="text/html"):
        await Validator.validate_headers(response)


async def test_an_error_answer_raises_its_class(
    http: aiohttp.ClientSession, mock_server: MockServer
) -> None:
    login = json.loads((await _post(http, "token/login", {"token": mock_server.token}))[1])
    _, body = await _post(http, "core/search_item", {"id": 1, "flags": 1}, login["eid"])
    with pytest.raises(WialonAccessDenied) as info:
        await Validator.validate_result("core_search_item", json.loads(body))
    assert info.value.action_name == "core_search_item"


async def test_a_batch_with_a_failed_item_raises_with_every_answer(
    http: aiohttp.ClientSession, mock_server: MockServer
) -> None:
    login = json.loads((await _post(http, "token/login", {"token": mock_server.token}))[1])
    items = [
        {"svc": "core/get_hw_types", "params": {}},
        {"svc": "core/search_item", "params": {"id": 1, "flags": 1}},
    ]
    _, body = await _post(http, "core/batch", {"params": items, "flags": 0}, login["eid"])
    answer = json.loads(body)
    with pytest.raises(WialonInvalidResult) as info:
        await Validator.validate_result("core_batch", answer)
    assert isinstance(info.value.reason, list)
    assert [type(e) for e in info.value.reason] == [WialonAccessDenied]
    assert info.value.result == answer
    # The same list under any other name is just a value.
    await Validator.validate_result("core_get_hw_types", answer)


async def test_a_file_answer_is_an_attachment(session: Wialon, mock_server: MockServer) -> None:
    unit = await first_unit(session)
    assert await WLP.export_item(session, unit)  # the client takes it as a file, too
    async with aiohttp.ClientSession() as http:
        form = {
            "svc": "exchange/export_json",
            "params": json.dumps({"fileName": "unit", "json": {"units": [{"id": unit}]}}),
            "sid": session.sid or "",
        }
        async with http.post(f"{mock_server.url}/wialon/ajax.html", data=form) as response:
            await response.read()
            assert await Validator.has_attachment(response)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": 0}, None),
        ({"error": 7, "reason": "no"}, WialonAccessDenied),
        ({"unexpected": 1}, WialonUnknownError),
        ({"error": 4242}, WialonError),
    ],
)
async def test_raise_wialon_error(body: dict[str, Any], expected: type[Exception] | None) -> None:
    if expected is None:
        await Validator.raise_wialon_error("core_logout", body)
        return
    with pytest.raises(expected) as info:
        await Validator.raise_wialon_error("svc_name", body)
    assert type(info.value) is expected
    assert getattr(info.value, "action_name", None) == "svc_name"


async def test_handler_called_directly_applies_its_filter_and_queues() -> None:
    seen: list[int] = []
    done = asyncio.Event()

    async def callback(event: AvlEvent) -> None:
        seen.append(event.data.i)
        if event.data.i == 3:
            done.set()

    handler = AvlEventHandler(callback, lambda event: event.data.i != 2)
    taken = [handler(AvlEvent(1, AvlEventData(i, "m", {}))) for i in (1, 2, 3)]
    assert taken == [True, False, True]
    await asyncio.wait_for(done.wait(), 10)
    assert seen == [1, 3]
    handler.cleanup()
    assert handler.closed
    assert handler.pending == 0


async def test_handler_called_directly_refuses_an_async_filter() -> None:
    async def callback(event: AvlEvent) -> None:
        raise AssertionError("must not run")

    async def async_filter(event: AvlEvent) -> bool:
        return True

    handler = AvlEventHandler(callback, async_filter)
    with pytest.raises(TypeError, match="async filter"):
        handler(AvlEvent(1, AvlEventData(1, "m", {})))
    assert handler.pending == 0


def test_api_types_describe_real_shapes() -> None:
    hints = typing.get_type_hints(api_types.LoginResponse)
    assert {"eid", "tm", "user", "au", "th", "classes"} <= hints.keys()
    assert api_types.LoginResponse.__required_keys__ == frozenset({"eid", "tm", "user"})
    assert api_types.AvlEventDict.__required_keys__ == frozenset({"i"})  # no "t" on i < 0
    assert "from" in api_types.SearchItemsParams.__required_keys__
    assert api_types.TokenLoginResponse is api_types.LoginResponse
    for name in api_types.__all__:
        assert getattr(api_types, name) is not None


async def test_api_types_match_a_live_login(session: Wialon, mock_server: MockServer) -> None:
    answer = await session.login()
    required = api_types.LoginResponse.__required_keys__
    assert required <= answer.keys()
    assert api_types.LoginUser.__required_keys__ <= answer["user"].keys()
    events = await session.avl_evts()
    assert api_types.AvlEventsResponse.__required_keys__ <= events.keys()


def test_py_aiowialon_module_paths() -> None:
    from aiowialon import exceptions, validators

    assert exceptions.WIALON_EXCEPTIONS[7] is WialonAccessDenied
    assert exceptions.WialonError is WialonError
    for name in exceptions.__all__:
        assert getattr(exceptions, name) is not None
    assert validators.WialonCallRespValidator is WialonCallRespValidator


def test_one_client_serves_two_asyncio_runs() -> None:
    # py-aiowialon's README builds the client at module level, then runs asyncio.run(...);
    # a script may do that twice (set up, then work), each time with a new event loop.
    with ThreadedMockServer(units=2) as server:
        wialon = Wialon(scheme="http", host=server.host, port=server.port, token=server.token)

        async def work() -> int:
            await wialon.login()
            answers = await asyncio.gather(*(wialon.core_get_hw_types() for _ in range(12)))
            await wialon.logout()
            return len(answers)

        assert asyncio.run(work()) == 12
        assert asyncio.run(work()) == 12  # fails on a limiter bound to the first loop
        asyncio.run(wialon.close())


async def test_multipart_field_positions_follow_py_aiowialon(
    session: Wialon, mock_server: MockServer
) -> None:
    # py-aiowialon's order: name, value, content_type, filename
    part = MultipartField("import_file", b'{"k":1}', "application/json", "units.wlp")
    assert part.content_type == "application/json"
    assert part.filename == "units.wlp"
    assert part.dict() == {
        "name": "import_file",
        "value": b'{"k":1}',
        "content_type": "application/json",
        "filename": "units.wlp",
    }
    assert await session.multipart(session.exchange_import_json(eventHash="pos-1"), part) == {}
    done = await session.wait_for_event(lambda event: event.data.upload_hash == "pos-1", 10)
    assert list(done.data.d["files"]) == ["units.wlp"]


async def test_wlp_takes_py_aiowialon_keywords(session: Wialon) -> None:
    exported = await WLP.export_item(client=session, item_id=await first_unit(session))
    assert await WLP.import_item(client=session, wlp=exported) == {}
