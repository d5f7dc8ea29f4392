"""Item, unit, group, user and resource calls; uploads and their ``i:-1`` events; the WLP set."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wialon_mock.api.registry import FileAnswer, Upload, dispatch
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model.errors import ApiError
from wialon_mock.model.state import World

START = 1_750_000_000
ALL_FLAGS = 0x3FFFFFFFFFFFFFFF


@pytest.fixture
def world() -> World:
    """A frozen world of 6 units."""
    return World(MockConfig(seed=41, units=6, clock_start=START, clock_frozen=True))


@pytest.fixture
def sid(world: World) -> str:
    """A logged-in session."""
    return str(dispatch(world, "token/login", {"token": default_token(41)}, sid=None)["eid"])


def call(world: World, svc: str, params: Any, sid: str, uploads: tuple[Upload, ...] = ()) -> Any:
    """Run one call; an API error comes back as its body."""
    try:
        return dispatch(world, svc, params, sid=sid, uploads=uploads)
    except ApiError as exc:
        return exc.body()


def first_unit(world: World) -> int:
    """Id of the lowest-numbered unit."""
    return sorted(world.units)[0]


def test_update_name_and_errors(world: World, sid: str) -> None:
    unit_id = first_unit(world)
    assert call(world, "item/update_name", {"itemId": unit_id, "name": "Truck 7"}, sid) == {
        "nm": "Truck 7"
    }
    found = call(world, "core/search_item", {"id": unit_id, "flags": 1}, sid)
    assert found["item"]["nm"] == "Truck 7"
    assert call(world, "item/update_name", {"itemId": unit_id, "name": ""}, sid) == {"error": 4}
    assert call(world, "item/update_name", {"itemId": unit_id, "name": "x" * 51}, sid) == {
        "error": 4
    }
    assert call(world, "item/update_name", {"itemId": 3, "name": "abcd"}, sid) == {"error": 7}
    assert call(world, "item/update_name", {"itemId": "x", "name": "abcd"}, sid) == {"error": 4}


def test_delete_item(world: World, sid: str) -> None:
    unit_id = first_unit(world)
    assert call(world, "item/delete_item", {"itemId": unit_id}, sid) == {}
    assert call(world, "item/delete_item", {"itemId": unit_id}, sid) == {"error": 7}
    assert call(world, "item/delete_item", {"itemId": world.account_id}, sid) == {"error": 7}
    assert call(world, "item/delete_item", {"itemId": world.owner_id}, sid) == {"error": 7}
    assert unit_id not in world.units


def test_group_update_units(world: World, sid: str) -> None:
    group_id = sorted(world.groups)[0]
    units = sorted(world.units)[:2]
    assert call(world, "unit_group/update_units", {"itemId": group_id, "units": units}, sid) == {
        "u": units
    }
    assert call(world, "core/search_item", {"id": group_id, "flags": 1}, sid)["item"]["u"] == units
    bad = {"itemId": group_id, "units": [1]}
    assert call(world, "unit_group/update_units", bad, sid) == {"error": 7}
    not_group = {"itemId": units[0], "units": units}
    assert call(world, "unit_group/update_units", not_group, sid) == {"error": 7}


def test_locale(world: World, sid: str) -> None:
    assert call(world, "user/get_locale", {"userId": world.owner_id}, sid) == {}
    locale = {"userId": world.owner_id, "locale": {"fd": "%Y-%m-%E %H:%M:%S", "wd": 1}}
    assert call(world, "user/update_locale", locale, sid) == {}
    assert call(world, "user/get_locale", {"userId": world.owner_id}, sid) == locale["locale"]
    assert call(world, "user/get_locale", {"userId": first_unit(world)}, sid) == {"error": 7}


def test_unit_settings_shapes(world: World, sid: str) -> None:
    item = {"itemId": first_unit(world)}
    fuel = call(world, "unit/get_fuel_settings", item, sid)
    assert list(fuel) == [
        "calcTypes", "fuelLevelParams", "fuelConsMath", "fuelConsRates", "fuelConsImpulse",
    ]  # fmt: skip
    assert "speedLimit" in call(world, "unit/get_report_settings", item, sid)
    assert call(world, "unit/get_activity_settings", item, sid) == {"type": 1}
    assert "minSats" in call(world, "unit/get_messages_filter", item, sid)
    assert call(world, "unit/get_drive_rank_settings", item, sid) == {}
    commands = call(world, "unit/get_command_definition_data", {**item, "col": [1, 3]}, sid)
    assert [c["id"] for c in commands] == [1, 3]
    assert call(world, "unit/get_fuel_settings", {"itemId": world.account_id}, sid) == {"error": 7}


def test_exec_cmd(world: World, sid: str) -> None:
    base = {"itemId": first_unit(world), "linkType": "", "param": "", "timeout": 60, "flags": 0}
    assert call(world, "unit/exec_cmd", {**base, "commandName": "Engine block"}, sid) == {}
    assert call(world, "unit/exec_cmd", {**base, "commandName": "No such"}, sid) == {"error": 5}


def test_zone_data(world: World, sid: str) -> None:
    res = world.resources[world.account_id]
    zones = call(world, "resource/get_zone_data", {"itemId": res.id}, sid)
    assert len(zones) == len(res.zones)
    assert all(z["rid"] == res.id and "b" in z and "p" in z for z in zones)
    points = call(world, "resource/get_zone_data", {"itemId": res.id, "col": [1], "flags": 8}, sid)
    assert list(points[0]) == ["p", "ct", "mt"]
    assert len(points) == 1
    assert points[0]["p"][0]["r"] > 0
    assert call(world, "resource/get_job_data", {"itemId": res.id, "col": []}, sid) == []
    assert call(world, "resource/get_zone_data", {"itemId": first_unit(world)}, sid) == {"error": 7}


def test_driver_image_upload_event(world: World, sid: str) -> None:
    res = world.resources[world.account_id]
    params = {"itemId": res.id, "driverId": 1, "eventHash": "jUploadForm1"}
    photo = (Upload("drivers_dlg_props_upload_image", "a.png", "image/png", b"\x89PNG"),)
    assert call(world, "resource/upload_driver_image", params, sid, photo) == {}
    assert call(world, "resource/upload_driver_image", params, sid) == {"error": 4}
    assert call(world, "resource/upload_driver_image", {**params, "driverId": 99}, sid, photo) == {
        "error": 7
    }
    events = call(world, "avl_evts", {}, sid)["events"]
    assert events == [{"i": -1, "d": {"hash": "jUploadForm1"}}]
    assert call(world, "avl_evts", {}, sid)["events"] == []


def test_import_and_export_json(world: World, sid: str) -> None:
    wlp = {"type": "avl_unit", "version": "b4", "general": {"n": "Imported"}}
    upload = (Upload("import_file", "import.wlp", "application/zip", json.dumps(wlp).encode()),)
    assert call(world, "exchange/import_json", {"eventHash": "imp"}, sid, upload) == {}
    [event] = call(world, "avl_evts", {}, sid)["events"]
    assert event == {"i": -1, "d": {"hash": "imp", "files": {"import.wlp": wlp}}}
    broken = (Upload("import_file", "x.wlp", "application/zip", b"{not json"),)
    assert call(world, "exchange/import_json", {"eventHash": "x"}, sid, broken) == {"error": 4}
    answer = dispatch(world, "exchange/export_json", {"fileName": "7", "json": wlp}, sid=sid)
    assert isinstance(answer, FileAnswer)
    assert answer.filename == "7.wlp"
    assert json.loads(answer.content) == wlp
    assert call(world, "exchange/export_json", {"fileName": "7", "json": 5}, sid) == {"error": 3}
    assert call(world, "exchange/export_json", {"json": wlp}, sid) == {"error": 3}
    in_batch = [{"svc": "exchange/export_json", "params": {"fileName": "7", "json": wlp}}]
    assert call(world, "core/batch", in_batch, sid) == [{"error": 4}]


def test_every_call_of_the_wlp_unit_export(world: World, sid: str) -> None:
    unit_id = first_unit(world)
    item = call(world, "core/search_item", {"id": unit_id, "flags": ALL_FLAGS}, sid)["item"]
    assert call(world, "user/get_locale", {"userId": world.owner_id}, sid) == {}
    params = {"filterType": "id", "filterValue": [item["hw"]], "includeType": 1, "ignoreRename": 1}
    [hw] = call(world, "core/get_hw_types", params, sid)
    batch = [
        {
            "svc": "unit/update_hw_params",
            "params": {"itemId": unit_id, "hwId": hw["id"], "fullData": 1, "action": "get"},
        },
        {"svc": "unit/get_report_settings", "params": {"itemId": unit_id}},
        {"svc": "unit/get_activity_settings", "params": {"itemId": unit_id}},
        {"svc": "unit/get_messages_filter", "params": {"itemId": unit_id}},
        {
            "svc": "unit/get_command_definition_data",
            "params": {"itemId": unit_id, "col": [str(i) for i in range(1, 15)]},
        },
        {"svc": "unit/get_drive_rank_settings", "params": {"itemId": unit_id}},
    ]
    results = call(world, "core/batch", {"params": batch, "flags": 1}, sid)
    assert not any(isinstance(r, dict) and "error" in r for r in results)
    assert len(results[4]) == 4


def test_every_call_of_the_wlp_resource_export(world: World, sid: str) -> None:
    res_id = world.account_id
    item = call(world, "core/search_item", {"id": res_id, "flags": ALL_FLAGS}, sid)["item"]
    zones = [z["id"] for z in item["zl"].values()]
    batch = [
        {"svc": "resource/get_zone_data", "params": {"itemId": res_id, "col": zones, "flags": 28}},
        {"svc": "resource/get_job_data", "params": {"itemId": res_id, "col": []}},
        {"svc": "resource/get_notification_data", "params": {"itemId": res_id, "col": []}},
        {"svc": "report/get_report_data", "params": {"itemId": res_id, "col": [1]}},
    ]
    zones_out, jobs, notes, reports = call(world, "core/batch", {"params": batch, "flags": 1}, sid)
    assert [z["id"] for z in zones_out] == zones
    assert (jobs, notes) == ([], [])
    assert reports[0]["n"] == "Trips"


def test_get_trips_agrees_with_messages(world: World, sid: str) -> None:
    unit = world.units[first_unit(world)]
    span = {"itemId": unit.id, "timeFrom": START - 4 * 3600, "timeTo": START, "msgsSource": 1}
    trips = call(world, "unit/get_trips", span, sid)
    assert trips, "four hours of a unit that drives every cycle contain trips"
    load = {**span, "flags": 0, "flagsMask": 0, "loadCount": 0xFFFFFFFF}
    msgs = call(world, "messages/load_interval", load, sid)["messages"]
    for trip in trips:
        begin, end = msgs[trip["from"]["i"]], msgs[trip["to"]["i"]]
        assert begin["t"] == trip["from"]["t"]
        assert end["t"] == trip["to"]["t"]
        assert begin["pos"]["s"] > 0
        expected_m = (end["p"]["odometer"] - begin["p"]["odometer"]) * 1000
        assert abs(trip["m"] - expected_m) < 1.0
    assert call(world, "unit/get_trip_detector", {"itemId": unit.id}, sid)["minSat"] == 4
    assert call(world, "unit/get_trips", {**span, "timeTo": START - 5 * 3600}, sid) == {"error": 4}
