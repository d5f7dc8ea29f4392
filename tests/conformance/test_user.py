"""user/* calls against their reference pages' examples."""

from __future__ import annotations

import pytest

from ._cases import Case, run_case
from ._shape import Exact, MapOf, OneOf
from .conftest import Wire

H = "https://help.wialon.com/en/api/user-guide/api-reference"

CASES = [
    Case("user/update_locale", f"{H}/user/update_locale",
         lambda i: {"userId": i["user"], "locale": {"fd": "%Y-%m-%E %H:%M:%S", "wd": 1}},
         {"locale": {"fd": str, "wd": int}}),
    Case("user/get_locale", f"{H}/user/get_locale", lambda i: {"userId": i["user"]},
         OneOf(Exact({}), {"fd": str, "wd": int})),
    Case("user/update_item_access", f"{H}/user/update_item_access",
         lambda i: {"userId": i["subuser"], "itemId": i["unit"], "accessMask": 0x1 | 0x2},
         Exact({})),
    Case("user/get_items_access", f"{H}/user/get_items_access",
         lambda i: {"userId": i["subuser"], "directAccess": True, "itemSuperclass": "avl_unit",
                    "flags": 0}, MapOf(int),
         note="the plain {id: mask} form of the es page (directAccess true)"),
    Case("user/get_items_by_access", f"{H}/user/get_items_by_access",
         lambda i: {"userId": i["subuser"], "itemSuperclass": "avl_unit", "reqAccess": 1},
         {"ids": [int]}),
    Case("user/update_user_flags", f"{H}/user/update_user_flags",
         lambda i: {"userId": i["subuser"], "flags": 0x10, "flagsMask": 0x12}, {"fl": int}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_user_answer_matches_the_reference(wire: Wire, ids: dict[str, int], case: Case) -> None:
    run_case(wire, ids, case)


def test_items_access_with_flags_has_levels(wire: Wire, ids: dict[str, int]) -> None:
    # es page of user/get_items_access: directAccess false + flags -> {"cacl","dacl"} objects
    params = {"userId": ids["subuser"], "directAccess": False, "itemSuperclass": "avl_unit",
              "flags": 3}  # fmt: skip
    from ._shape import mismatches

    assert not mismatches(
        wire.call("user/get_items_access", params), MapOf({"cacl": int, "dacl": int})
    )
