"""core/* and token/* calls against their reference pages' examples."""

from __future__ import annotations

from typing import Any

import pytest

from ._cases import Case, run_case
from ._shape import Exact, MapOf, OneOf
from .conftest import Wire

H = "https://help.wialon.com/en/api/user-guide/api-reference"
ITEM_BASE = {"nm": str, "cls": int, "id": int, "mu": int, "uacl": int}
#: the login answer of help.wialon.com .../token/login (keys of a full answer)
LOGIN = {
    "host": str, "eid": str, "gis_sid": str, "au": str, "tm": int, "wsdk_version": str,
    "pi": int, "base_url": str, "hw_gw_ip": str, "hw_gw_dns": str, "env": dict,
    "gis_search": str, "gis_render": str, "gis_geocode": str, "gis_routing": str,
    "user": {"nm": str, "cls": int, "id": int, "prp": MapOf(str), "crt": int, "bact": int,
             "fl": int, "uacl": int},
    "token": str, "th": str, "classes": MapOf(int), "features": {"unlim": int, "svcs": MapOf(int)},
}  # fmt: skip
SEARCH = {
    "searchSpec": {"itemsType": str, "propName": str, "propValueMask": str, "sortType": str,
                   "propType": str, "or_logic": str},
    "dataFlags": int, "totalItemsCount": int, "indexFrom": int, "indexTo": int,
    "items": [ITEM_BASE],
}  # fmt: skip

CASES = [
    Case(
        "core/search_items",
        f"{H}/core/search_items",
        lambda i: {
            "spec": {
                "itemsType": "avl_unit",
                "propName": "sys_name",
                "propValueMask": "*",
                "sortType": "sys_name",
            },
            "force": 1,
            "flags": 1,
            "from": 0,
            "to": 0,
        },
        SEARCH,
        note="or_logic echoes as text, as the QA suite's exact answer shows it",
    ),
    Case(
        "core/search_item",
        f"{H}/core/search_item",
        lambda i: {"id": i["unit"], "flags": 1025},
        {
            "item": {
                **ITEM_BASE,
                "pos": {
                    "t": int,
                    "y": float,
                    "x": float,
                    "z": float,
                    "s": int,
                    "c": int,
                    "sc": int,
                },
                "lmsg": {"t": int, "f": int, "tp": str, "pos": dict, "i": int, "p": dict},
            },
            "flags": int,
        },
    ),
    Case(
        "core/update_data_flags",
        f"{H}/core/update_data_flags",
        lambda i: {"spec": [{"type": "id", "data": i["unit"], "flags": 1, "mode": 0}]},
        [{"i": int, "d": OneOf(dict, None), "f": int}],
    ),
    Case(
        "core/batch",
        f"{H}/core/batch",
        lambda i: {
            "params": [
                {"svc": "core/search_item", "params": {"id": i["unit"], "flags": 1}},
                {"svc": "core/search_item", "params": {"id": i["resource"], "flags": 1}},
            ],
            "flags": 0,
        },
        [{"item": ITEM_BASE, "flags": int}, {"item": ITEM_BASE, "flags": int}],
    ),
    Case(
        "core/get_hw_types",
        f"{H}/core/get_hw_types",
        lambda i: {"filterType": "type", "filterValue": ["auto"], "includeType": True},
        [
            {
                "id": int,
                "uid2": int,
                "name": str,
                "hw_category": str,
                "hw_features": str,
                "tp": str,
                "up": str,
            }
        ],
        note="hw_features from the es page (newer than en and the QA capture, which lack it)",
    ),
    Case(
        "core/get_account_data",
        f"{H}/core/get_account_data",
        lambda i: {"type": 1},
        {
            "parentAccountName": str,
            "parentAccountId": int,
            "plan": str,
            "enabled": int,
            "created": int,
            "flags": int,
            "balance": str,
            "daysCounter": int,
            "services": MapOf({"type": int, "usage": int, "maxUsage": int}),
        },
    ),
    Case(
        "core/check_unique",
        f"{H}/core/check_unique",
        lambda i: {"type": "avl_unit", "value": "no such name here"},
        {"result": Exact(0)},
    ),
    Case(
        "core/create_unit",
        f"{H}/core/create_unit",
        lambda i: {
            "creatorId": i["user"],
            "name": "Conformance unit",
            "hwTypeId": i["hw"],
            "dataFlags": 1,
        },
        {"item": ITEM_BASE, "flags": int},
    ),
    Case(
        "core/create_unit_group",
        f"{H}/core/create_unit_group",
        lambda i: {"creatorId": i["user"], "name": "Conformance group", "dataFlags": 1},
        {"item": {**ITEM_BASE, "u": [int]}, "flags": int},
    ),
    Case(
        "core/create_resource",
        f"{H}/core/create_resource",
        lambda i: {"creatorId": i["user"], "name": "Conformance resource", "dataFlags": 1},
        {"item": ITEM_BASE, "flags": int},
    ),
    Case(
        "core/create_user",
        f"{H}/core/create_user",
        lambda i: {
            "creatorId": i["user"],
            "name": "conformance user",
            "password": "pw-123456",
            "dataFlags": 1,
        },
        {"item": ITEM_BASE, "flags": int},
    ),
    Case(
        "core/create_auth_hash",
        f"{H}/core/create_auth_hash",
        lambda i: {},
        {"authHash": str},
    ),
    Case(
        "core/duplicate",
        f"{H}/core/duplicate",
        lambda i: {"restore": 1},
        LOGIN,
    ),
    Case(
        "core/set_session_property",
        f"{H}/core/set_session_property",
        lambda i: {"prop_name": "skip_nonactive_items", "prop_value": "1"},
        Exact({}),
    ),
    Case(
        "core/get_hw_cmds",
        f"{H}/core/get_hw_cmds",
        lambda i: {"deviceTypeId": i["hw"], "unitId": 0},
        MapOf([str]),
    ),
    Case(
        "core/check_items_billing",
        f"{H}/core/check_items_billing",
        lambda i: {"items": [i["unit"], i["resource"]], "accessFlags": 1, "serviceName": ""},
        [int],
    ),
    Case(
        "token/list",
        f"{H}/token/list",
        lambda i: {},
        [
            {
                "h": str,
                "app": str,
                "at": int,
                "ct": int,
                "dur": int,
                "fl": int,
                "items": [int],
                "p": str,
            }
        ],
        note="ll (last login) from the es page, newer than en",
    ),
    Case(
        "token/update",
        f"{H}/token/update",
        lambda i: {
            "callMode": "create",
            "app": "conformance",
            "at": 0,
            "dur": 0,
            "fl": 256,
            "p": "{}",
        },
        {
            "h": str,
            "app": str,
            "at": int,
            "ct": int,
            "dur": int,
            "fl": int,
            "items": [int],
            "p": str,
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_core_answer_matches_the_reference(wire: Wire, ids: dict[str, int], case: Case) -> None:
    run_case(wire, ids, case)


def test_token_login_matches_the_reference(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/token/login
    from ._shape import mismatches

    answer = wire.call("token/login", {"token": wire.server.token}, sid=None)
    assert not mismatches(answer, LOGIN)
    # the map hosts name the fake server itself, never the real Wialon map hosts
    hosts = {answer[k] for k in ("gis_search", "gis_render", "gis_geocode", "gis_routing")}
    assert hosts == {f"http://{wire.server.host}:{wire.server.port}"}


def test_use_auth_hash_matches_the_reference(wire: Wire) -> None:
    # help.wialon.com .../core/use_auth_hash: login-shaped, plus hl, token, th, web_site
    from ._shape import mismatches

    auth_hash = wire.call("core/create_auth_hash", {})["authHash"]
    answer: Any = wire.call("core/use_auth_hash", {"authHash": auth_hash}, sid=None)
    assert not mismatches(answer, {**LOGIN, "hl": int, "web_site": str})


def test_logout_matches_the_reference(wire: Wire) -> None:
    # help.wialon.com .../core/logout: exactly {"error":0}
    other = wire.call("core/duplicate", {"continueCurrentSession": True})
    assert wire.call("core/logout", {}, sid=other["eid"]) == {"error": 0}
