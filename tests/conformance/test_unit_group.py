"""unit_group/* calls against their reference pages' examples."""

from __future__ import annotations

from ._cases import Case, run_case
from .conftest import Wire

H = "https://help.wialon.com/en/api/user-guide/api-reference"


def test_update_units_matches_the_reference(wire: Wire, ids: dict[str, int]) -> None:
    case = Case(
        "unit_group/update_units",
        f"{H}/unit_group/update_units",
        lambda i: {"itemId": i["group"], "units": [i["unit"], i["unit2"]]},
        {"u": [int]},
    )
    assert run_case(wire, ids, case) == {"u": [ids["unit"], ids["unit2"]]}
