"""The service table: name resolution, suggestions, batch/heavy marks, and the _api.py stubs."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from tools import api_spec, gen_api

from aiowialon import _api, services
from aiowialon.services import (
    SERVICES,
    UnknownServiceError,
    is_batchable,
    is_heavy,
    is_multipart,
    resolve_service,
)


@pytest.mark.parametrize(
    ("name", "svc"),
    [
        ("core_search_items", "core/search_items"),
        ("core/search_items", "core/search_items"),
        ("unit_group_update_units", "unit_group/update_units"),
        ("unit_update_hw_params", "unit/update_hw_params"),
        ("token_login", "token/login"),
        ("exchange_import_json", "exchange/import_json"),
        ("resource_get_zone_data", "resource/get_zone_data"),
    ],
)
def test_resolve_known_names(name: str, svc: str) -> None:
    assert resolve_service(name) == svc


def test_every_service_resolves_from_its_method_name() -> None:
    for svc in SERVICES:
        assert resolve_service(svc.replace("/", "_")) == svc
        assert resolve_service(svc) == svc


def test_no_two_services_share_a_method_name() -> None:
    names = [svc.replace("/", "_") for svc in SERVICES]
    assert len(names) == len(set(names))


def test_table_covers_every_documented_group() -> None:
    groups = {svc.split("/", 1)[0] for svc in SERVICES}
    expected = {
        "core", "token", "item", "unit", "unit_group", "user", "resource", "account",
        "messages", "report", "exchange", "render", "order", "route", "retranslator",
        "file", "events",
    }  # fmt: skip
    assert expected <= groups
    assert len(SERVICES) > 200


def test_every_wlp_call_is_known() -> None:
    wlp_calls = [
        "core/search_item", "user/get_locale", "core/get_hw_types", "unit/update_hw_params",
        "unit/get_report_settings", "unit/get_activity_settings", "unit/get_messages_filter",
        "unit/get_command_definition_data", "unit/get_drive_rank_settings",
        "resource/get_zone_data", "resource/get_job_data", "resource/get_notification_data",
        "report/get_report_data", "exchange/export_json", "exchange/import_json",
    ]  # fmt: skip
    assert set(wlp_calls) <= SERVICES


@pytest.mark.parametrize("name", ["core_serch_items", "core/serch_items", "unit_grop_update_units"])
def test_unknown_name_suggests_the_closest(name: str) -> None:
    with pytest.raises(UnknownServiceError) as info:
        resolve_service(name)
    message = str(info.value)
    assert repr(name) in message
    assert "did you mean" in message
    assert ("search_items" in message) or ("update_units" in message)


def test_unknown_name_without_neighbours_has_no_suggestion() -> None:
    with pytest.raises(UnknownServiceError) as info:
        resolve_service("zzzzzz")
    assert "did you mean" not in str(info.value)


def test_unknown_service_error_is_an_attribute_error() -> None:
    # getattr(client, "nonsense", default) relies on this
    assert issubclass(UnknownServiceError, AttributeError)


@pytest.mark.parametrize(
    "svc",
    [
        "token/login", "core/use_auth_hash", "core/logout", "core/batch", "avl_evts",
        "exchange/import_json", "unit/upload_image", "report/exec_report",
        "messages/load_interval", "exchange/export_json",
    ],
)  # fmt: skip
def test_calls_that_must_not_be_batched(svc: str) -> None:
    assert not is_batchable(svc)


@pytest.mark.parametrize(
    "svc", ["core/search_item", "core/search_items", "unit/get_report_settings", "item/update_name"]
)
def test_ordinary_calls_are_batchable(svc: str) -> None:
    assert is_batchable(svc)


def test_heavy_and_multipart_marks() -> None:
    assert is_heavy("report/exec_report")
    assert is_heavy("messages/load_interval")
    assert is_heavy("exchange/export_json")
    assert not is_heavy("core/search_item")
    assert is_multipart("resource/upload_driver_image")
    assert not is_multipart("core/search_item")
    # every marked name is a real service (a typo in the marks would silently do nothing)
    assert services.HEAVY | services.MULTIPART | services.LOGIN_SERVICES <= SERVICES


def test_generated_stubs_are_up_to_date() -> None:
    rendered = gen_api.render()
    assert rendered[Path(inspect.getfile(_api))] == inspect.getsource(_api), (
        "src/aiowialon/_api.py is stale: run python -m tools.gen_api"
    )
    assert gen_api.main(["--check"]) == 0


def test_api_stubs_cover_every_service_and_link_the_typed_ones() -> None:
    source = inspect.getsource(_api)
    typed = {spec.svc for spec in api_spec.SPECS}
    assert len(typed) >= 40
    for svc in SERVICES:
        name = svc.replace("/", "_")
        if svc in typed:
            assert re.search(rf"def {name}\(\s*self, \*\*params: Unpack\[K\.\w+Kwargs\]", source)
            assert api_spec.reference(svc) in source
        else:
            assert f"def {name}(self, **params: Any) -> Call[Any]:" in source
            assert api_spec.sdk_reference(svc) in source


def test_the_generator_is_not_in_the_runtime_package() -> None:
    assert not hasattr(services, "render_api_module")
    assert "aiowialon" not in gen_api.__name__


# Methods py-aiowialon 2.0.0 declares in its typed stub (api.pyi) that this table once lacked;
# code written for it calls them, so each must resolve. (Its ``route_route_update_round``
# is left out: no such service is documented, only ``route/update_round``.)
PY_AIOWIALON_EXTRA_METHODS = [
    "account_trash", "account_update_history_period", "apps_list", "events_load",
    "events_unload", "exchange_import_pois_read", "exchange_import_pois_save",
    "exchange_import_zones_read", "exchange_import_zones_save", "file_library", "file_mkdir",
    "file_type_library", "item_list_backups", "item_restore_icons",
    "messages_get_packed_messages", "order_attach", "order_complete_from_history",
    "order_detach", "order_get_attachment", "order_list_attachments",
    "render_calculate_polygon", "render_calculate_polyline", "render_delete_message",
    "resource_create_zone_by_track", "resource_update_email_template",
    "resource_update_tag_message", "route_get_all_rounds", "route_get_round_data",
    "route_load_rounds", "route_optimize", "user_get_dst_time",
]  # fmt: skip


@pytest.mark.parametrize("name", PY_AIOWIALON_EXTRA_METHODS)
def test_py_aiowialon_methods_resolve(name: str) -> None:
    group, _, action = name.partition("_")  # none of them is a unit_group call
    assert resolve_service(name) == f"{group}/{action}"
