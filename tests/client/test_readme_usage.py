"""The usage py-aiowialon's README shows (everything but polling, which the event tests cover),
written afresh and run against the fake server: code written for py-aiowialon works here."""

from __future__ import annotations

import asyncio
import webbrowser
from typing import Any

import pytest

from aiowialon import (
    WLP,
    AvlEvent,
    MultipartField,
    Wialon,
    WialonAccessDenied,
    WialonError,
    flags,
)
from wialon_mock import MockServer

from .conftest import UNIT_SPEC, ClientFactory, controlled_clock, finish, first_unit


async def test_plain_call_with_all_flags(client: Wialon) -> None:
    await client.login()
    unit = await first_unit(client)
    answer = await client.core_search_item(id=unit, flags=flags.UnitsDataFlag.ALL)
    assert answer["item"]["id"] == unit
    await client.logout()
    assert client.sid is None


async def test_context_manager(mock_server: MockServer) -> None:
    async with Wialon(
        scheme="http", host=mock_server.host, port=mock_server.port, token=mock_server.token
    ) as wialon:
        await wialon.login()
        unit = await first_unit(wialon)
        assert (await wialon.core_search_item(id=unit, flags=1))["item"]["id"] == unit
        await wialon.logout()


async def test_batch_of_different_services(session: Wialon) -> None:
    unit = await first_unit(session)
    item, fuel = await session.batch(
        session.core_search_item(id=unit, flags=flags.UnitsDataFlag.BASE),
        session.unit_get_fuel_settings(itemId=unit),
        flags_=flags.BatchFlag.EXECUTE_ALL,
    )
    assert item["item"]["id"] == unit
    assert "calcTypes" in fuel


async def test_batch_exception_carries_reason_and_result(session: Wialon) -> None:
    unit = await first_unit(session)
    calls = [session.core_search_item(id=unit, flags=1), session.core_search_item(id=1, flags=1)]
    result: Any = None
    with pytest.raises(WialonError) as info:
        result = await session.batch(*calls, flags_=flags.BatchFlag.STOP_ON_ERROR)
    assert result is None
    assert isinstance(info.value.reason, list)
    assert all(isinstance(e, WialonError) for e in info.value.reason)
    assert info.value.result[0]["item"]["id"] == unit


async def test_driver_image_upload(session: Wialon, mock_server: MockServer) -> None:
    found = await session.core_search_items(
        spec={**UNIT_SPEC, "itemsType": "avl_resource"},
        force=1,
        flags=flags.ResourceDataFlag.BASE | flags.ResourceDataFlag.DRIVERS,
        from_=0,
        to=0,
    )
    resource = next(item for item in found["items"] if item.get("drvrs"))
    driver = next(iter(resource["drvrs"].values()))
    answer = await session.multipart(
        session.resource_upload_driver_image(
            itemId=resource["id"], driverId=driver["id"], eventHash="readme_drv_upd"
        ),
        MultipartField(
            name="drivers_dlg_props_upload_image",
            value=b"\x89PNG\r\n\x1a\n fake image",
            filename="image.jpg",
            content_type="image/jpeg",
        ),
    )
    assert answer == {}
    events = (await session.avl_evts())["events"]
    assert {"i": -1, "d": {"hash": "readme_drv_upd"}} in events


async def test_wlp_shortcut(session: Wialon) -> None:
    exported = await WLP.export_item(session, await first_unit(session))
    assert isinstance(exported, bytes)
    assert exported


async def test_register_items_for_events(session: Wialon) -> None:
    answer = await session.core_update_data_flags(
        spec=[
            {
                "type": "type",
                "data": "avl_unit",
                "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.POS,
                "mode": 0,
            }
        ]
    )
    assert len(answer) == 5


async def test_session_open_callback_registers_items(client: Wialon) -> None:
    registered: list[Any] = []

    @client.on_session_open
    async def register(session_login: dict[str, Any]) -> None:
        assert session_login["eid"] == client.sid
        registered.append(
            await client.core_update_data_flags(
                spec=[{"type": "type", "data": "avl_unit", "flags": 1, "mode": 0}]
            )
        )

    closed: list[Any] = []

    @client.on_session_close
    async def goodbye(session_logout: dict[str, Any]) -> None:
        closed.append(session_logout)

    await client.login()
    await client.logout()
    assert len(registered[0]) == 5
    assert closed == [{"error": 0}]


async def test_catching_a_specific_error(session: Wialon) -> None:
    caught: list[str] = []
    try:
        await session.core_search_item(id=1, flags=1)
    except WialonAccessDenied as err:
        caught.append(f"access denied: {err}")
    except WialonError as err:  # pragma: no cover - the test fails below if this runs
        caught.append(f"other: {err}")
    assert len(caught) == 1
    assert caught[0].startswith("access denied")


def test_quick_help(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def fake_open(url: str, *args: Any, **kwargs: Any) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    Wialon.help("core", "search_item")
    assert opened == ["https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/core/search_item"]


async def test_custom_rps(make_client: ClientFactory, mock_server: MockServer) -> None:
    client = make_client(rps=15, max_concurrency=50)
    with controlled_clock(asyncio.get_running_loop()):
        await client.login()
        calls = [asyncio.ensure_future(client.core_get_hw_types()) for _ in range(16)]
        await finish(calls, 14)
        for _ in range(20):
            await asyncio.sleep(0)
        # 15 requests per second: the login and 14 calls went, the clock stands still, so
        # the last two are held by the rate limit (the default of 10 would hold 6)
        assert sum(call.done() for call in calls) == 14
        assert len(mock_server.journal("core/get_hw_types")) == 14
        for call in calls:
            call.cancel()
        await asyncio.gather(*calls, return_exceptions=True)


async def test_report_under_the_session_lock(session: Wialon) -> None:
    found = await session.core_search_items(
        spec={**UNIT_SPEC, "itemsType": "avl_resource"},
        force=1,
        flags=flags.ResourceDataFlag.BASE | flags.ResourceDataFlag.REPORT_TEMPLATES,
        from_=0,
        to=0,
    )
    resource = next(item for item in found["items"] if item.get("rep"))
    template = next(iter(resource["rep"].values()))
    unit = await first_unit(session)
    login_time = (await session.core_duplicate(restore=1))["tm"]

    @session.session_lock
    async def run_report() -> Any:
        try:
            session.timeout = 600  # the README raises the client-wide timeout for reports
            await session.report_exec_report(
                reportResourceId=resource["id"],
                reportTemplateId=template["id"],
                reportObjectId=unit,
                reportObjectSecId=0,
                interval={"from": login_time - 86400, "to": login_time, "flags": 0},
            )
            rows = await session.report_get_result_rows(tableIndex=0, indexFrom=0, indexTo=10)
            # report/export_result is what the README fetches: a file, as bytes
            xlsx = await session.report_export_result(format=8, compress=0)
            assert isinstance(xlsx, bytes)
            assert xlsx.startswith(b"PK")
            return rows
        finally:
            session.timeout = 5
            await session.report_cleanup_result()

    rows = await run_report()
    assert isinstance(rows, list)
    assert session.timeout == 5


async def test_one_call_with_a_longer_timeout(session: Wialon) -> None:
    unit = await first_unit(session)
    now = (await session.core_duplicate(restore=1))["tm"]

    @session.session_lock
    async def load(item_id: int) -> Any:
        return await session.wait(
            session.messages_load_last(
                itemId=item_id,
                lastTime=now,
                lastCount=10000,
                flags=0x0000,
                flagsMask=0xFF00,
                loadCount=10000,
            ),
            timeout=30,
        )

    messages = await load(unit)
    assert messages["count"] == len(messages["messages"])
    assert session.timeout == 5.0


async def test_handlers_as_the_readme_stacks_them(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    mock_server.freeze()
    wialon = make_client()
    await wialon.login()
    unit = await first_unit(wialon)
    await wialon.logout()
    locked: list[int] = []
    once: list[int] = []
    removed: list[int] = []

    @wialon.avl_event_handler(lambda event: event.data.i == unit)
    @wialon.session_lock
    async def unit_event(event: AvlEvent) -> None:
        answer = await wialon.core_search_item(id=event.data.i, flags=1)
        locked.append(answer["item"]["id"])

    @wialon.avl_event_handler()
    @wialon.avl_event_once
    async def first_other_event(event: AvlEvent) -> None:
        once.append(event.data.i)

    @wialon.avl_event_handler()
    async def never_called(event: AvlEvent) -> None:
        removed.append(event.data.i)

    wialon.remove_avl_event_handler("never_called")

    @wialon.on_session_open
    async def register_avl_events(session_login: dict[str, Any]) -> None:
        await wialon.core_update_data_flags(
            spec=[
                {
                    "type": "type",
                    "data": "avl_unit",
                    "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.POS,
                    "mode": 0,
                }
            ]
        )

    async def drive() -> None:
        while wialon.sid is None:
            await asyncio.sleep(0.01)
        for _ in range(200):  # bounded: ten seconds at most
            # small steps: a jump past 5 idle minutes between two polls ends the session
            mock_server.advance(10)
            await asyncio.sleep(0.05)
            if locked and once:
                break
        await wialon.stop_polling()

    # the README's 1 s interval, polled every 0.1 s here: the test moves the server clock
    wialon.polling_delay_factor = 0.1
    driver = asyncio.create_task(drive())
    await asyncio.wait_for(wialon.start_polling(timeout=1), 60)
    await driver
    assert locked
    assert set(locked) == {unit}
    assert len(once) == 1
    assert once[0] != unit
    assert removed == []
    assert wialon.sid is None  # start_polling logs out by default
