"""upload_and_wait / wait_for_event against the fake server, with and without polling."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from aiowialon import MultipartField, Wialon, WialonTimeoutError
from aiowialon.events import AvlEvent, filters
from wialon_mock import MockServer

ICON = MultipartField(
    "icon_file", b"\x89PNG\r\n\x1a\n" + bytes(64), filename="icon.png", content_type="image/png"
)


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    async with MockServer(units=2, seed=3) as srv:
        yield srv


def make_client(srv: MockServer) -> Wialon:
    client = Wialon(scheme="http", host=srv.host, port=srv.port, token=srv.token)
    # a 1 s polling interval becomes 0.1 s: the completion event is queued at once, so the
    # pause only decides how long the test idles (and 10 polls per 10 s stays unbroken)
    client.polling_delay_factor = 0.1
    return client


async def a_unit(wialon: Wialon) -> int:
    found = await wialon.core_search_items(
        spec={"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*",
              "sortType": "sys_name"},
        force=1, flags=1, from_=0, to=0,
    )  # fmt: skip
    unit_id: int = found["items"][0]["id"]
    return unit_id


async def test_upload_without_polling_generates_a_hash_and_polls_itself(
    server: MockServer,
) -> None:
    client = make_client(server)
    await client.login()
    unit_id = await a_unit(client)
    event = await client.upload_and_wait(client.unit_upload_image(itemId=unit_id), ICON, timeout=20)
    assert event.data.is_upload_done
    assert event.data.upload_hash is not None
    assert event.data.upload_hash.startswith("aiowialon_")
    assert server.journal("unit/upload_image"), "the upload went to the server"
    await client.logout()


async def test_upload_while_polling_keeps_the_callers_hash_and_feeds_handlers(
    server: MockServer,
) -> None:
    client = make_client(server)
    seen: list[AvlEvent] = []

    @client.avl_event_handler(filters.upload_done())
    async def uploads(event: AvlEvent) -> None:
        seen.append(event)

    opened = asyncio.Event()

    @client.on_session_open
    async def ready(answer: dict[str, Any]) -> None:
        opened.set()

    polling = asyncio.create_task(client.start_polling(timeout=1))
    try:
        await asyncio.wait_for(opened.wait(), 20)
        unit_id = await a_unit(client)
        call = client.unit_upload_image(itemId=unit_id, eventHash="my-hash")
        event = await client.upload_and_wait(call, ICON, timeout=20)
        assert event.data.upload_hash == "my-hash"
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, 20)
    # the handler saw the same completion: waiters do not take events from handlers
    assert [e.data.upload_hash for e in seen] == ["my-hash"]


async def test_waiting_for_an_event_that_never_comes_times_out(server: MockServer) -> None:
    client = make_client(server)
    await client.login()
    with pytest.raises(WialonTimeoutError, match="avl_evts"):
        await client.wait_for_event(lambda e: False, timeout=0.3)
    assert client.avl_event_dispatcher.waiting == 0
    await client.logout()
