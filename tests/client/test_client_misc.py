"""Custom requests, parameter names on the wire, the HTTP session's life, and help()."""

from __future__ import annotations

import asyncio
import json
import webbrowser
from typing import Any

import aiohttp
import pytest

from aiowialon import (
    Wialon,
    WialonConnectionError,
    WialonHTTPError,
    WialonInvalidSession,
    flags,
)
from wialon_mock import MockServer
from wialon_mock.control.redact import mask

from .conftest import ClientFactory, aiohttp_transport, search_all


async def test_keywords_are_converted_at_every_depth(
    session: Wialon, mock_server: MockServer
) -> None:
    # py-aiowialon's capitalised keywords still convert; the stubs know the documented ones
    await session.core_search_items(  # type: ignore[call-arg]
        Spec={
            "ItemsType": "avl_unit",
            "propName": "sys_name",
            "propValueMask": "*",
            "sortType": "sys_name",
        },
        force=1,
        flags=flags.UnitsDataFlag.BASE,
        from_=0,
        to=0,
    )
    sent = mock_server.journal("core/search_items")[-1]["params"]
    assert sent == {
        "spec": {
            "itemsType": "avl_unit",
            "propName": "sys_name",
            "propValueMask": "*",
            "sortType": "sys_name",
        },
        "force": 1,
        "flags": 1,
        "from": 0,
        "to": 0,
    }


async def test_request_to_a_custom_endpoint(session: Wialon, mock_server: MockServer) -> None:
    answer = await session.request("my_poll", f"{mock_server.url}/avl_evts", {"sid": session.sid})
    assert set(answer) >= {"tm", "events"}
    form = aiohttp.FormData({"sid": session.sid or ""})
    assert "tm" in await session.request("my_poll", f"{mock_server.url}/avl_evts", form)


async def test_request_maps_errors_with_its_name(session: Wialon, mock_server: MockServer) -> None:
    with pytest.raises(WialonInvalidSession) as info:
        await session.request("my_poll", f"{mock_server.url}/avl_evts", {"sid": "f" * 32})
    assert info.value.action_name == "my_poll"
    with pytest.raises(WialonHTTPError) as http:
        await session.request("geocode", f"{mock_server.url}/no/such/path", "{}")
    assert http.value.status == 404
    assert http.value.action_name == "geocode"


class CustomWialon(Wialon):
    """A subclass in the style of py-aiowialon's "Extending" section."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.events_url = f"{self.base_url}/avl_evts"

    async def poll_by_hand(self) -> Any:
        return await self.request("poll_by_hand", self.events_url, {"sid": self.sid or ""})

    async def critical_method(self) -> int:
        @self.session_lock
        async def locked_task() -> int:
            units = await search_all(self)
            return int(units["totalItemsCount"])

        return await locked_task()


async def test_subclass_works_like_the_base(mock_server: MockServer) -> None:
    async with CustomWialon(
        scheme="http", host=mock_server.host, port=mock_server.port, token=mock_server.token
    ) as client:
        await client.login()
        assert "events" in await client.poll_by_hand()
        assert await client.critical_method() == 5
        assert await client.core_get_hw_types()


async def test_one_http_session_is_reused_and_closed(client: Wialon) -> None:
    await client.login()
    first = aiohttp_transport(client).session
    await client.core_get_hw_types()
    assert aiohttp_transport(client).session is first
    await client.close()
    assert first.closed
    await client.close()  # closing twice is fine


async def test_calls_queued_at_close_fail_instead_of_reopening(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(rps=None, max_concurrency=1)
    await client.login()
    mock_server.add_fault(svc="core/get_hw_types", kind="delay", seconds=5)
    calls = [asyncio.ensure_future(client.core_get_hw_types()) for _ in range(3)]
    for _ in range(5):  # one call is on the wire, two wait for the single slot
        await asyncio.sleep(0)
    await client.close()
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert all(isinstance(o, WialonConnectionError) for o in outcomes), outcomes
    assert sum("closed while this call waited" in str(o) for o in outcomes) == 2
    # nothing re-opened an HTTP session behind the closed client's back
    assert aiohttp_transport(client)._session is None


async def test_a_session_passed_in_is_left_open(mock_server: MockServer) -> None:
    async with aiohttp.ClientSession() as http:
        async with Wialon(
            scheme="http",
            host=mock_server.host,
            port=mock_server.port,
            token=mock_server.token,
            session=http,
        ) as client:
            await client.login()
            await client.logout()
            await client.login()
            assert aiohttp_transport(client).session is http
        assert not http.closed


async def test_a_closed_session_passed_in_gives_a_typed_error(mock_server: MockServer) -> None:
    http = aiohttp.ClientSession()
    client = Wialon(
        scheme="http",
        host=mock_server.host,
        port=mock_server.port,
        token=mock_server.token,
        session=http,
    )
    await client.login()
    await http.close()
    with pytest.raises(WialonConnectionError, match="closed") as info:
        await client.core_get_hw_types()
    assert info.value.action_name == "core/get_hw_types"


async def test_form_body_on_the_wire(session: Wialon, mock_server: MockServer) -> None:
    await session.core_check_unique(type="avl_unit", value="Ä & = +")
    entry = mock_server.journal("core/check_unique")[-1]
    assert entry["params"] == {"type": "avl_unit", "value": "Ä & = +"}
    assert session.sid is not None
    assert entry["sid"] == mask(session.sid)


def test_help_opens_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def fake_open(url: str, *args: Any, **kwargs: Any) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    url = Wialon.help("core", "search_item")
    assert Wialon.help("core/search_item") == url
    assert Wialon.help("unit_group_update_units").endswith("/unit_group/update_units")
    assert url == "https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/core/search_item"
    assert opened[0] == url
    assert len(opened) == 3


def test_call_params_are_not_the_callers_dict(client: Wialon) -> None:
    spec = {"ItemsType": "avl_unit"}
    call = client.call("core/search_items", spec=spec)
    assert spec == {"ItemsType": "avl_unit"}  # the caller's dict is left alone
    assert json.dumps(call.params) == '{"spec": {"itemsType": "avl_unit"}}'


@pytest.mark.parametrize("proxy", [None, "http://127.0.0.1:9"])
async def test_proxy_variables_are_honoured_when_set(
    make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch, proxy: str | None
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    if proxy is not None:
        monkeypatch.setenv("HTTP_PROXY", proxy)
    client = make_client()
    assert aiohttp_transport(client).session.trust_env is (proxy is not None)
