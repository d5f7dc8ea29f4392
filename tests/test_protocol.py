"""Contract tests: the client, the fake server and the plugin read the same Wialon facts.

The facts live once in ``wialon_protocol``; these tests fail when one of the three parts
grows its own copy that disagrees (a flag set by hand, an endpoint marked differently, a
request read by another rule).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

import wialon_protocol
from aiowialon import errors as client_errors
from aiowialon import services as client_services
from pytest_wialon.cassettes import match_key
from pytest_wialon.normalize import normalize
from wialon_mock import ApiError, MockConfig, MockServer, World, mask
from wialon_mock.api.registry import dispatch, endpoint, load_handlers
from wialon_mock.config import default_token
from wialon_mock.control.limits import LOGIN_SVCS
from wialon_protocol import SERVICES, ErrorCode, merge_fields, read_params

# -- the service table -------------------------------------------------------------------


def test_every_fake_server_endpoint_is_a_row_of_the_table() -> None:
    registry = load_handlers()
    unknown = sorted(svc for svc in registry if svc not in SERVICES)
    assert unknown == [], f"endpoints the service table does not know: {unknown}"
    for svc, ep in registry.items():
        row = SERVICES[svc]
        seen = (ep.session, ep.login, ep.heavy, ep.exclusive, ep.batchable, ep.multipart)
        table = (row.session, row.login, row.heavy, row.exclusive, row.batchable, row.multipart)
        assert seen == table, svc


def test_an_endpoint_that_contradicts_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="disagrees with the service table"):
        endpoint("messages/load_interval", heavy=False)
    with pytest.raises(ValueError, match="batchable"):
        endpoint("core/logout", batchable=True)


def test_the_clients_sets_come_from_the_table() -> None:
    rows = SERVICES.values()
    assert {r.name for r in rows if r.heavy} == client_services.HEAVY
    assert {r.name for r in rows if r.exclusive} == client_services.EXCLUSIVE
    assert {r.name for r in rows if r.multipart} == client_services.MULTIPART
    assert {r.name for r in rows if r.login} == client_services.LOGIN_SERVICES
    assert {r.name for r in rows if r.path == wialon_protocol.AJAX_PATH} == client_services.SERVICES
    for row in rows:
        # the auto-batcher sends alone what the server cannot batch and every exclusive call
        assert client_services.is_batchable(row.name) == (row.batchable and not row.exclusive)


def test_the_fake_servers_login_limits_count_the_tables_login_calls() -> None:
    assert {r.name for r in SERVICES.values() if r.login and not r.session} == LOGIN_SVCS
    assert "core/duplicate" not in LOGIN_SVCS  # it runs in its session: per-session limits


@pytest.mark.parametrize("svc", ["core/export_file", "report/get_result_photo", "file/get"])
def test_calls_answering_with_a_file_are_not_auto_batched(svc: str) -> None:
    # a core/batch answer is one JSON array; it cannot carry a file
    assert SERVICES[svc].file_answer
    assert not client_services.is_batchable(svc)


def test_every_unusual_row_says_why() -> None:
    plain = wialon_protocol.Service("x/y")
    columns = ("session", "login", "heavy", "exclusive", "batchable", "multipart", "path")
    for row in SERVICES.values():
        if any(getattr(row, c) != getattr(plain, c) for c in columns):
            assert row.note, f"{row.name} differs from an ordinary call without a reason"


def test_reference_urls_follow_the_help_centre_scheme() -> None:
    base = "https://help.wialon.com/en/api/user-guide/api-reference/"
    assert SERVICES["unit/get_trips"].reference == base + "unit/get_trips"
    assert SERVICES["avl_evts"].reference == base + "other-methods/avl_evts"


# -- the disagreements the table settled ------------------------------------------------


def _world() -> tuple[World, str]:
    token = default_token(7)
    world = World(MockConfig(units=2, seed=7, tokens=[token]))
    answer = dispatch(world, "token/login", {"token": token}, sid=None)
    return world, answer["eid"]


def test_create_auth_hash_runs_inside_a_batch() -> None:
    # the fake server answered error 4 here while the client counted the call batchable
    world, sid = _world()
    answer = dispatch(
        world, "core/batch", [{"svc": "core/create_auth_hash", "params": {}}], sid=sid
    )
    assert len(answer) == 1
    assert len(answer[0]["authHash"]) == 32


def test_duplicate_is_a_login_call_that_needs_a_session() -> None:
    row = SERVICES["core/duplicate"]
    assert row.login
    assert row.session
    assert not row.batchable
    world, sid = _world()
    with pytest.raises(ApiError) as info:
        dispatch(world, "core/duplicate", {}, sid="0" * 32)
    assert info.value.code == ErrorCode.INVALID_SESSION
    assert dispatch(world, "core/duplicate", {}, sid=sid)["eid"] != sid


@pytest.mark.parametrize("svc", ["messages/load_interval", "unit/get_trips"])
def test_exclusive_message_calls_are_heavy_and_batchable_on_the_server(svc: str) -> None:
    row = SERVICES[svc]
    assert row.heavy
    assert row.exclusive
    assert row.batchable
    assert load_handlers()[svc].batchable
    assert not client_services.is_batchable(svc)


# -- error codes ----------------------------------------------------------------------------


def test_the_client_has_one_class_per_documented_code() -> None:
    documented = {int(code) for code in ErrorCode if code is not ErrorCode.SUCCESS}
    assert set(client_errors.ERRORS_BY_CODE) == documented


def test_every_code_is_explained() -> None:
    assert set(wialon_protocol.EXPLANATIONS) == set(ErrorCode)
    assert wialon_protocol.explain(7) == "access denied"
    assert wialon_protocol.explain(31337) == "error 31337"


def test_the_fake_servers_errors_are_plain_numbers_on_the_wire() -> None:
    body = ApiError(ErrorCode.REQUEST_LIMIT, "LIMIT api_concurrent").body()
    assert wialon_protocol.compact(body) == '{"error":1003,"reason":"LIMIT api_concurrent"}'
    assert client_errors.WialonRequestLimitExceededError(2).reason == "LIMIT api_concurrent"


# -- field reading: the server and the recorder read a request alike ----------------------

PLACEMENTS: list[tuple[str, dict[str, str], dict[str, str]]] = [
    ("all in the query", {"svc": "core/get_hw_types", "params": "{}"}, {}),
    ("all in the body", {}, {"svc": "core/get_hw_types", "params": '{"filterType":"name"}'}),
    ("svc in the query, params in the body", {"svc": "core/get_hw_types"}, {"params": "[]"}),
    (
        "both places: the body wins",
        {"svc": "core/logout", "params": '{"x":1}'},
        {"svc": "core/get_hw_types", "params": '{"includeType":1}'},
    ),
    ("no params at all", {"svc": "core/get_hw_types"}, {}),
]


def test_read_params_rules() -> None:
    assert read_params(None) == {}
    assert read_params("") == {}
    assert read_params("[]") == {}
    assert read_params('[{"svc":"a/b"}]') == [{"svc": "a/b"}]
    with pytest.raises(json.JSONDecodeError):
        read_params("{not json")


def test_merge_fields_body_wins_and_first_repeat_counts() -> None:
    query = [("svc", "a/b"), ("sid", "1"), ("sid", "2"), ("other", "x")]
    body = [("svc", "c/d")]
    assert merge_fields(query, body) == {"svc": "c/d", "sid": "1"}


@pytest.mark.parametrize(("case", "query", "body"), PLACEMENTS, ids=[p[0] for p in PLACEMENTS])
async def test_the_fake_server_and_the_recorder_read_a_request_alike(
    case: str, query: dict[str, str], body: dict[str, str]
) -> None:
    async with MockServer(units=1) as server, aiohttp.ClientSession() as http:
        async with http.post(
            f"{server.url}/wialon/ajax.html",
            data={"svc": "token/login", "params": json.dumps({"token": server.token})},
        ) as resp:
            sid = (await resp.json())["eid"]
        query = {**query, "sid": sid}
        url = f"{server.url}/wialon/ajax.html?{urlencode(query)}"
        server.clear_journal()
        async with http.post(url, data=body or None) as resp:
            answer: Any = await resp.json()
        entry = server.journal()[-1]
    recorded = normalize("POST", url, urlencode(body), "application/x-www-form-urlencoded")
    # the journal masks the sid as the client's logs do
    assert recorded.sid is not None
    assert (recorded.svc, mask(recorded.sid)) == (entry["svc"], entry["sid"]), case
    assert wialon_protocol.effective_params(recorded.params) == entry["params"], case
    assert not (isinstance(answer, dict) and answer.get("error")), (case, answer)


def test_a_cassette_matches_params_as_the_server_reads_them() -> None:
    # params=[] (python-wialon's "no arguments"), params={} and no params are the same call
    url = "http://127.0.0.1:1/wialon/ajax.html"
    keys = {
        match_key(normalize("POST", url, body, "application/x-www-form-urlencoded"))
        for body in (
            "svc=core/logout&params=%5B%5D",
            "svc=core/logout&params=%7B%7D",
            "svc=core/logout",
        )
    }
    assert len(keys) == 1
