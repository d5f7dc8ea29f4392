"""``Wialon(auto_batch=True)``: calls awaited together leave as one core/batch, and each
caller still gets its own answer or its own error."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from aiowialon import (
    MultipartField,
    Wialon,
    WialonAccessDenied,
    WialonConnectionError,
    WialonHTTPError,
    WialonInvalidSession,
)
from wialon_mock import MockServer

from .conftest import ClientFactory, aiohttp_transport, unit_ids

MISSING_ID = 987654321


@pytest.fixture
async def batching(make_client: ClientFactory) -> Wialon:
    client = make_client(auto_batch=True)
    await client.login()
    return client


def services(server: MockServer) -> list[str]:
    return [entry["svc"] for entry in server.journal()]


async def test_gathered_calls_leave_as_one_batch(batching: Wialon, mock_server: MockServer) -> None:
    ids = await unit_ids(batching)
    mock_server.clear_journal()
    wanted = ids * 6
    answers = await asyncio.gather(*(batching.core_search_item(id=i, flags=1) for i in wanted))
    assert [answer["item"]["id"] for answer in answers] == wanted
    assert services(mock_server) == ["core/batch"]


async def test_each_caller_gets_its_own_error(batching: Wialon, mock_server: MockServer) -> None:
    ids = await unit_ids(batching)
    mock_server.clear_journal()
    outcomes: tuple[Any, ...] = await asyncio.gather(
        batching.core_search_item(id=ids[0], flags=1),
        batching.core_search_item(id=MISSING_ID, flags=1),
        batching.core_get_hw_types(),
        return_exceptions=True,
    )
    assert outcomes[0]["item"]["id"] == ids[0]
    assert isinstance(outcomes[1], WialonAccessDenied)
    assert outcomes[1].action_name == "core/search_item"
    assert isinstance(outcomes[2], list)
    assert services(mock_server) == ["core/batch"]


async def test_a_lone_call_goes_as_itself(batching: Wialon, mock_server: MockServer) -> None:
    mock_server.clear_journal()
    assert await batching.core_get_hw_types()
    assert services(mock_server) == ["core/get_hw_types"]


async def test_full_batches_leave_at_once(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(auto_batch=True, auto_batch_size=5)
    await client.login()
    mock_server.clear_journal()
    answers = await asyncio.gather(*(client.core_get_hw_types() for _ in range(12)))
    assert len(answers) == 12
    batches = mock_server.journal("core/batch")
    assert sorted(len(entry["params"]["params"]) for entry in batches) == [2, 5, 5]


async def test_unbatchable_calls_go_alone(batching: Wialon, mock_server: MockServer) -> None:
    mock_server.clear_journal()
    await asyncio.gather(
        batching.wait(batching.core_get_hw_types(), timeout=10),
        batching.multipart(
            batching.exchange_import_json(eventHash="ab"),
            MultipartField("import_file", b"{}", filename="a.wlp"),
        ),
        batching.core_create_auth_hash(),
    )
    assert sorted(services(mock_server)) == [
        "core/create_auth_hash",
        "core/get_hw_types",
        "exchange/import_json",
    ]


async def test_no_batching_under_the_session_lock(
    batching: Wialon, mock_server: MockServer
) -> None:
    @batching.session_lock
    async def exclusive() -> tuple[Any, ...]:
        return await asyncio.gather(batching.core_get_hw_types(), batching.core_get_hw_types())

    mock_server.clear_journal()
    await exclusive()
    assert services(mock_server) == ["core/get_hw_types", "core/get_hw_types"]


async def test_transport_failure_reaches_every_caller(
    batching: Wialon, mock_server: MockServer
) -> None:
    mock_server.add_fault(svc="core/batch", kind="http", status=502)
    outcomes = await asyncio.gather(
        batching.core_get_hw_types(), batching.core_get_hw_types(), return_exceptions=True
    )
    assert all(isinstance(o, WialonHTTPError) for o in outcomes)
    assert outcomes[0] is not outcomes[1]


async def test_whole_batch_error_is_named_per_call(
    batching: Wialon, mock_server: MockServer
) -> None:
    mock_server.add_fault(svc="core/batch", kind="error", code=1)
    outcomes: tuple[Any, ...] = await asyncio.gather(
        batching.core_get_hw_types(),
        batching.core_check_unique(type="avl_unit", value="x"),
        return_exceptions=True,
    )
    assert [type(o) for o in outcomes] == [WialonInvalidSession, WialonInvalidSession]
    assert [o.action_name for o in outcomes] == ["core/get_hw_types", "core/check_unique"]


async def test_an_unencodable_call_fails_alone(batching: Wialon) -> None:
    outcomes = await asyncio.gather(
        batching.core_get_hw_types(),
        batching.core_search_item(id={1}, flags=1),  # type: ignore[arg-type]  # on purpose
        return_exceptions=True,
    )
    assert isinstance(outcomes[0], list)
    assert isinstance(outcomes[1], TypeError)


async def test_calls_queued_for_a_batch_fail_when_the_client_closes(batching: Wialon) -> None:
    queued = [asyncio.ensure_future(batching.core_get_hw_types()) for _ in range(3)]
    await asyncio.sleep(0)  # queued for the batch of this turn, which has not left yet
    await batching.close()
    outcomes = await asyncio.gather(*queued, return_exceptions=True)
    assert all(isinstance(o, WialonConnectionError) for o in outcomes), outcomes
    assert aiohttp_transport(batching)._session is None


def test_batch_size_must_allow_a_batch() -> None:
    with pytest.raises(ValueError, match="auto_batch_size"):
        Wialon(auto_batch=True, auto_batch_size=1)
