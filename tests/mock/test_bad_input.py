"""Input no handler should see is refused before it changes anything; nothing escapes as a 500."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wialon_mock import MockServer, ThreadedMockServer
from wialon_mock.api.json_input import MAX_DEPTH
from wialon_mock.control.journal import Journal
from wialon_mock.http.guards import encode_answer
from wialon_protocol.wire import effective_params

from .conftest import call, login

pytestmark = pytest.mark.usefixtures("probe_endpoints")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


async def raw_call(
    http: aiohttp.ClientSession, server: MockServer, svc: str, params: str, sid: str | None = None
) -> tuple[int, Any]:
    form = {"svc": svc, "params": params, **({"sid": sid} if sid else {})}
    async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
        return resp.status, json.loads(await resp.read())


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 100_000])
async def test_deep_nesting_is_error_4(
    server: MockServer, http: aiohttp.ClientSession, depth: int
) -> None:
    sid = await login(http, server)
    assert await raw_call(http, server, "probe/echo", nested(depth), sid) == (200, {"error": 4})
    batch = json.dumps([{"svc": "probe/echo", "params": {}}])[:-2] + ', "x": ' + nested(depth)
    batch += "}]"
    assert await raw_call(http, server, "core/batch", batch, sid) == (200, {"error": 4})
    # the server goes on serving
    assert await raw_call(http, server, "probe/echo", nested(MAX_DEPTH), sid) == (
        200,
        {"params": json.loads(nested(MAX_DEPTH)), "uploads": []},
    )


async def test_a_lone_surrogate_never_reaches_the_model(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    spec = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*"}
    search = {"spec": {**spec, "sortType": "sys_name"}, "force": 1, "flags": 1, "from": 0, "to": 0}
    before = await call(http, server, "core/search_items", search, sid=sid)
    unit_id = before["items"][0]["id"]
    rename = json.dumps({"itemId": unit_id, "name": "bad \udc80 name"})
    assert "\\udc80" in rename
    assert await raw_call(http, server, "item/update_name", rename, sid) == (200, {"error": 4})
    create = json.dumps({"creatorId": 0, "name": "new \udc80", "hwTypeId": 1, "dataFlags": 1})
    assert await raw_call(http, server, "core/create_unit", create, sid) == (200, {"error": 4})
    key = json.dumps({"\udc80": 1})
    assert await raw_call(http, server, "probe/echo", key, sid) == (200, {"error": 4})
    after = await call(http, server, "core/search_items", search, sid=sid)
    assert after == before
    # a proper surrogate pair is one valid character and goes through
    pair = json.dumps({"text": "\U0001f600"})
    assert await raw_call(http, server, "probe/echo", pair, sid) == (
        200,
        {"params": {"text": "\U0001f600"}, "uploads": []},
    )


async def test_an_event_that_cannot_be_utf8_is_still_delivered(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    # a defect elsewhere could still queue such text: the answer must not fail and lose it
    server.world.sessions[sid].queue(
        server.world.clock.now(), {"i": 1, "t": "u", "d": {"nm": "\udc80"}}
    )
    async with http.post(f"{server.url}/avl_evts", data={"sid": sid}) as resp:
        answer = json.loads(await resp.read())
    assert {"i": 1, "t": "u", "d": {"nm": "\udc80"}} in answer["events"]


@pytest.mark.parametrize("text", ['{"x": NaN}', "[Infinity]", '{"y": -Infinity}'])
async def test_nan_and_infinity_are_not_json(
    server: MockServer, http: aiohttp.ClientSession, text: str
) -> None:
    sid = await login(http, server)
    assert await raw_call(http, server, "probe/echo", text, sid) == (200, {"error": 4})


def test_encode_answer_round_trips_lone_surrogates() -> None:
    data = {"a": "\udc80", "b": "\\\udc80", "c": ["\ud800x"]}
    assert json.loads(encode_answer(data)) == data


async def test_an_exception_outside_the_handlers_is_a_wialon_error(
    server: MockServer,
    http: aiohttp.ClientSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(self: Journal, **entry: Any) -> None:
        raise RuntimeError("journal disk on fire")

    monkeypatch.setattr(Journal, "record", broken)
    async with http.post(f"{server.url}/wialon/ajax.html", data={"svc": "no/such"}) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "application/json"
        assert json.loads(await resp.read()) == {"error": 6}
    lines = [r for r in caplog.records if r.name == "wialon_mock.http.guards"]
    assert len(lines) == 1
    assert "journal disk on fire" in lines[0].getMessage()
    assert lines[0].exc_info is None


@pytest.fixture(scope="module")
def fuzz_target() -> Any:
    with ThreadedMockServer(units=1, limits=False) as server:
        yield server


def _post(server: ThreadedMockServer, form: dict[str, str]) -> tuple[int, Any]:
    import urllib.parse
    import urllib.request

    data = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(f"{server.url}/wialon/ajax.html", data=data, timeout=30) as resp:
        return resp.status, json.loads(resp.read())


def _sid(server: ThreadedMockServer) -> str:
    status, answer = _post(
        server, {"svc": "token/login", "params": json.dumps({"token": server.token})}
    )
    assert status == 200
    return str(answer["eid"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(depth=st.integers(0, 3 * MAX_DEPTH), wrap=st.sampled_from("[{"))
def test_fuzz_nesting_depth(fuzz_target: ThreadedMockServer, depth: int, wrap: str) -> None:
    value: Any = []
    for _ in range(depth):
        value = [value] if wrap == "[" else {"k": value}
    status, answer = _post(
        fuzz_target, {"svc": "probe/echo", "params": json.dumps(value), "sid": _sid(fuzz_target)}
    )
    assert status == 200
    if depth + 1 > MAX_DEPTH:
        assert answer == {"error": 4}
    else:
        # an empty array means "no params" (wialon_protocol.wire.effective_params)
        assert answer["params"] == effective_params(value)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0xFFFF), max_size=8))
def test_fuzz_lone_surrogates(fuzz_target: ThreadedMockServer, text: str) -> None:
    sid = _sid(fuzz_target)
    lone = any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    status, answer = _post(
        fuzz_target, {"svc": "probe/echo", "params": json.dumps({"name": text}), "sid": sid}
    )
    assert status == 200
    assert answer == ({"error": 4} if lone else {"params": {"name": text}, "uploads": []})
    # whatever came before, listings still answer
    status, units = _post(
        fuzz_target,
        {
            "svc": "core/search_items",
            "params": json.dumps(
                {
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
                }
            ),
            "sid": sid,
        },
    )
    assert status == 200
    assert "items" in units


async def test_a_failing_admin_operation_is_not_a_500(
    server: MockServer, http: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Any) -> None:
        raise RuntimeError("reset broke")

    monkeypatch.setattr(type(server._control()), "reset", broken)
    async with http.post(f"{server.url}/_mock/reset") as resp:
        assert resp.status == 200
        assert json.loads(await resp.read()) == {"error": 6}
    async with http.get(f"{server.url}/_mock/health") as resp:
        assert resp.status == 200
