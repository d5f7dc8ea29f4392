"""The documented parameters and answers of the most used Wialon calls, for the typed stubs.

Each entry: the service, its keyword parameters (name, type, required) and the type of its
answer, as the reference page of the call lists them (the page URL is ``reference(svc)``).
Types are Python source text, evaluated in ``aiowialon._api`` and ``_api_params``, where
``T`` is ``aiowialon.api_types``. A ``from`` parameter is spelled ``from_`` (the client turns
it back, see ``aiowialon.convention``). Services not listed here keep ``**params: Any``.

Where the reference is silent about whether a parameter is required, it is optional here:
a stub must not refuse a call the server accepts. Nested structures (a search ``spec``, a
report ``interval``) take their TypedDict or any mapping, and lists any sequence, so a value
built in a variable type-checks; the keyword names and scalar types are what is checked.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["SPECS", "Param", "Spec", "reference", "sdk_reference"]

_HELP = "https://help.wialon.com/en/api/user-guide/api-reference/{svc}"
# the older reference, which lists every service (the one Wialon.help() opens)
_SDK = "https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/{svc}"


def reference(svc: str) -> str:
    """The reference page of a call on help.wialon.com."""
    return _HELP.format(svc=svc)


def sdk_reference(svc: str) -> str:
    """The page of a call in the sdk.wialon.com reference."""
    return _SDK.format(svc=svc)


class Param(NamedTuple):
    """One keyword parameter of a call."""

    name: str
    type: str
    required: bool = False


class Spec(NamedTuple):
    """The typed signature of one call."""

    svc: str
    params: tuple[Param, ...]
    answer: str


def P(name: str, type_: str, required: bool = False) -> Param:  # a table row
    return Param(name, type_, required)


_ITEM = (P("itemId", "int", True),)
# ids, or names for unit/get_command_definition_data as the web UI sends them
_COL = (P("itemId", "int", True), P("col", "Sequence[int | str]"))
_OBJ = "dict[str, Any]"
_MAP = "Mapping[str, Any]"
_OBJS = "list[dict[str, Any]]"
_LOAD = (
    P("itemId", "int", True),
    P("flags", "int", True),
    P("flagsMask", "int", True),
    P("loadCount", "int", True),
)

SPECS: tuple[Spec, ...] = (
    Spec(
        "core/batch",
        (P("params", "Sequence[T.BatchItem | Mapping[str, Any]]", True), P("flags", "int")),
        "list[Any]",
    ),
    Spec("core/check_unique", (P("type", "str", True), P("value", "str", True)), _OBJ),
    Spec("core/create_auth_hash", (), _OBJ),
    Spec(
        "core/create_unit",
        (
            P("creatorId", "int", True),
            P("name", "str", True),
            P("hwTypeId", "int", True),
            P("dataFlags", "int", True),
        ),
        "T.SearchItemResponse",
    ),
    Spec(
        "core/create_unit_group",
        (P("creatorId", "int", True), P("name", "str", True), P("dataFlags", "int", True)),
        "T.SearchItemResponse",
    ),
    Spec(
        "core/duplicate",
        (
            P("operateAs", "str"),
            P("continueCurrentSession", "bool"),
            P("checkService", "str"),
            P("restore", "int"),
            P("appName", "str"),
        ),
        "T.LoginResponse",
    ),
    Spec("core/get_account_data", (P("itemId", "int"), P("type", "int")), _OBJ),
    Spec(
        "core/get_hw_types",
        (
            P("filterType", "str"),
            P("filterValue", "Sequence[Any]"),
            P("includeType", "bool | int"),
            P("ignoreRename", "bool | int"),
        ),
        _OBJS,
    ),
    Spec("core/logout", (), "T.ErrorResponse"),
    Spec(
        "core/search_item",
        (P("id", "int", True), P("flags", "int", True)),
        "T.SearchItemResponse",
    ),
    Spec(
        "core/search_items",
        (
            P("spec", "T.SearchItemsSpec | Mapping[str, Any]", True),
            P("force", "int", True),
            P("flags", "int", True),
            P("from_", "int", True),
            P("to", "int", True),
        ),
        "T.SearchItemsResponse",
    ),
    Spec(
        "core/update_data_flags",
        (P("spec", "Sequence[T.UpdateDataFlagsSpec | Mapping[str, Any]]", True),),
        "list[T.UpdateDataFlagsItem]",
    ),
    Spec(
        "core/use_auth_hash",
        (P("authHash", "str", True), P("operateAs", "str"), P("checkService", "str")),
        "T.LoginResponse",
    ),
    Spec("exchange/export_json", (P("fileName", "str"), P("json", _MAP, True)), "Any"),
    Spec("exchange/import_json", (P("eventHash", "str"),), _OBJ),
    Spec("item/delete_item", _ITEM, _OBJ),
    Spec("item/update_name", (*_ITEM, P("name", "str", True)), _OBJ),
    Spec(
        "messages/get_messages",
        (
            P("indexFrom", "int"),
            P("indexTo", "int"),
            P("timeFrom", "int"),
            P("timeTo", "int"),
            P("loadCount", "int"),
            P("filter", "str"),
            P("flags", "int"),
            P("flagsMask", "int"),
        ),
        "list[T.Message]",
    ),
    Spec(
        "messages/load_interval",
        (
            _LOAD[0],
            P("timeFrom", "int", True),
            P("timeTo", "int", True),
            *_LOAD[1:],
            # the es page's newer parameters: sensor values in each message
            P("calcSensors", "int"),
            P("measure", "int"),
            P("sensorId", "int"),
            P("filter", "str"),
        ),
        "T.LoadMessagesResponse",
    ),
    Spec(
        "messages/load_last",
        (_LOAD[0], P("lastTime", "int", True), P("lastCount", "int", True), *_LOAD[1:]),
        "T.LoadMessagesResponse",
    ),
    Spec("messages/unload", (), _OBJ),
    Spec(
        "render/set_locale",
        (
            P("tzOffset", "int", True),
            P("language", "str"),
            P("flags", "int"),
            P("formatDate", "str"),
            P("density", "int"),
        ),
        _OBJ,
    ),
    Spec("report/apply_report_result", (), _OBJ),
    Spec("report/cleanup_result", (), _OBJ),
    Spec(
        "report/exec_report",
        (
            P("reportResourceId", "int", True),
            P("reportTemplateId", "int", True),
            P("reportObjectId", "int", True),
            P("reportObjectSecId", "int", True),
            P("interval", _MAP, True),
            P("reportObjectIdList", "Sequence[int]"),
            P("remoteExec", "int"),
            P("reportTemplate", f"{_MAP} | None"),
        ),
        _OBJ,
    ),
    Spec(
        "report/export_result",
        (
            P("format", "int", True),
            P("compress", "int | str"),
            P("pageOrientation", "str"),
            P("pageSize", "str"),
            P("pageWidth", "int | str"),
            P("coding", "str"),
            P("delimiter", "str"),
            P("headings", "int | str"),
            P("attachMap", "int | str"),
            P("extendBounds", "int | bool"),
            P("hideMapBasis", "int | str"),
            P("hideGoogleLinks", "int"),
            P("outputFileName", "str"),
            P("splitChart", "str"),
            P("appendTreeAnchorRows", "int | str"),
        ),
        "bytes",
    ),
    Spec("report/get_report_data", (*_COL, P("flags", "int")), _OBJS),
    Spec("report/get_report_status", (), _OBJ),
    Spec(
        "report/get_result_chart",
        (
            P("attachmentIndex", "int", True),
            P("action", "int"),
            P("width", "int", True),
            P("height", "int", True),
            P("autoScaleY", "int"),
            P("pixelFrom", "int"),
            P("pixelTo", "int"),
            P("flags", "int"),
        ),
        "bytes",
    ),
    Spec(
        "report/get_result_rows",
        (P("tableIndex", "int", True), P("indexFrom", "int", True), P("indexTo", "int", True)),
        _OBJS,
    ),
    Spec(
        "report/get_result_subrows",
        (P("tableIndex", "int", True), P("rowIndex", "int", True)),
        "list[dict[str, Any]] | dict[str, Any]",
    ),
    Spec(
        "report/select_result_rows",
        (P("tableIndex", "int", True), P("config", _MAP, True)),
        _OBJS,
    ),
    Spec("resource/get_job_data", _COL, _OBJS),
    Spec("resource/get_notification_data", _COL, _OBJS),
    Spec("resource/get_zone_data", (*_COL, P("flags", "int")), _OBJS),
    Spec(
        "resource/upload_driver_image",
        (*_ITEM, P("driverId", "int", True), P("eventHash", "str")),
        _OBJ,
    ),
    Spec(
        "token/login",
        (
            P("token", "str", True),
            P("operateAs", "str"),
            P("fl", "int"),
            P("appName", "str"),
            P("checkService", "str"),
        ),
        "T.LoginResponse",
    ),
    Spec("unit/calc_last", (P("itemIds", "Sequence[int]", True),), _OBJS),
    Spec(
        "unit/calc_last_message",
        (P("unitId", "int", True), P("sensors", "Sequence[int]"), P("flags", "int")),
        _OBJ,
    ),
    Spec(
        "unit/calc_sensors",
        (
            P("source", "str"),
            P("indexFrom", "int", True),
            P("indexTo", "int", True),
            P("unitId", "int", True),
            P("sensorId", "int"),
            P("width", "int"),
        ),
        "list[Any]",
    ),
    Spec("unit/calc_sensors_last", (P("unitId", "int", True), P("sensorId", "int")), _OBJ),
    Spec(
        "unit/exec_cmd",
        (
            *_ITEM,
            P("commandName", "str", True),
            P("linkType", "str", True),
            P("param", "str"),
            P("timeout", "int"),
            P("flags", "int"),
        ),
        _OBJ,
    ),
    Spec("unit/get_activity_settings", _ITEM, _OBJ),
    Spec("unit/get_command_definition_data", _COL, _OBJS),
    Spec("unit/get_drive_rank_settings", _ITEM, _OBJ),
    Spec("unit/get_fuel_settings", _ITEM, _OBJ),
    Spec("unit/get_messages_filter", _ITEM, _OBJ),
    Spec("unit/get_report_settings", _ITEM, _OBJ),
    Spec("unit/get_trip_detector", _ITEM, _OBJ),
    Spec(
        "unit/get_trips",
        (*_ITEM, P("timeFrom", "int", True), P("timeTo", "int", True), P("msgsSource", "int")),
        _OBJS,
    ),
    Spec(
        "unit/update_hw_params",
        (
            # hwId is <text> on the en page and <long> on the ru one; fullData with action
            # "get" is what the web UI sends (and WLP export), though the page lists only
            # the keys of action "set"
            P("itemId", "int"),
            P("hwId", "int | str", True),
            P("action", "str", True),
            P("params_data", _MAP),
            P("full_data", "int"),
            P("fullData", "int"),
        ),
        "Any",
    ),
    Spec("unit/upload_image", (*_ITEM, P("eventHash", "str")), _OBJ),
    Spec("unit_group/update_units", (*_ITEM, P("units", "Sequence[int]", True)), _OBJ),
    Spec("user/get_locale", (P("userId", "int", True),), _OBJ),
    Spec(
        "user/update_locale",
        (P("userId", "int", True), P("locale", _MAP, True)),
        _OBJ,
    ),
)
