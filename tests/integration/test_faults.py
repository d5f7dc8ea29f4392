"""Every fault kind, installed through the admin HTTP API, meets the client's typed error.

tests/client/test_transport.py and tests/client/test_errors.py cover the kinds one by one on
``core/get_hw_types`` through the runner's Python methods. Here the same table runs end to end
as a user of ``wialon-mock serve`` would drive it: the fault goes in with
``POST /_mock/faults``, hits one call of the client (an API call, or a poll of the separate
``/avl_evts`` endpoint), and must come out as the documented exception naming that call.
Then the fault is used up and the next request must get the right answer: for ``avl_evts``,
every message the failed poll would have carried (a fault fires before the request touches
the session, so nothing is lost).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest

from aiowialon import (
    AiowialonError,
    Wialon,
    WialonAccessDenied,
    WialonConnectionError,
    WialonHTTPError,
    WialonRequestLimitExceededError,
    WialonResponseError,
    WialonTimeoutError,
    flags,
)
from wialon_mock import MockServer
from wialon_mock.model import sim

from .conftest import client_of

#: the client's timeout in these tests: short, so a held request fails fast
TIMEOUT = 0.5


@dataclass(frozen=True)
class Case:
    """One fault kind and what the client must make of it."""

    name: str
    spec: dict[str, Any]
    #: the exception expected, or None when the call must succeed (delay)
    raises: type[Exception] | None
    #: attributes the exception must carry
    attrs: dict[str, Any] = field(default_factory=dict)
    #: text the exception message must contain
    says: str = ""


CASES = [
    Case("error", {"kind": "error", "code": 7, "reason": "injected"}, WialonAccessDenied,
         {"code": 7, "reason": "injected"}),
    Case("error-1003", {"kind": "error", "code": 1003}, WialonRequestLimitExceededError,
         {"code": 1003}),
    Case("http-5xx", {"kind": "http", "status": 503}, WialonHTTPError, {"status": 503},
         "503 Service Unavailable"),
    Case("http-4xx", {"kind": "http", "status": 404}, WialonHTTPError, {"status": 404},
         "404 Not Found"),
    Case("not-json", {"kind": "malformed", "body": "html"}, WialonResponseError, {},
         "HTML page"),
    Case("json-cut-short", {"kind": "malformed", "body": "truncated"}, WialonResponseError, {},
         "not JSON"),
    Case("delay", {"kind": "delay", "seconds": 0.2}, None),
    Case("reset", {"kind": "reset"}, WialonConnectionError),
    Case("timeout", {"kind": "timeout", "seconds": 3 * TIMEOUT}, WialonTimeoutError),
    # held for less than the client waits: the client sees the connection close
    Case("timeout-short-hold", {"kind": "timeout", "seconds": 0.1}, WialonConnectionError),
]  # fmt: skip


@pytest.fixture
async def frozen() -> AsyncIterator[MockServer]:
    """A server whose clock moves only when a test advances it."""
    async with MockServer(units=3, seed=9, clock_frozen=True) as srv:
        yield srv


async def install(server: MockServer, svc: str, spec: dict[str, Any]) -> None:
    """``POST /_mock/faults`` one fault that fires once."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{server.url}/_mock/faults", json={"svc": svc, "times": 1, **spec}) as resp,
    ):
        assert resp.status == 200, await resp.text()


def check_raised(case: Case, exc: Exception, svc: str) -> None:
    """The exception is the documented one, names the call and carries the details."""
    assert case.raises is not None
    assert isinstance(exc, case.raises), repr(exc)
    assert getattr(exc, "action_name", None) == svc
    assert svc in str(exc)
    for name, value in case.attrs.items():
        assert getattr(exc, name) == value
    assert case.says in str(exc)
    if case.raises is WialonTimeoutError:
        assert isinstance(exc, TimeoutError)


async def outcome(awaitable: Any) -> tuple[Any, Exception | None]:
    """The answer of ``awaitable``, or the exception it raised."""
    try:
        return await awaitable, None
    except AiowialonError as exc:  # anything else (a raw aiohttp error) fails the test
        return None, exc


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_fault_on_an_api_call(frozen: MockServer, case: Case) -> None:
    unit = min(frozen.world.units.values(), key=lambda u: u.id)
    async with client_of(frozen, timeout=TIMEOUT) as client:
        await client.login()
        await install(frozen, "core/search_item", case.spec)
        answer, exc = await outcome(client.core_search_item(id=unit.id, flags=1))
        if case.raises is None:
            assert exc is None
        else:
            assert exc is not None
            check_raised(case, exc, "core/search_item")
            answer = await client.core_search_item(id=unit.id, flags=1)
        assert (answer["item"]["id"], answer["item"]["nm"]) == (unit.id, unit.nm)


async def watch(client: Wialon, unit_id: int) -> None:
    """Register one unit for message events."""
    spec = [{"type": "id", "data": unit_id, "mode": 0,
             "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS}]  # fmt: skip
    await client.core_update_data_flags(spec=spec)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_fault_on_avl_evts_loses_no_event(frozen: MockServer, case: Case) -> None:
    unit = min(frozen.world.units.values(), key=lambda u: u.id)
    async with client_of(frozen, timeout=TIMEOUT) as client:
        await client.login()
        await watch(client, unit.id)
        start = frozen.world.now()
        frozen.advance(300)
        expected = list(sim.times_between(unit, start, frozen.world.now()))
        assert expected  # five minutes hold several messages of every unit
        await install(frozen, "avl_evts", case.spec)
        answer, exc = await outcome(client.avl_evts())
        if case.raises is None:
            assert exc is None
        else:
            assert exc is not None
            check_raised(case, exc, "avl_evts")
            answer = await client.avl_evts()
        assert [e["d"]["t"] for e in answer["events"] if e["i"] == unit.id] == expected
        again = await client.avl_evts()
        assert again["events"] == []
