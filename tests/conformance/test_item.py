"""item/* calls against their reference pages' examples."""

from __future__ import annotations

import pytest

from ._cases import Case, run_case
from ._shape import Exact
from .conftest import Wire

H = "https://help.wialon.com/en/api/user-guide/api-reference"
FIELD = [int, {"id": int, "n": str, "v": str}]


def _create_field(svc: str) -> tuple[str, object]:
    return (svc, lambda i: {"itemId": i["unit"], "id": 0, "callMode": "create", "n": "f", "v": "1"})


CASES = [
    Case("item/update_custom_field", f"{H}/item/update_custom_field",
         lambda i: {"itemId": i["unit"], "id": 0, "callMode": "create", "n": "Colour",
                    "v": "red"}, FIELD),
    Case("item/update_admin_field", f"{H}/item/update_admin_field",
         lambda i: {"itemId": i["unit"], "id": 0, "callMode": "create", "n": "Cost centre",
                    "v": "42"}, FIELD),
    Case("item/update_custom_property", f"{H}/item/update_custom_property",
         lambda i: {"itemId": i["unit"], "name": "note", "value": "checked"},
         {"n": str, "v": str}),
    Case("item/update_profile_field", f"{H}/item/update_profile_field",
         lambda i: {"itemId": i["unit"], "n": "registration_plate", "v": "AB 1234"}, FIELD),
    Case("item/update_measure_units", f"{H}/item/update_measure_units",
         lambda i: {"itemId": i["unit2"], "type": 1, "flags": 0}, Exact({})),
    Case("item/update_name", f"{H}/item/update_name",
         lambda i: {"itemId": i["unit2"], "name": "Renamed by conformance"}, {"nm": str}),
    Case("item/add_log_record", f"{H}/item/add_log_record",
         lambda i: {"itemId": i["unit"], "action": "custom_msg", "newValue": "hello",
                    "oldValue": ""}, Exact({})),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_item_answer_matches_the_reference(wire: Wire, ids: dict[str, int], case: Case) -> None:
    run_case(wire, ids, case)


def test_field_delete_answers_id_and_null(wire: Wire, ids: dict[str, int]) -> None:
    # help.wialon.com .../item/update_custom_field: delete answers [id, null]
    made = wire.call(
        "item/update_custom_field",
        {"itemId": ids["unit"], "id": 0, "callMode": "create", "n": "tmp", "v": "x"},
    )
    gone = wire.call(
        "item/update_custom_field", {"itemId": ids["unit"], "id": made[0], "callMode": "delete"}
    )
    assert gone == [made[0], None]


def test_delete_item_answers_empty_object(wire: Wire, ids: dict[str, int]) -> None:
    # help.wialon.com .../item/delete_item
    made = wire.call(
        "core/create_unit_group", {"creatorId": ids["user"], "name": "To delete", "dataFlags": 1}
    )
    assert wire.call("item/delete_item", {"itemId": made["item"]["id"]}) == {}
