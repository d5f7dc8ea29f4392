"""A call is a value: built without sending, named, batched, made multipart, awaited."""

from __future__ import annotations

import gc
import inspect
from typing import Any

import pytest

from aiowialon import Call, MultipartField, UnknownServiceError, Wialon, WialonInvalidService
from aiowialon.flags import BatchFlag
from wialon_mock import MockServer


def test_method_builds_a_call_without_sending(client: Wialon, mock_server: MockServer) -> None:
    call = client.core_search_item(id=5, flags=1)
    assert isinstance(call, Call)
    assert call.service == "core/search_item"
    assert call.params == {"id": 5, "flags": 1}
    assert "core/search_item" in repr(call)
    assert mock_server.journal() == []


def test_call_by_svc_and_by_method_name_agree(client: Wialon) -> None:
    by_svc = client.call("core/search_item", id=1, flags=1)
    by_method = client.call("core_search_item", id=1, flags=1)
    by_attr = client.core_search_item(id=1, flags=1)
    assert by_svc.service == by_method.service == by_attr.service == "core/search_item"
    assert by_svc.params == by_method.params == by_attr.params


def test_underscored_group_resolves(client: Wialon) -> None:
    assert client.unit_group_update_units(itemId=1, units=[]).service == ("unit_group/update_units")


def test_unknown_method_is_a_clear_attribute_error(client: Wialon) -> None:
    with pytest.raises(UnknownServiceError, match="core_serch_item"):
        client.core_serch_item(id=1)
    assert not hasattr(client, "no_such_thing")
    with pytest.raises(AttributeError):
        client._private_name  # noqa: B018  # the lookup itself is under test


async def test_unknown_svc_through_call_reaches_the_server(session: Wialon) -> None:
    # A group/action name is trusted, so the server's own verdict comes back typed.
    with pytest.raises(WialonInvalidService) as info:
        await session.call("core/no_such_action")
    assert info.value.action_name == "core/no_such_action"


async def test_awaiting_a_call_sends_it(session: Wialon, mock_server: MockServer) -> None:
    call = session.core_get_hw_types()
    first = await call
    second = await call
    assert first == second
    assert len(mock_server.journal(call.service)) == 2


def test_dropped_call_leaves_no_warning(client: Wialon) -> None:
    client.core_search_item(id=1, flags=1)
    gc.collect()  # filterwarnings=error turns a "never awaited" warning into a failure


async def test_batch_rejects_a_coroutine_and_closes_it(client: Wialon) -> None:
    coroutine = client.login()
    with pytest.raises(TypeError, match="batch"):
        client.batch(client.core_search_item(id=1, flags=1), coroutine)  # type: ignore[arg-type]  # wrong on purpose
    # closed, so no "never awaited" warning
    assert inspect.getcoroutinestate(coroutine) == inspect.CORO_CLOSED
    gc.collect()


@pytest.mark.parametrize("junk", [None, 5, "core/search_item", {"svc": "core/search_item"}])
def test_batch_rejects_anything_but_calls(client: Wialon, junk: Any) -> None:
    with pytest.raises(TypeError):
        client.batch(junk)


def test_batch_refuses_nesting_and_multipart(client: Wialon) -> None:
    inner = client.batch(client.core_search_item(id=1, flags=1))
    with pytest.raises(TypeError, match="another batch"):
        client.batch(inner)
    upload = client.multipart(
        client.resource_upload_driver_image(itemId=1, driverId=1),
        MultipartField("drivers_dlg_props_upload_image", b"x", filename="a.png"),
    )
    with pytest.raises(TypeError, match="multipart"):
        client.batch(upload)


def test_batch_is_one_core_batch_call(client: Wialon) -> None:
    batch = client.batch(
        client.core_search_item(id=1, flags=1),
        client.unit_get_fuel_settings(ItemId=2),  # type: ignore[call-arg]  # converted spelling
        flags_=BatchFlag.STOP_ON_ERROR,
    )
    assert batch.service == "core/batch"
    assert batch.params == {
        "params": [
            {"svc": "core/search_item", "params": {"id": 1, "flags": 1}},
            {"svc": "unit/get_fuel_settings", "params": {"itemId": 2}},
        ],
        "flags": 1,
    }


async def test_multipart_rejects_non_calls_and_non_fields(client: Wialon) -> None:
    coroutine = client.logout()
    with pytest.raises(TypeError):
        client.multipart(coroutine)  # type: ignore[arg-type]  # wrong on purpose
    assert inspect.getcoroutinestate(coroutine) == inspect.CORO_CLOSED
    with pytest.raises(TypeError, match="MultipartField"):
        client.multipart(client.exchange_import_json(), ("name", b"x"))  # type: ignore[arg-type]  # wrong on purpose


async def test_unencodable_params_name_the_call(session: Wialon, mock_server: MockServer) -> None:
    with pytest.raises(TypeError, match="core/search_item"):
        await session.core_search_item(id={1, 2}, flags=1)  # type: ignore[arg-type]  # on purpose
    with pytest.raises(TypeError, match="exchange/import_json"):
        await session.multipart(
            session.exchange_import_json(eventHash="x"), MultipartField("f", object())
        )
    assert mock_server.journal("core/search_item") == []
