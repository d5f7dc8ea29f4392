"""This project's own recorded traffic, replayed with no server running.

Each test records against the fake server with ``--wialon-record-mode=once`` (after deleting
its cassette under ``cassettes/test_cassettes/``) and replays by default. The same test body
runs in both modes: ``wialon_mock``'s controls act on the fake server while recording and do
nothing on replay, where the recorded answers already carry their effects.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from aiowialon import MultipartField, Wialon, WialonBatchError, flags
from aiowialon.events import AvlEvent, filters
from pytest_wialon.recorder import CassetteSession
from pytest_wialon.targets import WialonTarget

pytestmark = [pytest.mark.wialon_cassette, pytest.mark.wialon_mock(units=3, seed=7)]

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}
# A 1x1 PNG, enough for the fake server to take it as an icon.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait, bounded, until ``condition()`` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError(f"condition still false after {timeout}s")
        await asyncio.sleep(0.01)


async def unit_ids(client: Wialon) -> list[int]:
    found = await client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)
    return [item["id"] for item in found["items"]]


@pytest.fixture(autouse=True)
def no_network(wialon_cassette: CassetteSession | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """On replay, any attempt to open a connection fails the test loudly.

    The recorded port is closed anyway (the fake server that served the recording is long
    gone); this makes "nothing left the machine" a checked fact rather than a hope.
    """
    assert wialon_cassette is not None
    if not wialon_cassette.replaying:
        return

    async def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network use while replaying: {args[1:3]}")

    monkeypatch.setattr(asyncio.BaseEventLoop, "create_connection", refuse)


async def test_login(
    wialon_client: Wialon, wialon_mock: WialonTarget, wialon_cassette: CassetteSession
) -> None:
    if wialon_cassette.replaying:
        assert wialon_cassette.base_url == wialon_mock.url  # the recorded (closed) address
    answer = await wialon_client.login()
    assert wialon_client.sid == answer["eid"]
    assert answer["user"]["id"] > 0
    wialon_mock.assert_called("token/login", times=1)


async def test_search(wialon_client: Wialon, wialon_mock: WialonTarget) -> None:
    await wialon_client.login()
    ids = await unit_ids(wialon_client)
    assert len(ids) == 3
    item = await wialon_client.core_search_item(id=ids[0], flags=1)
    assert item["item"]["id"] == ids[0]
    wialon_mock.assert_called("core/search_item", {"id": ids[0]}, times=1)


async def test_batch_with_an_error(wialon_client: Wialon) -> None:
    await wialon_client.login()
    ids = await unit_ids(wialon_client)
    batch = wialon_client.batch(
        wialon_client.core_search_item(id=ids[0], flags=1),
        wialon_client.core_search_item(id=999_999_999, flags=1),
    )
    with pytest.raises(WialonBatchError) as caught:
        await batch
    answers: Any = caught.value.result
    assert answers[0]["item"]["id"] == ids[0]
    assert answers[1]["error"] > 0


async def test_multipart_upload(wialon_client: Wialon, wialon_mock: WialonTarget) -> None:
    await wialon_client.login()
    ids = await unit_ids(wialon_client)
    upload = wialon_client.unit_upload_image(itemId=ids[0], eventHash="cassette-upload")
    done = await wialon_client.upload_and_wait(
        upload, MultipartField("icon_file", PNG, filename="icon.png", content_type="image/png")
    )
    assert done.data.upload_hash == "cassette-upload"
    wialon_mock.assert_called("unit/upload_image", {"itemId": ids[0]}, times=1)


async def test_polling_session_with_events(
    wialon_client: Wialon, wialon_mock: WialonTarget, wialon_cassette: CassetteSession
) -> None:
    wialon_mock.freeze()
    got: list[AvlEvent] = []
    registered: list[int] = []

    @wialon_client.avl_event_handler(filters.messages)
    async def collect(event: AvlEvent) -> None:
        got.append(event)

    @wialon_client.on_session_open
    async def register(answer: dict[str, Any]) -> None:
        registered[:] = await unit_ids(wialon_client)
        await wialon_client.core_update_data_flags(
            spec=[{"type": "type", "data": "avl_unit", "mode": 0,
                   "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS}]
        )  # fmt: skip

    # Replay must not wait between polls: with an hour between them, this test can only
    # pass if the replayed loop skips the pauses.
    interval = 3600 if wialon_cassette.replaying else 1
    polling = asyncio.create_task(wialon_client.start_polling(timeout=interval))
    await until(lambda: any(entry["path"] == "/avl_evts" for entry in wialon_mock.journal()))
    wialon_mock.advance(120)  # units report for 2 minutes: events for the next polls
    await until(lambda: len(got) >= 3)
    await wialon_client.stop_polling()
    await asyncio.wait_for(polling, 20)
    assert {event.data.i for event in got} <= set(registered)
    for uid in registered:
        times = [event.data.d["t"] for event in got if event.data.i == uid]
        assert times == sorted(times)
    polls = [entry for entry in wialon_mock.journal() if entry["path"] == "/avl_evts"]
    assert len(polls) >= 2  # the events came in a later poll than the first
    wialon_mock.assert_called("core/logout", times=1)  # logout_finally


async def test_logout(wialon_client: Wialon, wialon_mock: WialonTarget) -> None:
    await wialon_client.login()
    answer = await wialon_client.logout()
    assert answer == {"error": 0}
    assert wialon_client.sid is None
    wialon_mock.assert_called("core/logout", times=1)
