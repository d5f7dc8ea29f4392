"""core/batch: one request for many calls, with per-item errors on failure."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from aiowialon import Wialon, WialonAccessDenied, WialonBatchError, WialonError, flags
from aiowialon.errors import (
    WialonBatchItemNotExecuted,
    WialonInvalidResult,
    WialonReachedConcurrentRequestLimit,
)
from wialon_mock import MockServer

from .conftest import unit_ids

MISSING_ID = 987654321


async def test_batch_answers_in_order_in_one_request(
    session: Wialon, mock_server: MockServer
) -> None:
    ids = await unit_ids(session)
    mock_server.clear_journal()
    answers = await session.batch(
        *(session.core_search_item(id=unit, flags=1) for unit in ids[:3]),
        flags_=flags.BatchFlag.EXECUTE_ALL,
    )
    assert [answer["item"]["id"] for answer in answers] == ids[:3]
    assert [entry["svc"] for entry in mock_server.journal()] == ["core/batch"]


@pytest.mark.parametrize("mode", [flags.BatchFlag.EXECUTE_ALL, flags.BatchFlag.STOP_ON_ERROR])
async def test_failed_items_become_one_batch_error(session: Wialon, mode: int) -> None:
    ids = await unit_ids(session)
    calls = [
        session.core_search_item(id=ids[0], flags=1),
        session.core_search_item(id=MISSING_ID, flags=1),
        session.core_search_item(id=ids[1], flags=1),
    ]
    with pytest.raises(WialonBatchError) as info:
        await session.batch(*calls, flags_=mode)
    err = info.value
    assert isinstance(err, WialonInvalidResult)  # what py-aiowialon raised, still caught
    assert err.action_name == "core/batch"
    assert isinstance(err.reason, list)
    assert err.errors == err.reason
    first = err.reason[0]
    assert isinstance(first, WialonAccessDenied)
    assert first.action_name == "core/batch[1] core/search_item"
    raw: list[Any] = err.result
    assert raw[0]["item"]["id"] == ids[0]
    assert raw[1] == {"error": 7}
    if mode == flags.BatchFlag.STOP_ON_ERROR:
        assert raw[2] == {"error": 10}
        skipped = err.reason[1]
        # skipped, not refused for concurrency: its own class, message and index
        assert isinstance(skipped, WialonBatchItemNotExecuted)
        assert not isinstance(skipped, WialonReachedConcurrentRequestLimit)
        assert skipped.code == 10
        assert "not executed" in str(skipped).lower()
        assert len(err.reason) == 2
        assert err.item_codes == [0, 7, 10]
        assert err.not_executed == [2]
        assert str(err) == (
            "core/batch: 1 of 3 items failed: [1] core/search_item: error 7 (Access denied); "
            "[2] core/search_item: not executed"
        )
    else:
        assert raw[2]["item"]["id"] == ids[1]
        assert len(err.reason) == 1
        assert err.item_codes == [0, 7, 0]
        assert err.not_executed == []
        assert str(err) == (
            "core/batch: 1 of 3 items failed: [1] core/search_item: error 7 (Access denied)"
        )
    assert pickle.loads(pickle.dumps(err)).item_codes == err.item_codes


async def test_in_batch_fault_names_the_item(session: Wialon, mock_server: MockServer) -> None:
    mock_server.add_fault(svc="core/get_hw_types", kind="error", code=5, in_batch=True)
    with pytest.raises(WialonBatchError) as info:
        await session.batch(
            session.core_check_unique(type="avl_unit", value="x"), session.core_get_hw_types()
        )
    assert [e.action_name for e in info.value.errors] == ["core/batch[1] core/get_hw_types"]
    assert info.value.errors[0].code == 5


async def test_hand_built_core_batch_is_checked_too(session: Wialon) -> None:
    with pytest.raises(WialonBatchError) as info:
        await session.core_batch(
            params=[{"svc": "core/search_item", "params": {"id": MISSING_ID, "flags": 1}}],
            flags=0,
        )
    assert info.value.errors[0].action_name == "core/batch[0] core/search_item"


async def test_whole_batch_error_is_not_a_batch_error(
    session: Wialon, mock_server: MockServer
) -> None:
    mock_server.add_fault(svc="core/batch", kind="error", code=4)
    with pytest.raises(WialonError) as info:
        await session.batch(session.core_get_hw_types())
    assert type(info.value).__name__ == "WialonInvalidInput"
    assert info.value.action_name == "core/batch"
