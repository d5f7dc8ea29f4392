"""unit/* calls (not unit/calc_*, which the report tests cover) against their reference pages."""

from __future__ import annotations

import pytest

from ._cases import Case, run_case
from ._shape import Exact
from .conftest import Wire

H = "https://help.wialon.com/en/api/user-guide/api-reference"
SENSOR = {"id": int, "n": str, "t": str, "d": str, "m": str, "p": str, "f": int, "c": str,
          "vt": int, "vs": int, "tbl": [{"x": float, "a": float, "b": float}]}  # fmt: skip
TRIP_DETECTOR = {"type": int, "gpsCorrection": int, "minSat": int, "minMovingSpeed": int,
                 "minStayTime": int, "maxMessagesDistance": int, "minTripTime": int,
                 "minTripDistance": int}  # fmt: skip
START = 1_750_000_000

CASES = [
    Case("unit/update_sensor", f"{H}/unit/update_sensor",
         lambda i: {"itemId": i["unit"], "id": 0, "callMode": "create", "unlink": 1,
                    "n": "Conformance temperature", "t": "temperature", "d": "", "m": "°C",
                    "p": "temp1", "f": 0, "c": "{}", "vt": 1, "vs": 0,
                    "tbl": [{"x": 0, "a": 1, "b": 0}]}, [int, SENSOR]),
    Case("unit/update_command_definition", f"{H}/unit/update_command_definition",
         lambda i: {"itemId": i["unit"], "id": 0, "callMode": "create", "n": "Locate",
                    "c": "query_pos", "l": "", "p": "", "a": 16777216},
         [int, {"id": int, "n": str, "c": str, "l": str, "p": str, "a": int, "f": int}]),
    Case("unit/get_command_definition_data", f"{H}/unit/get_command_definition_data",
         lambda i: {"itemId": i["unit"], "col": [2, 1]},
         [{"id": int, "n": str, "c": str, "l": str, "p": str, "a": int, "f": int, "jp": str}],
         note="es page (newer): a list of objects in the order of col; the en page's "
              "[id, object] pair is its older wording"),
    Case("unit/send_cmd", f"{H}/unit/send_cmd",
         lambda i: {"itemId": i["unit"], "commandType": "query_pos", "commandName": "",
                    "linkType": "", "param": "", "timeout": 5, "flags": 0}, Exact({})),
    Case("unit/exec_cmd", f"{H}/unit/exec_cmd",
         lambda i: {"itemId": i["unit"], "commandName": "Query position", "linkType": "",
                    "param": "", "timeout": 5, "flags": 0}, Exact({})),
    Case("unit/update_phone", f"{H}/unit/update_phone",
         lambda i: {"itemId": i["unit"], "phoneNumber": "+375290001122"}, {"ph": str}),
    Case("unit/update_phone2", f"{H}/unit/update_phone2",
         lambda i: {"itemId": i["unit"], "phoneNumber": "+375290001133"}, {"ph2": str}),
    Case("unit/update_device_type", f"{H}/unit/update_device_type",
         lambda i: {"itemId": i["unit2"], "deviceTypeId": i["hw"], "uniqueId": "990011"},
         {"uid": str, "hw": int, "hwd": int}, note="hwd from the es/ru pages"),
    Case("unit/update_unique_id2", f"{H}/unit/update_unique_id2",
         lambda i: {"itemId": i["unit"], "uniqueId2": "555000"}, {"uid2": str}),
    Case("unit/update_access_password", f"{H}/unit/update_access_password",
         lambda i: {"itemId": i["unit"], "accessPassword": "4321"}, {"psw": str}),
    Case("unit/update_mileage_counter", f"{H}/unit/update_mileage_counter",
         lambda i: {"itemId": i["unit"], "newValue": 12345}, {"cnm": int}),
    Case("unit/update_eh_counter", f"{H}/unit/update_eh_counter",
         lambda i: {"itemId": i["unit"], "newValue": 100.5}, {"cneh": float}),
    Case("unit/update_traffic_counter", f"{H}/unit/update_traffic_counter",
         lambda i: {"itemId": i["unit"], "newValue": 2048, "regReset": 0}, {"cnkb": int}),
    Case("unit/update_calc_flags", f"{H}/unit/update_calc_flags",
         lambda i: {"itemId": i["unit"], "newValue": 0x111}, {"cfl": int},
         note="the ru page names the answer's key; the en page only says 'flags applied'"),
    Case("unit/set_active", f"{H}/unit/set_active",
         lambda i: {"itemId": i["unit2"], "active": 1}, {"active": int}),
    Case("unit/update_trip_detector", f"{H}/unit/update_trip_detector",
         lambda i: {"itemId": i["unit"], "type": 2, "gpsCorrection": 1, "minSat": 4,
                    "minMovingSpeed": 5, "minStayTime": 300, "maxMessagesDistance": 10000,
                    "minTripTime": 60, "minTripDistance": 100}, Exact({})),
    Case("unit/get_trip_detector", f"{H}/unit/get_trip_detector",
         lambda i: {"itemId": i["unit"]}, TRIP_DETECTOR),
    Case("unit/update_report_settings", f"{H}/unit/update_report_settings",
         lambda i: {"itemId": i["unit"], "params": {"speedLimit": 80}}, Exact({})),
    Case("unit/get_report_settings", f"{H}/unit/get_report_settings",
         lambda i: {"itemId": i["unit"]},
         {"speedLimit": int, "maxMessagesInterval": int, "dailyEngineHoursRate": int,
          "urbanMaxSpeed": int, "mileageCoefficient": float, "fuelRateCoefficient": float,
          "speedingTolerance": int, "speedingMinDuration": int, "speedingMode": int}),
    Case("unit/update_messages_filter", f"{H}/unit/update_messages_filter",
         lambda i: {"itemId": i["unit"], "enabled": 1, "skipInvalid": 1, "minSats": 5,
                    "maxHdop": 4.0, "maxSpeed": 180}, Exact({})),
    Case("unit/get_messages_filter", f"{H}/unit/get_messages_filter",
         lambda i: {"itemId": i["unit"]},
         {"enabled": int, "skipInvalid": int, "minSats": int, "maxHdop": float,
          "maxSpeed": int, "lbsCorrection": int, "wifiCorrection": int,
          "minWifiPoints": int, "maxWifiPoints": int, "wifiAccuracy": float}),
    Case("unit/update_fuel_math_params", f"{H}/unit/update_fuel_math_params",
         lambda i: {"itemId": i["unit"], "idling": 2.5, "urban": 11.0, "suburban": 7.5},
         Exact({})),
    Case("unit/update_fuel_rates_params", f"{H}/unit/update_fuel_rates_params",
         lambda i: {"itemId": i["unit"], "consSummer": 28.5, "consWinter": 31.0,
                    "winterMonthFrom": 10, "winterDayFrom": 15, "winterMonthTo": 2,
                    "winterDayTo": 28}, Exact({})),
    Case("unit/get_fuel_settings", f"{H}/unit/get_fuel_settings",
         lambda i: {"itemId": i["unit"]},
         {"calcTypes": int, "fuelLevelParams": dict,
          "fuelConsMath": {"idling": float, "urban": float, "suburban": float},
          "fuelConsRates": dict, "fuelConsImpulse": dict}),
    Case("unit/update_activity_settings", f"{H}/unit/update_activity_settings",
         lambda i: {"itemId": i["unit"], "type": 2}, Exact({})),
    Case("unit/get_activity_settings", f"{H}/unit/get_activity_settings",
         lambda i: {"itemId": i["unit"]}, {"type": int}),
    Case("unit/get_drive_rank_settings", f"{H}/unit/get_drive_rank_settings",
         lambda i: {"itemId": i["unit"]}, dict),
    Case("unit/get_vin_info", f"{H}/unit/get_vin_info", lambda i: {"vin": "NOSUCHVIN0000000"},
         {"vin_lookup_result": {"error": bool, "message": str, "reasons": [str]}}),
    Case("unit/update_hw_params", f"{H}/unit/update_hw_params",
         lambda i: {"itemId": i["unit"], "hwId": i["hw"], "action": "get"}, [dict]),
    Case("unit/get_trips", f"{H}/unit/get_trips",
         lambda i: {"itemId": i["unit"], "timeFrom": START - 6 * 3600, "timeTo": START,
                    "msgsSource": 1},
         [{"from": {"i": int, "t": int, "p": {"y": float, "x": float}},
           "to": {"i": int, "t": int, "p": {"y": float, "x": float}}, "m": float}]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_unit_answer_matches_the_reference(wire: Wire, ids: dict[str, int], case: Case) -> None:
    run_case(wire, ids, case)


def test_vin_of_a_unit_gives_its_profile(wire: Wire, ids: dict[str, int]) -> None:
    unit = wire.call("core/search_item", {"id": ids["unit"], "flags": 0x800000})["item"]
    vin = next(f["v"] for f in unit["pflds"].values() if f["n"] == "vin")
    answer = wire.call("unit/get_vin_info", {"vin": vin})
    from ._shape import mismatches

    assert not mismatches(answer, {"vin_lookup_result": {"pflds": [{"n": str, "v": str}]}})
