"""WLP export/import of units, resources and users against the fake server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from aiowialon import Wialon, WialonInvalidInput
from aiowialon.api_types import Item
from aiowialon.shortcuts import WLP
from wialon_mock import MockServer


@pytest.fixture
async def client() -> AsyncIterator[Wialon]:
    async with MockServer(units=3, seed=11) as srv:
        wialon = Wialon(scheme="http", host=srv.host, port=srv.port, token=srv.token)
        await wialon.login()
        try:
            yield wialon
        finally:
            await wialon.logout()


async def first_id(wialon: Wialon, items_type: str) -> tuple[int, Item]:
    found = await wialon.core_search_items(
        spec={"itemsType": items_type, "propName": "sys_name", "propValueMask": "*",
              "sortType": "sys_name"},
        force=1, flags=0x1 | 0x100, from_=0, to=0,
    )  # fmt: skip
    item = found["items"][0]
    return item["id"], item


async def test_unit_export_is_the_wlp_of_that_unit(client: Wialon) -> None:
    unit_id, unit = await first_id(client, "avl_unit")
    data = await WLP.export_item(client, unit_id)
    content = json.loads(data)
    assert content["type"] == "avl_unit"
    assert content["version"] == "b4"
    assert content["general"]["n"] == unit["nm"]
    assert content["general"]["uid"] == unit["uid"]
    hw = await client.core_get_hw_types(filterType="id", filterValue=[unit["hw"]], includeType=1)
    assert content["general"]["hw"] == hw[0]["name"]
    assert "msgFilter" in content["advProps"]
    assert "driver_activity" in content["reportProps"]
    assert isinstance(content["sensors"], list)


async def test_resource_and_user_export(client: Wialon) -> None:
    resource_id, _ = await first_id(client, "avl_resource")
    resource = json.loads(await WLP.export_item(client, resource_id))
    assert resource["type"] == "avl_resource"
    assert {"zones", "jobs", "notifications", "reports", "drivers"} <= resource.keys()
    user_id, _ = await first_id(client, "user")
    user = json.loads(await WLP.export_item(client, user_id))
    assert user["type"] == "avl_user"
    assert isinstance(user["tz,dst"], list)
    assert len(user["tz,dst"]) == 2


async def test_exporting_another_class_is_refused(client: Wialon) -> None:
    found = await client.core_search_items(
        spec={"itemsType": "avl_unit_group", "propName": "sys_name", "propValueMask": "*",
              "sortType": "sys_name"},
        force=1, flags=1, from_=0, to=0,
    )  # fmt: skip
    if not found["items"]:
        pytest.skip("the generated fleet has no unit group")
    with pytest.raises(WialonInvalidInput, match="cannot be exported"):
        await WLP.export_item(client, found["items"][0]["id"])


async def test_import_round_trip_waits_for_the_completion_event(client: Wialon) -> None:
    unit_id, _ = await first_id(client, "avl_unit")
    data = await WLP.export_item(client, unit_id)
    payload = await WLP.import_item(client, data, file_name="unit.wlp", wait=True, timeout=20)
    assert payload["hash"].startswith("wlp_import_")
    (imported,) = payload["files"].values()
    assert imported == json.loads(data)


async def test_import_without_waiting_returns_the_immediate_answer(client: Wialon) -> None:
    unit_id, _ = await first_id(client, "avl_unit")
    data = await WLP.export_item(client, unit_id)
    assert await WLP.import_item(client, data, event_hash="mine") == {}
    event = await client.wait_for_event(lambda e: e.data.upload_hash == "mine", timeout=20)
    assert event.data.is_upload_done
