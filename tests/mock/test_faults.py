"""Injected faults: each kind, counts, seeded probability, and faults inside a batch."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.control.faults import FaultEngine, FaultSpecError, batch_item_faults

from .conftest import call, login

pytestmark = pytest.mark.usefixtures("probe_endpoints")


async def post(http: aiohttp.ClientSession, server: MockServer, svc: str) -> tuple[int, bytes]:
    """One form POST; returns the status and the raw body."""
    async with http.post(f"{server.url}/wialon/ajax.html", data={"svc": svc}) as resp:
        return resp.status, await resp.read()


async def test_error_fault_fires_times_then_stops(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    fault = server.add_fault(
        svc="core/get_hw_types", kind="error", code=1003, reason="LOCKER_ERROR", times=2
    )
    assert fault["id"] >= 1
    answers = [await call(http, server, "core/get_hw_types") for _ in range(3)]
    assert answers == [
        {"error": 1003, "reason": "LOCKER_ERROR"},
        {"error": 1003, "reason": "LOCKER_ERROR"},
        {"error": 1},  # used up: the call itself, which needs a session
    ]
    assert [f["hits"] for f in server.faults()] == [2]
    assert [e["fault"] for e in server.journal()] == [fault["id"], fault["id"], None]


async def test_fault_matches_its_svc_or_any(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    server.add_fault(svc="probe/file", kind="error", code=5)
    assert await call(http, server, "no/such") == {"error": 2}
    assert await call(http, server, "probe/file") == {"error": 5}
    server.clear_faults()
    server.add_fault(svc="*", kind="error", code=6)
    assert await call(http, server, "no/such") == {"error": 6}
    async with http.get(f"{server.url}/avl_evts?sid=x") as resp:
        assert await resp.read() == b'{"error":6}'


async def test_http_fault_is_an_html_error_page(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    server.add_fault(svc="*", kind="http", status=503, times=1)
    async with http.post(f"{server.url}/wialon/ajax.html", data={"svc": "x"}) as resp:
        assert resp.status == 503
        assert resp.headers["Content-Type"] == "text/html"
        assert b"503 Service Unavailable" in await resp.read()


@pytest.mark.parametrize("body", ["html", "truncated", "empty", "oops"])
async def test_malformed_fault_is_200_but_not_json(
    server: MockServer, http: aiohttp.ClientSession, body: str
) -> None:
    server.add_fault(svc="*", kind="malformed", body=body, times=1)
    status, raw = await post(http, server, "x")
    assert status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)


async def test_delay_fault_then_the_normal_answer(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    fault = server.add_fault(svc="core/get_hw_types", kind="delay", seconds=0.05)
    assert await call(http, server, "core/get_hw_types") == {"error": 1}  # no session
    assert server.journal()[-1]["fault"] == fault["id"]


@pytest.mark.parametrize("spec", [{"kind": "reset"}, {"kind": "timeout", "seconds": 0.05}])
async def test_connection_dropped_without_answer(
    server: MockServer, http: aiohttp.ClientSession, spec: dict[str, Any]
) -> None:
    server.add_fault(svc="core/get_hw_types", times=1, **spec)
    with pytest.raises(aiohttp.ClientError):
        await post(http, server, "core/get_hw_types")
    assert server.journal()[-1]["status"] is None
    # the server itself is fine
    assert await post(http, server, "core/get_hw_types") == (200, b'{"error":1}')


async def test_timeout_fault_outlasts_the_client(http: aiohttp.ClientSession) -> None:
    server = MockServer(units=1)
    await server.start()
    try:
        server.add_fault(svc="core/get_hw_types", kind="timeout", seconds=60)
        # asyncio.TimeoutError: aiohttp raises it, and before Python 3.11 it is no TimeoutError
        with pytest.raises(asyncio.TimeoutError):
            async with http.post(
                f"{server.url}/wialon/ajax.html",
                data={"svc": "core/get_hw_types"},
                timeout=aiohttp.ClientTimeout(total=0.2),
            ):
                pass
    finally:
        # closing must not wait for the held request
        await server.close()


async def test_faulted_login_touches_no_state(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    server.add_fault(svc="token/login", kind="error", code=6, times=1)
    assert await call(http, server, "token/login", {"token": server.token}) == {"error": 6}
    assert server.state()["sessions"] == 0


async def test_probability_is_seeded_and_repeats(http: aiohttp.ClientSession) -> None:
    patterns = []
    for _ in range(2):
        async with MockServer(units=1, seed=11) as server:
            server.add_fault(svc="core/get_hw_types", kind="error", code=5, probability=0.5)
            answers = [await call(http, server, "core/get_hw_types") for _ in range(24)]
            patterns.append([a == {"error": 5} for a in answers])
    assert patterns[0] == patterns[1]
    assert 0 < sum(patterns[0]) < 24


async def test_in_batch_fault_fails_only_the_chosen_item(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    server.add_fault(svc="probe/echo", kind="error", code=7, in_batch=True, times=1)
    # a request-level call of the same svc is untouched
    assert "params" in await call(http, server, "probe/echo", sid=sid)
    batch = [{"svc": "probe/echo", "params": {}}]
    assert await call(http, server, "core/batch", batch, sid=sid) == [{"error": 7}]
    fault_id = server.faults()[0]["id"]
    assert server.journal()[-1]["item_faults"] == {"0": fault_id}
    # times=1: the next batch item runs
    [answer] = await call(http, server, "core/batch", batch, sid=sid)
    assert answer["params"] == {}
    assert server.journal()[-1]["item_faults"] is None


async def test_in_batch_fault_through_core_batch(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    server.add_fault(svc="core/search_item", kind="error", code=7, in_batch=True)
    batch = [
        {"svc": "core/search_items", "params": _units_search()},
        {"svc": "core/search_item", "params": {"id": 1, "flags": 1}},
    ]
    answer = await call(http, server, "core/batch", batch, sid=sid)
    assert isinstance(answer, list)
    assert "items" in answer[0]
    assert answer[1] == {"error": 7}
    # the journal names the failed item by its index, in either form of the batch
    fault_id = server.faults()[0]["id"]
    assert server.journal()[-1]["item_faults"] == {"1": fault_id}
    await call(http, server, "core/batch", {"params": [*batch, *batch], "flags": 0}, sid=sid)
    assert server.journal()[-1]["item_faults"] == {"1": fault_id, "3": fault_id}


def _units_search() -> dict[str, Any]:
    spec = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*"}
    return {"spec": {**spec, "sortType": "sys_name"}, "force": 1, "flags": 1, "from": 0, "to": 0}


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "explode"},
        {"kind": "error"},
        {"kind": "error", "code": "7"},
        {"kind": "http", "status": 200},
        {"kind": "delay", "seconds": -1},
        {"kind": "delay", "seconds": True},
        {"kind": "reset", "probability": 2},
        {"kind": "reset", "times": 0},
        {"kind": "reset", "in_batch": True},
        {"kind": "reset", "colour": "red"},
    ],
)
async def test_bad_fault_specs_are_refused(
    server: MockServer, http: aiohttp.ClientSession, spec: dict[str, Any]
) -> None:
    with pytest.raises(FaultSpecError):
        server.add_fault(**spec)
    async with http.post(f"{server.url}/_mock/faults", json=spec) as resp:
        assert resp.status == 400
    assert server.faults() == []


async def test_fault_routes(server: MockServer, http: aiohttp.ClientSession) -> None:
    spec = {"svc": "avl_evts", "kind": "error", "code": 1003}
    async with http.post(f"{server.url}/_mock/faults", json=spec) as resp:
        created = json.loads(await resp.read())
    defaults = {"probability": 1.0, "times": None, "hits": 0, "in_batch": False}
    assert created == {**spec, **defaults, "id": created["id"]}
    async with http.get(f"{server.url}/_mock/faults") as resp:
        assert [f["id"] for f in json.loads(await resp.read())] == [created["id"]]
    async with http.delete(f"{server.url}/_mock/faults/{created['id']}") as resp:
        assert resp.status == 200
    async with http.delete(f"{server.url}/_mock/faults/{created['id']}") as resp:
        assert resp.status == 404
    server.add_fault(svc="*", kind="reset")
    async with http.delete(f"{server.url}/_mock/faults") as resp:
        assert json.loads(await resp.read()) == {"cleared": 1}


async def test_a_fault_for_an_unknown_service_is_refused_with_a_did_you_mean(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    body = {"svc": "core/serch_item", "kind": "error", "code": 7}
    async with http.post(f"{server.url}/_mock/faults", json=body) as resp:
        assert resp.status == 400
        error = (await resp.json())["error"]
    assert "unknown service 'core/serch_item'" in error
    assert "did you mean 'core/search_item'" in error
    assert server.faults() == []
    # "*" and avl_evts are not handlers of ajax.html, and are accepted
    server.add_fault(svc="*", kind="delay", seconds=0)
    server.add_fault(svc="avl_evts", kind="error", code=1003)
    assert len(server.faults()) == 2


def test_batch_item_faults_skips_malformed_items_when_counting() -> None:
    items = [{"svc": "a"}, "not a call", {"svc": "b"}, {"svc": "a"}, {"params": {}}, {"svc": "a"}]
    # the hook saw a, b, a, a (malformed items never reach it); it fired on the 2nd "a" and on "b"
    hits = [("b", 0, 4), ("a", 1, 5)]
    assert batch_item_faults(items, hits) == {"2": 4, "3": 5}
    assert batch_item_faults({"params": items}, hits) == {"2": 4, "3": 5}
    assert batch_item_faults(items, []) is None
    assert batch_item_faults("garbage", hits) is None


@pytest.mark.parametrize(
    ("spec", "hint"),
    [
        ({"svc": "*", "kind": "eror"}, "(did you mean 'error'?)"),
        (
            {"svc": "*", "kind": "error", "cod": 7},
            "unknown fault fields: cod (did you mean 'code'?)",
        ),
    ],
)
def test_a_misspelt_fault_kind_or_field_gets_a_did_you_mean(
    spec: dict[str, Any], hint: str
) -> None:
    with pytest.raises(FaultSpecError) as raised:
        FaultEngine().add(spec)
    assert hint in str(raised.value)
