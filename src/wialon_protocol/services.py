"""The table of Wialon Remote API services: what each call needs and how the server treats it.

One row per ``group/action``, read by the client (method names, what the auto-batcher may
combine), the fake server (which calls need a session, which count as heavy) and the tests.
Most rows are ordinary: they need a session, answer JSON, may go into ``core/batch`` and are
light. The rows that differ are listed in :data:`_SPECIAL` with the reason next to each, taken
from the reference page or, where the pages are silent, the choice made and why.

Columns:

* ``session``: the call needs a live ``sid`` (only the calls that open a session do not);
* ``login``: the call opens a session and answers in the shape of ``token/login``;
* ``heavy``: resource-intensive (message loading, reports, exports): at most three run at once
  in one session ("Limitations", https://help.wialon.com/en/api/user-guide/limitations);
* ``exclusive``: one of the calls that "can't be executed simultaneously" within a session
  (listed on e.g. https://help.wialon.com/en/api/user-guide/api-reference/unit/get_trips);
  the server answers 1003 to the second one;
* ``batchable``: the server runs it as an item of ``core/batch``. The core/batch page
  (https://help.wialon.com/en/api/user-guide/api-reference/core/batch) names no exclusions, so
  every call is batchable except those a batch cannot carry: calls that open or end the
  session, a nested batch, ``avl_evts`` (its own endpoint), multipart uploads (a batch item is
  JSON only) and calls that answer with a file (a batch answer is one JSON array);
* ``multipart``: the call carries a file as ``multipart/form-data``;
* ``path``: the endpoint (``/wialon/ajax.html`` for every call but ``avl_evts``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

__all__ = [
    "AJAX_PATH",
    "EVENTS_PATH",
    "SERVICES",
    "Service",
    "service",
]

AJAX_PATH = "/wialon/ajax.html"
EVENTS_PATH = "/avl_evts"
_REFERENCE = "https://help.wialon.com/en/api/user-guide/api-reference/"


@dataclass(frozen=True)
class Service:
    """One Wialon call and how the server treats it (see the module docstring for columns)."""

    name: str
    session: bool = True
    login: bool = False
    heavy: bool = False
    exclusive: bool = False
    batchable: bool = True
    multipart: bool = False
    #: the answer is a file download, not JSON
    file_answer: bool = False
    path: str = AJAX_PATH
    #: why the row differs from an ordinary call (empty for ordinary rows)
    note: str = ""

    @property
    def group(self) -> str:
        """``unit`` for ``unit/get_trips``."""
        return self.name.partition("/")[0]

    @property
    def reference(self) -> str:
        """The call's page in the Remote API reference (help.wialon.com naming scheme)."""
        if self.path == EVENTS_PATH:
            return _REFERENCE + "other-methods/avl_evts"
        return _REFERENCE + self.name


# Actions per service group, as listed in the Remote API reference (sdk.wialon.com apiref and
# help.wialon.com api-reference). Whitespace-separated text keeps the table readable.
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

_EXCLUSIVE_NOTE = (
    "exclusive: named in the list of calls that can't run simultaneously in one session "
    "(unit/get_trips, report/exec_report pages); resource-intensive, so heavy too"
)
_UPLOAD_NOTE = "multipart upload; its completion arrives as an avl_evts event with i:-1"
_FILE_NOTE = "answers with a file, which a core/batch answer (one JSON array) cannot carry"

_LOGIN: dict[str, Any] = {"session": False, "login": True, "batchable": False}
_EXCLUSIVE: dict[str, Any] = {"heavy": True, "exclusive": True}
_UPLOAD: dict[str, Any] = {"multipart": True, "batchable": False, "note": _UPLOAD_NOTE}
_FILE: dict[str, Any] = {"file_answer": True, "batchable": False, "note": _FILE_NOTE}

# The rows that differ from an ordinary call, each with its reason.
_SPECIAL: dict[str, dict[str, Any]] = {
    "token/login": {**_LOGIN, "note": "opens a session from a token; no sid (token/login page)"},
    "core/login": {**_LOGIN, "note": "opens a session from user and password (deprecated)"},
    "core/use_auth_hash": {
        **_LOGIN,
        "note": "opens a session from an authHash; the page says no sid is needed",
    },
    "core/duplicate": {
        "login": True,
        "batchable": False,
        "note": (
            "needs the current session (its errors list 1003 'no session') but opens a new "
            "one and answers like login (core/duplicate page), so it is a login call too; "
            "kept out of batches like every call that opens a session"
        ),
    },
    "core/logout": {"batchable": False, "note": "ends the session the rest of a batch needs"},
    "core/batch": {"batchable": False, "note": "a batch inside a batch is not allowed"},
    "core/create_auth_hash": {
        "note": (
            "an ordinary session call answering {authHash}: the core/batch page names no "
            "exclusions and nothing here opens or ends a session, so batchable (the fake "
            "server refused it in a batch before; the client always allowed it)"
        ),
    },
    "avl_evts": {
        "path": EVENTS_PATH,
        "batchable": False,
        "note": "its own endpoint /avl_evts, not an ajax.html service",
    },
    # exclusive calls (all resource-intensive)
    "report/exec_report": {
        **_EXCLUSIVE,
        "batchable": False,
        "note": (
            _EXCLUSIVE_NOTE + "; kept out of batches (docs silent): it holds the session's one "
            "report result and may run for minutes"
        ),
    },
    "report/export_result": {**_EXCLUSIVE, **_FILE},
    "report/get_result_chart": {**_EXCLUSIVE, **_FILE},
    "report/get_result_map": {**_EXCLUSIVE, **_FILE},
    "messages/load_interval": {
        **_EXCLUSIVE,
        "note": (
            _EXCLUSIVE_NOTE + "; batchable: the items of a batch run one after another, so "
            "the exclusivity rule does not refuse them (the client's auto-batcher still keeps "
            "exclusive calls out, see aiowialon.services.is_batchable)"
        ),
    },
    "render/create_messages_layer": {**_EXCLUSIVE, "note": _EXCLUSIVE_NOTE},
    "unit/get_trips": {
        **_EXCLUSIVE,
        "note": (
            _EXCLUSIVE_NOTE + "; its own page lists the calls it excludes, load_interval "
            "among them; batchable for the same reason as messages/load_interval"
        ),
    },
    "resource/get_driver_bindings": {**_EXCLUSIVE, "note": _EXCLUSIVE_NOTE},
    "resource/get_trailer_bindings": {**_EXCLUSIVE, "note": _EXCLUSIVE_NOTE},
    "account/get_account_history": {**_EXCLUSIVE, "note": _EXCLUSIVE_NOTE},
    "exchange/export_json": {**_EXCLUSIVE, **_FILE, "note": _EXCLUSIVE_NOTE + "; " + _FILE_NOTE},
    # heavy but not exclusive
    "messages/load_last": {"heavy": True, "note": "loads messages: resource-intensive"},
    "report/get_result_photo": {"heavy": True, **_FILE},
    "report/get_result_video": {"heavy": True, "note": "report media: resource-intensive"},
    "report/select_result_rows": {"heavy": True, "note": "reads report rows: heavy"},
    "core/export_file": {"heavy": True, **_FILE},
    "core/export_to_file": {"heavy": True, **_FILE},
    "messages/get_message_file": {**_FILE},
    "file/get": {**_FILE},
    # uploads
    "resource/upload_driver_image": _UPLOAD,
    "resource/upload_trailer_image": _UPLOAD,
    "resource/upload_tag_image": _UPLOAD,
    "resource/upload_zone_image": _UPLOAD,
    "resource/upload_poi_image": _UPLOAD,
    "resource/upload_tacho_file": _UPLOAD,
    "unit/upload_image": _UPLOAD,
    "unit/upload_file": _UPLOAD,
    "exchange/import_messages": {**_EXCLUSIVE, **_UPLOAD},
    "exchange/import_pois": {**_EXCLUSIVE, **_UPLOAD},
    "exchange/import_zones": {**_EXCLUSIVE, **_UPLOAD},
    "exchange/import_json": {**_EXCLUSIVE, **_UPLOAD},
}


def _build() -> dict[str, Service]:
    names = [f"{group}/{act}" for group, actions in _GROUPS.items() for act in actions.split()]
    table = {name: Service(name) for name in names}
    table["avl_evts"] = Service("avl_evts")
    for name in names:
        if name.startswith("exchange/") and name not in _SPECIAL:
            # "all requests from the section exchange" are exclusive (unit/get_trips page)
            table[name] = Service(name, heavy=True, exclusive=True, note=_EXCLUSIVE_NOTE)
    for name, changes in _SPECIAL.items():
        if name not in table:
            raise KeyError(f"special row {name!r} is not in the service table")
        table[name] = replace(table[name], **changes)
    return dict(sorted(table.items()))


SERVICES: MappingProxyType[str, Service] = MappingProxyType(_build())
"""Every known call by name, ``avl_evts`` included."""


def service(name: str) -> Service | None:
    """The row of ``name``, or None when the table does not know it."""
    return SERVICES.get(name)
