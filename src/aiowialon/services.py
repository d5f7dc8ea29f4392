"""The table of Wialon Remote API services and how method names map onto them.

``wialon.unit_group_update_units(...)`` becomes the call ``unit_group/update_units``. The
mapping is a dict built once from the table, so a lookup is O(1) and names with underscores
on either side of the slash resolve without guessing (a test checks that no two services
collapse onto the same method name).

The table also says which calls are *heavy* (count against the 3-per-session limit of
resource-intensive requests), which are *exclusive* (the server refuses to run two of them at
once in a session and answers 1003), which are *multipart* uploads, and which must not go into a
``core/batch``. An auto-batching layer asks :func:`is_batchable` and :func:`is_heavy`.

After changing the table, rewrite ``_api.py`` (the typed stubs editors complete) with
``python -c "import aiowialon.services as s; s.main(['--generate-api'])"``; ``--check`` exits 1
when it is stale. (``python -m aiowialon.services`` works too, with a harmless runpy warning,
because the package already imports this module.)
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

__all__ = [
    "EXCLUSIVE",
    "HEAVY",
    "LOGIN_SERVICES",
    "MULTIPART",
    "SERVICES",
    "UnknownServiceError",
    "is_batchable",
    "is_exclusive",
    "is_heavy",
    "is_multipart",
    "method_name",
    "render_api_module",
    "resolve_service",
]

# Actions per service group, as listed in the Remote API reference (sdk.wialon.com apiref and
# help.wialon.com api-reference). Kept as whitespace-separated text so the table stays readable.
_GROUPS: dict[str, str] = {
    "core": """
        batch check_accessors check_items_billing check_unique create_auth_hash
        create_resource create_retranslator create_route create_unit create_unit_group
        create_user duplicate export_file export_to_file get_account_data get_hw_cmds
        get_hw_types login logout reset_password_perform reset_password_request search_item
        search_items set_session_property update_data_flags use_auth_hash
    """,
    "token": "list login update",
    "item": """
        add_log_record delete_item list_backups restore_icons update_admin_field update_custom_field
        update_custom_property update_ftp_property update_measure_units update_name
        update_profile_field
    """,
    "user": """
        get_dst_time get_items_access get_items_by_access get_locale send_sms update_auth_params
        update_hosts_mask
        update_item_access update_locale update_password update_user_flags
        update_user_notification verify_auth
    """,
    "unit": """
        add_video_packets calc_last calc_last_message calc_sensors calc_sensors_last exec_cmd
        get_accelerometers_calibration
        get_activity_settings get_command_definition_data get_drive_rank_settings
        get_fuel_settings get_messages_filter get_report_settings get_trip_detector get_trips
        get_video_settings get_vin_info registry_custom_event registry_fuel_filling_event
        registry_insurance_event registry_maintenance_event registry_status_event send_cmd
        set_active update_access_password update_accelerometers_calibration
        update_activity_settings update_calc_flags update_command_definition
        update_device_type update_drive_rank_settings update_eh_counter
        update_fuel_calc_types update_fuel_impulse_params update_fuel_level_params
        update_fuel_math_params update_fuel_rates_params update_hw_params update_image
        update_messages_filter update_mileage_counter update_phone update_phone2
        update_report_settings update_sensor update_service_interval update_traffic_counter
        update_trip_detector update_unique_id2 update_video_autopay update_video_settings
        update_video_status upload_file upload_image
    """,
    "unit_group": "update_units",
    "resource": """
        bind_unit_driver bind_unit_tag bind_unit_trailer cleanup_driver_interval
        cleanup_tag_interval cleanup_trailer_interval driver_operate driver_status
        create_zone_by_track get_driver_bindings get_job_data get_notification_data
        get_orders_notification
        get_poi_data get_tag_bindings get_trailer_bindings get_unit_drivers get_unit_trailers
        get_zone_data get_zones_by_point update_driver update_driver_units
        update_drivers_group update_job update_notification update_orders_notification
        update_email_template update_poi update_tag update_tag_message update_tag_units
        update_tags_group update_trailer
        update_trailer_units update_trailers_group update_zone update_zones_group
        upload_driver_image upload_poi_image upload_tacho_file upload_tag_image
        upload_trailer_image upload_zone_image
    """,
    "account": """
        change_account create_account delete_account do_payment enable_account
        get_account_data get_account_history get_billing_plans list_change_accounts
        update_billing_plan update_billing_service update_dealer_rights update_flags
        trash update_history_period update_min_days update_plan update_sub_plans
    """,
    "messages": """
        delete_message get_message_file get_messages get_packed_messages load_interval
        load_last unload
    """,
    "report": """
        apply_report_result cleanup_result exec_report export_result get_report_data
        get_report_status get_report_tables get_result_chart get_result_map get_result_photo
        get_result_rows get_result_subrows get_result_video hittest_chart render_json
        select_result_rows update_report
    """,
    "exchange": """
        export_json export_messages export_pois export_zones import_json import_messages
        import_pois import_pois_read import_pois_save import_zones import_zones_read
        import_zones_save
    """,
    "render": """
        calculate_polygon calculate_polyline create_messages_layer create_poi_layer
        create_zones_layer delete_message enable_layer get_messages remove_all_layers
        remove_layer set_locale
    """,
    "order": """
        attach complete_from_history detach get_attachment list_attachments optimize
        route_update tsp update
    """,
    "route": """
        get_all_rounds get_round_data get_schedule_time load_rounds optimize
        update_checkpoints update_config update_round update_schedule
    """,
    "retranslator": "get_stats list update_config update_operating update_units",
    "file": "get library list mkdir put read rm type_library write",
    "events": "check_updates get load unload update_units",
    "apps": "list",
}

SERVICES: frozenset[str] = frozenset(
    f"{group}/{action}" for group, actions in _GROUPS.items() for action in actions.split()
)
"""Every known ``"svc/action"`` name."""

# Method name (``unit_group_update_units``) -> service (``unit_group/update_units``).
_BY_METHOD: dict[str, str] = {svc.replace("/", "_"): svc for svc in SERVICES}

LOGIN_SERVICES: frozenset[str] = frozenset(
    {"token/login", "core/login", "core/use_auth_hash", "core/duplicate"}
)
"""Calls that open a session; they never share a batch with calls that need one."""

EXCLUSIVE: frozenset[str] = frozenset(
    {
        "report/exec_report",
        "report/export_result",
        "report/get_result_chart",
        "report/get_result_map",
        "messages/load_interval",
        "render/create_messages_layer",
        "unit/get_trips",
        "resource/get_driver_bindings",
        "resource/get_trailer_bindings",
        "account/get_account_history",
        *(svc for svc in SERVICES if svc.startswith("exchange/")),
    }
)
"""Calls of which a session may run only one at a time (the server answers 1003 otherwise)."""

HEAVY: frozenset[str] = EXCLUSIVE | {
    "messages/load_last",
    "report/get_result_photo",
    "report/get_result_video",
    "report/select_result_rows",
    "core/export_file",
    "core/export_to_file",
}
"""Resource-intensive calls: at most three run at once per session."""

MULTIPART: frozenset[str] = frozenset(
    {
        "resource/upload_driver_image",
        "resource/upload_trailer_image",
        "resource/upload_tag_image",
        "resource/upload_zone_image",
        "resource/upload_poi_image",
        "resource/upload_tacho_file",
        "unit/upload_image",
        "unit/upload_file",
        "exchange/import_json",
        "exchange/import_messages",
        "exchange/import_pois",
        "exchange/import_zones",
    }
)
"""Calls that carry a file as ``multipart/form-data``; completion arrives as a ``-1`` event."""

# avl_evts is its own endpoint, not an ajax service, but callers ask about it by name too.
_NOT_BATCHABLE: frozenset[str] = (
    LOGIN_SERVICES | EXCLUSIVE | MULTIPART | {"core/logout", "core/batch", "avl_evts"}
)


class UnknownServiceError(AttributeError):
    """A method or service name that matches no known Wialon service.

    It derives from :class:`AttributeError` so that ``getattr``/``hasattr`` on the client
    behave as they do for any missing attribute.
    """


def _suggest(name: str) -> str:
    candidates = list(_BY_METHOD) if "/" not in name else list(SERVICES)
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def resolve_service(name: str) -> str:
    """Turn ``core_search_item`` or ``core/search_item`` into ``core/search_item``.

    Raises :class:`UnknownServiceError`, naming the closest known names, for anything else.
    """
    svc = _BY_METHOD.get(name)
    if svc is not None:
        return svc
    if name in SERVICES:
        return name
    raise UnknownServiceError(f"unknown Wialon service {name!r}{_suggest(name)}")


def method_name(svc: str) -> str:
    """The client method name of a service: ``unit_group/x`` -> ``unit_group_x``."""
    return svc.replace("/", "_")


def is_multipart(svc: str) -> bool:
    """Whether ``svc`` uploads a file (multipart/form-data)."""
    return svc in MULTIPART


def is_exclusive(svc: str) -> bool:
    """Whether the server runs at most one ``svc`` of this family per session at a time."""
    return svc in EXCLUSIVE


def is_heavy(svc: str) -> bool:
    """Whether ``svc`` is resource-intensive (counts against the 3-heavy-calls limit)."""
    return svc in HEAVY


def is_batchable(svc: str) -> bool:
    """Whether ``svc`` may be sent inside a ``core/batch``.

    Login calls, logout, ``avl_evts``, uploads, nested batches and the exclusive heavy calls
    are kept out; unknown names are assumed batchable (the server judges them).
    """
    return svc not in _NOT_BATCHABLE


_API_HEADER = '''"""Typed stubs of every Wialon service method, for editors and type checkers.

GENERATED by ``aiowialon.services.main(['--generate-api'])`` from ``aiowialon.services``;
do not edit by hand (a test fails when this file is stale). At run time the client resolves
these names in ``__getattr__``; the stubs exist only under ``TYPE_CHECKING``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .calls import Call


class ServiceMethods:
    """Mixin that declares one method per Wialon service (``svc/action`` -> ``svc_action``)."""

    if TYPE_CHECKING:
'''


def render_api_module() -> str:
    """The source text of ``_api.py`` for the current table."""
    lines = [_API_HEADER.rstrip("\n")]
    for svc in sorted(SERVICES):
        lines.append("")
        lines.append(f"        def {method_name(svc)}(self, **params: Any) -> Call[Any]:")
        lines.append(f'            """Build the ``{svc}`` call."""')
    return "\n".join(lines) + "\n"


def _api_path() -> Path:
    return Path(__file__).with_name("_api.py")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--generate-api`` rewrites ``_api.py``, ``--check`` verifies it."""
    parser = argparse.ArgumentParser(prog="python -m aiowialon.services")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--generate-api", action="store_true", help="rewrite _api.py")
    mode.add_argument("--check", action="store_true", help="exit 1 if _api.py is stale")
    args = parser.parse_args(argv)
    path = _api_path()
    text = render_api_module()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            sys.stderr.write(f"{path} is stale; regenerate it with main(['--generate-api'])\n")
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
