"""The fixtures against the real fake server, over loopback sockets."""

from __future__ import annotations

from typing import Any

import pytest

from aiowialon import Wialon, WialonAccessDenied, WialonInvalidSession
from pytest_wialon.targets import MockTarget, WialonTarget

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}


async def _units(client: Wialon) -> Any:
    return await client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)


@pytest.mark.wialon_mock(units=3)
async def test_client_talks_to_a_fresh_server(
    wialon_client: Wialon, wialon_mock: WialonTarget
) -> None:
    await wialon_client.login()
    found = await _units(wialon_client)
    assert found["totalItemsCount"] == 3
    entries = wialon_mock.assert_called("core/search_items", {"spec": {"itemsType": "avl_unit"}})
    assert len(entries) == 1
    wialon_mock.assert_called("token/login", times=1)
    wialon_mock.assert_not_called("core/batch")


async def test_assert_called_shows_the_near_misses(
    wialon_client: Wialon, wialon_mock: WialonTarget
) -> None:
    await wialon_client.login()
    await _units(wialon_client)
    with pytest.raises(AssertionError) as caught:
        wialon_mock.assert_called("core/search_items", {"spec": {"itemsType": "avl_resource"}})
    message = str(caught.value)
    assert "0 matching of 1 core/search_items call(s)" in message
    assert 'params.spec.itemsType: expected "avl_resource", got "avl_unit"' in message
    with pytest.raises(AssertionError, match=r"calls seen: core/search_items x1, token/login x1"):
        wialon_mock.assert_called("core/batch")
    with pytest.raises(AssertionError, match="to be called 2 time"):
        wialon_mock.assert_called("core/search_items", times=2)


async def test_fault_context_manager_removes_its_fault(
    wialon_client: Wialon, wialon_mock: MockTarget
) -> None:
    await wialon_client.login()
    with wialon_mock.fault(svc="core/search_items", kind="error", code=7) as fault:
        assert [f["id"] for f in wialon_mock.faults()] == [fault["id"]]
        with pytest.raises(WialonAccessDenied):
            await _units(wialon_client)
    assert wialon_mock.faults() == []
    assert (await _units(wialon_client))["totalItemsCount"] > 0


@pytest.mark.wialon_fault(svc="core/search_items", kind="error", code=7, times=1)
async def test_fault_marker_installs_before_the_test(
    wialon_client: Wialon, wialon_mock: MockTarget
) -> None:
    await wialon_client.login()
    with pytest.raises(WialonAccessDenied):
        await _units(wialon_client)
    assert (await _units(wialon_client))["totalItemsCount"] > 0  # times=1: used up


async def test_expired_session_and_clock(wialon_client: Wialon, wialon_mock: MockTarget) -> None:
    await wialon_client.login()
    before = wialon_mock.state()
    wialon_mock.freeze()
    wialon_mock.advance(60)
    assert wialon_mock.state() != before
    assert wialon_mock.expire_sessions() == 1
    with pytest.raises(WialonInvalidSession):
        await _units(wialon_client)


def test_session_server_is_shared(wialon_mock_session: MockTarget) -> None:
    assert wialon_mock_session.url.startswith("http://127.0.0.1:")
    assert wialon_mock_session.port > 0
    assert len(wialon_mock_session.token) == 72


def test_live_client_keeps_the_polling_pauses(wialon_client: Wialon) -> None:
    # Only a replay may drop the pauses (test_cassettes' polling test proves it does);
    # against a server they keep avl_evts within Wialon's limit.
    assert wialon_client.polling_delay_factor == 1.0
