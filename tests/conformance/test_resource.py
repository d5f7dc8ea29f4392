"""resource/* calls against their reference pages' examples."""

from __future__ import annotations

import pytest

from ._cases import Case, run_case
from ._shape import Exact, MapOf
from .conftest import Wire

H = "https://help.wialon.com/en/api/user-guide/api-reference"
BOUNDS = {"min_x": float, "min_y": float, "max_x": float, "max_y": float, "cen_x": float,
          "cen_y": float}  # fmt: skip
ZONE = {
    "n": str, "d": str, "id": int, "f": int, "t": int, "e": int, "c": int, "i": int,
    "icon": str, "path": str, "libId": int, "b": BOUNDS, "ct": int, "mt": int, "jp": dict,
}  # fmt: skip
DRIVER = {"id": int, "n": str, "c": str, "ej": dict, "jp": dict, "pwd": str, "ds": str, "p": str,
          "r": float, "f": int, "ck": int, "bu": int, "pu": int, "bt": int}  # fmt: skip


def _circle(i: dict[str, int]) -> dict[str, object]:
    return {"itemId": i["resource"], "id": 0, "callMode": "create", "n": "Conformance circle",
            "d": "", "t": 3, "w": 0, "f": 0, "c": 2568583984, "tc": 0, "ts": 12, "min": 0,
            "max": 19, "p": [{"x": 27.56, "y": 53.9, "r": 300}]}  # fmt: skip


CASES = [
    Case("resource/update_zone", f"{H}/resource/update_zone", _circle, [int, ZONE]),
    Case("resource/update_zone", f"{H}/resource/update_zone",
         lambda i: {**_circle(i), "n": "Conformance polygon", "t": 2,
                    "p": [{"x": 27.5, "y": 53.9, "r": 0}, {"x": 27.6, "y": 53.9, "r": 0},
                          {"x": 27.55, "y": 53.95, "r": 0}]}, [int, ZONE]),
    Case("resource/update_zone", f"{H}/resource/update_zone",
         lambda i: {**_circle(i), "n": "Conformance line", "t": 1, "w": 50,
                    "p": [{"x": 27.5, "y": 53.9, "r": 0}, {"x": 27.6, "y": 53.95, "r": 0}]},
         [int, ZONE]),
    Case("resource/get_zone_data", f"{H}/resource/get_zone_data",
         lambda i: {"itemId": i["resource"], "col": [i["zone"]], "flags": 0x1F},
         [{"n": str, "d": str, "id": int, "rid": int, "t": int, "w": int, "f": int, "c": int,
           "tc": int, "ts": int, "min": int, "max": int, "i": int, "icon": str, "path": str,
           "ar": float, "pr": float, "libId": int, "jp": dict, "b": BOUNDS,
           "p": [{"x": float, "y": float, "r": int}], "ct": int, "mt": int}]),
    Case("resource/get_zones_by_point", f"{H}/resource/get_zones_by_point",
         lambda i: {"spec": {"lat": 53.9, "lon": 27.56, "zoneId": {str(i["resource"]): []}}},
         [MapOf([int])]),
    Case("resource/get_zones_by_point", f"{H}/resource/get_zones_by_point",
         lambda i: {"spec": {"lat": 53.9, "lon": 27.56, "radius": 50000,
                             "zoneId": {str(i["resource"]): []}}}, [MapOf(MapOf(float))],
         note="with radius the pages map zone ids to distances in metres"),
    Case("resource/update_driver", f"{H}/resource/update_driver",
         lambda i: {"itemId": i["resource"], "id": 0, "callMode": "create", "ej": {},
                    "c": "0000A1", "ck": 0, "ds": "", "n": "Conformance driver",
                    "p": "+375290000000", "r": 1, "f": 0, "pwd": "", "jp": {}},
         [int, DRIVER]),
    Case("resource/bind_unit_driver", f"{H}/resource/bind_unit_driver",
         lambda i: {"resourceId": i["resource"], "unitId": i["unit"], "driverId": i["driver"],
                    "time": 0, "mode": 1}, Exact({})),
    Case("resource/update_trailer", f"{H}/resource/update_trailer",
         lambda i: {"itemId": i["resource"], "id": 0, "callMode": "create", "ej": {},
                    "c": "T-1", "ds": "", "n": "Conformance trailer", "f": 0, "jp": {}},
         [int, {"id": int, "n": str, "c": str, "ej": dict, "jp": dict, "ds": str, "bu": int}]),
    Case("resource/get_unit_drivers", f"{H}/resource/get_unit_drivers",
         lambda i: {"unitId": i["unit"]}, MapOf([{"id": str, "nm": str, "ph": str}]),
         before=(("resource/bind_unit_driver",
                  lambda i: {"resourceId": i["resource"], "unitId": i["unit"],
                             "driverId": i["driver"], "time": 0, "mode": 1}),)),
    Case("resource/get_driver_bindings", f"{H}/resource/get_driver_bindings",
         lambda i: {"resourceId": i["resource"], "unitId": 0, "driverId": 0, "timeFrom": 0,
                    "timeTo": 2**32 - 1}, MapOf([{"t": int, "u": int}])),
    Case("resource/bind_unit_trailer", f"{H}/resource/bind_unit_trailer",
         lambda i: {"resourceId": i["resource"], "unitId": i["unit"], "trailerId": 1, "time": 0,
                    "mode": 1}, Exact({}),
         before=(("resource/update_trailer",
                  lambda i: {"itemId": i["resource"], "id": 0, "callMode": "create",
                             "n": "First trailer"}),)),
    Case("resource/get_unit_trailers", f"{H}/resource/get_unit_trailers",
         lambda i: {"unitId": i["unit"]}, MapOf([{"id": str, "nm": str}])),
    Case("resource/update_driver_units", f"{H}/resource/update_driver_units",
         lambda i: {"itemId": i["resource"], "units": [i["unit"]]}, {"drvrun": [int]}),
    Case("resource/update_trailer_units", f"{H}/resource/update_trailer_units",
         lambda i: {"itemId": i["resource"], "units": [i["unit"]]}, {"trlrun": [int]}),
    Case("resource/get_job_data", f"{H}/resource/get_job_data",
         lambda i: {"itemId": i["resource"]}, [dict]),
    Case("resource/get_notification_data", f"{H}/resource/get_notification_data",
         lambda i: {"itemId": i["resource"]}, [dict]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_resource_answer_matches_the_reference(wire: Wire, ids: dict[str, int], case: Case) -> None:
    run_case(wire, ids, case)


def test_zone_delete_answers_id_and_null(wire: Wire, ids: dict[str, int]) -> None:
    made = wire.call("resource/update_zone", _circle(ids))
    gone = wire.call(
        "resource/update_zone", {"itemId": ids["resource"], "id": made[0], "callMode": "delete"}
    )
    assert gone == [made[0], None]


def test_copy_mode_copies_the_geofence(wire: Wire, ids: dict[str, int]) -> None:
    # sdk.wialon.com .../resource/update_zone: oldItemId/oldZoneId copy a geofence
    copy = wire.call(
        "resource/update_zone",
        {
            "itemId": ids["resource"],
            "id": 0,
            "callMode": "create",
            "oldItemId": ids["resource"],
            "oldZoneId": ids["zone"],
            "n": "Copied zone",
        },
    )
    original = wire.call(
        "resource/get_zone_data", {"itemId": ids["resource"], "col": [ids["zone"]], "flags": 8}
    )[0]
    points = wire.call(
        "resource/get_zone_data", {"itemId": ids["resource"], "col": [copy[0]], "flags": 8}
    )[0]["p"]
    assert points == original["p"]
    assert copy[1]["n"] == "Copied zone"
