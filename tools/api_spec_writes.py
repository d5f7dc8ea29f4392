"""Typed signatures of the writes and lookups the fake server gained for issue 11.

Kept apart from :mod:`tools.api_spec` (which appends these to ``SPECS``) so the table of each
group of calls stays readable. Parameters and answers as each call's reference page lists
them (``reference(svc)``); a parameter the page does not mark required is optional.
"""

from __future__ import annotations

from .api_spec import P, Param, Spec

__all__ = ["WRITE_SPECS"]

_OBJ = "dict[str, Any]"
_MAP = "Mapping[str, Any]"
_PAIR = "list[Any]"  # [id, object] or [id, null]
_ITEM = (P("itemId", "int", True),)
_CALL_MODE = (P("itemId", "int", True), P("id", "int"), P("callMode", "str", True))
_FIELD = (*_CALL_MODE, P("n", "str"), P("v", "str"))
_COUNTER = (*_ITEM, P("newValue", "int | float", True))
_PHONE = (*_ITEM, P("phoneNumber", "str", True))


def _params(*rows: Param) -> tuple[Param, ...]:
    return rows


WRITE_SPECS: tuple[Spec, ...] = (
    Spec("core/check_items_billing",
         _params(P("items", "Sequence[int]", True), P("accessFlags", "int", True),
                 P("serviceName", "str")), "list[int]"),
    Spec("core/create_resource",
         _params(P("creatorId", "int", True), P("name", "str", True), P("dataFlags", "int", True),
                 P("skipCreatorCheck", "bool | int")), "T.SearchItemResponse"),
    Spec("core/create_user",
         _params(P("creatorId", "int", True), P("name", "str", True), P("password", "str", True),
                 P("dataFlags", "int", True)), "T.SearchItemResponse"),
    Spec("core/get_hw_cmds",
         _params(P("deviceTypeId", "int"), P("unitId", "int"), P("template", "bool | int"),
                 P("lang", "str")), _OBJ),
    Spec("core/set_session_property",
         _params(P("prop_name", "str", True), P("prop_value", "str", True)), _OBJ),
    Spec("item/add_log_record",
         _params(*_ITEM, P("action", "str", True), P("newValue", "str"), P("oldValue", "str")),
         _OBJ),
    Spec("item/update_admin_field", _FIELD, _PAIR),
    Spec("item/update_custom_field", _FIELD, _PAIR),
    Spec("item/update_custom_property",
         _params(*_ITEM, P("name", "str", True), P("value", "str", True)), _OBJ),
    Spec("item/update_measure_units",
         _params(*_ITEM, P("type", "int", True), P("flags", "int", True)), _OBJ),
    Spec("item/update_profile_field",
         _params(*_ITEM, P("n", "str", True), P("v", "str", True)), _PAIR),
    Spec("messages/delete_message", _params(P("msgIndex", "int", True)), _OBJ),
    Spec("resource/bind_unit_driver",
         _params(P("resourceId", "int", True), P("unitId", "int", True),
                 P("driverId", "int", True), P("time", "int", True), P("mode", "bool | int", True)),
         _OBJ),
    Spec("resource/bind_unit_trailer",
         _params(P("resourceId", "int", True), P("unitId", "int", True),
                 P("trailerId", "int", True), P("time", "int", True),
                 P("mode", "bool | int", True)), _OBJ),
    Spec("resource/get_driver_bindings",
         _params(P("resourceId", "int", True), P("unitId", "int", True),
                 P("driverId", "int", True), P("timeFrom", "int", True),
                 P("timeTo", "int", True)), _OBJ),
    Spec("resource/get_unit_drivers", _params(P("unitId", "int", True)), _OBJ),
    Spec("resource/get_unit_trailers", _params(P("unitId", "int", True)), _OBJ),
    Spec("resource/update_driver_units", _params(*_ITEM, P("units", "Sequence[int]", True)), _OBJ),
    Spec("resource/update_trailer_units", _params(*_ITEM, P("units", "Sequence[int]", True)),
         _OBJ),
    Spec("resource/get_zones_by_point", _params(P("spec", _MAP, True)), "list[Any]"),
    Spec("resource/update_driver",
         _params(*_CALL_MODE, P("ej", _MAP), P("c", "str"), P("ck", "int"), P("ds", "str"),
                 P("n", "str"), P("p", "str"), P("r", "float"), P("f", "int"), P("pwd", "str"),
                 P("jp", _MAP)), _PAIR),
    Spec("resource/update_trailer",
         _params(*_CALL_MODE, P("ej", _MAP), P("c", "str"), P("ds", "str"), P("n", "str"),
                 P("f", "int"), P("jp", _MAP)), _PAIR),
    Spec("resource/update_zone",
         _params(*_CALL_MODE, P("n", "str"), P("d", "str"), P("t", "int"), P("w", "int"),
                 P("f", "int"), P("c", "int"), P("tc", "int"), P("ts", "int"), P("min", "int"),
                 P("max", "int"), P("path", "str"), P("libId", "int"), P("oldItemId", "int"),
                 P("oldZoneId", "int"), P("jp", _MAP), P("p", "Sequence[Mapping[str, Any]]")),
         _PAIR),
    Spec("token/list", _params(P("userId", "int | str")), "list[dict[str, Any]]"),
    Spec("token/update",
         _params(P("callMode", "str", True), P("userId", "int | str"), P("h", "str"),
                 P("app", "str"), P("at", "int"), P("dur", "int"), P("fl", "int"),
                 P("p", "str | Mapping[str, Any]"), P("items", "Sequence[int]"),
                 P("deleteAll", "bool | str")), _OBJ),
    Spec("unit/get_vin_info", _params(P("vin", "str", True)), _OBJ),
    Spec("unit/send_cmd",
         _params(*_ITEM, P("commandType", "str", True), P("commandName", "str"),
                 P("linkType", "str", True), P("param", "str | Mapping[str, Any]", True),
                 P("timeout", "int", True), P("flags", "int")), _OBJ),
    Spec("unit/set_active", _params(*_ITEM, P("active", "bool | int", True)), _OBJ),
    Spec("unit/update_access_password", _params(*_ITEM, P("accessPassword", "str", True)), _OBJ),
    Spec("unit/update_activity_settings", _params(*_ITEM, P("type", "int", True)), _OBJ),
    Spec("unit/update_calc_flags", _params(*_ITEM, P("newValue", "int", True)), _OBJ),
    Spec("unit/update_command_definition",
         _params(*_CALL_MODE, P("n", "str"), P("c", "str"), P("l", "str"), P("p", "str"),
                 P("a", "int"), P("f", "int"), P("jp", "str")), _PAIR),
    Spec("unit/update_device_type",
         _params(*_ITEM, P("deviceTypeId", "int", True), P("uniqueId", "str", True)), _OBJ),
    Spec("unit/update_eh_counter", _COUNTER, _OBJ),
    Spec("unit/update_fuel_math_params",
         _params(*_ITEM, P("idling", "float", True), P("urban", "float", True),
                 P("suburban", "float", True)), _OBJ),
    Spec("unit/update_fuel_rates_params",
         _params(*_ITEM, P("consSummer", "float", True), P("consWinter", "float", True),
                 P("winterMonthFrom", "int", True), P("winterDayFrom", "int", True),
                 P("winterMonthTo", "int", True), P("winterDayTo", "int", True)), _OBJ),
    Spec("unit/update_messages_filter",
         _params(*_ITEM, P("enabled", "bool | int", True), P("skipInvalid", "bool | int", True),
                 P("minSats", "int", True), P("maxHdop", "float", True),
                 P("maxSpeed", "int", True), P("lbsCorrection", "bool | int"),
                 P("wifiCorrection", "bool | int"), P("minWifiPoints", "int"),
                 P("maxWifiPoints", "int"), P("wifiAccuracy", "float")), _OBJ),
    Spec("unit/update_mileage_counter", _COUNTER, _OBJ),
    Spec("unit/update_phone", _PHONE, _OBJ),
    Spec("unit/update_phone2", _PHONE, _OBJ),
    Spec("unit/update_report_settings", _params(*_ITEM, P("params", _MAP, True)), _OBJ),
    Spec("unit/update_sensor",
         _params(*_CALL_MODE, P("unlink", "int"), P("n", "str"), P("t", "str"), P("d", "str"),
                 P("m", "str"), P("p", "str"), P("f", "int"), P("c", "str"), P("vt", "int"),
                 P("vs", "int"), P("tbl", "Sequence[Mapping[str, Any]]")), _PAIR),
    Spec("unit/update_traffic_counter",
         _params(*_ITEM, P("newValue", "int", True), P("regReset", "int")), _OBJ),
    Spec("unit/update_trip_detector",
         _params(*_ITEM, P("type", "int", True), P("gpsCorrection", "bool | int", True),
                 P("minSat", "int", True), P("minMovingSpeed", "int", True),
                 P("minStayTime", "int", True), P("maxMessagesDistance", "int", True),
                 P("minTripTime", "int", True), P("minTripDistance", "int", True)), _OBJ),
    Spec("unit/update_unique_id2", _params(*_ITEM, P("uniqueId2", "str", True)), _OBJ),
    Spec("user/get_items_access",
         _params(P("userId", "int", True), P("directAccess", "bool", True),
                 P("itemSuperclass", "str", True), P("flags", "int")), _OBJ),
    Spec("user/get_items_by_access",
         _params(P("userId", "int", True), P("itemSuperclass", "str", True),
                 P("reqAccess", "int", True)), _OBJ),
    Spec("user/update_item_access",
         _params(P("userId", "int", True), P("itemId", "int", True),
                 P("accessMask", "int", True)), _OBJ),
    Spec("user/update_user_flags",
         _params(P("userId", "int", True), P("flags", "int", True), P("flagsMask", "int", True)),
         _OBJ),
)  # fmt: skip
