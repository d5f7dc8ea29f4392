"""Every call with a conformance case, fed its good example params with one key broken or
left out, answers a Wialon error or a result: never a crash, never a 500."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from tests.conformance import (
    test_core,
    test_item,
    test_messages,
    test_resource,
    test_unit,
    test_user,
)
from tests.conformance._cases import Case
from wialon_mock.api.registry import dispatch
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model.errors import ApiError
from wialon_mock.model.state import World

START = 1_750_000_000
BROKEN: tuple[Any, ...] = (None, True, -1, 2**70, 1.5, "x", "", [1, "a"], {"a": []}, "\u0000")
CASES: list[Case] = [
    *test_core.CASES,
    *test_item.CASES,
    *test_messages.CASES,
    *test_resource.CASES,
    *test_unit.CASES,
    *test_user.CASES,
]


def _ids(world: World) -> dict[str, int]:
    unit = sorted(world.units)[0]
    res = world.resources[world.account_id]
    return {
        "unit": unit,
        "unit2": sorted(world.units)[1],
        "resource": world.account_id,
        "group": sorted(world.groups)[0],
        "user": world.owner_id,
        "subuser": next(u.id for u in world.users.values() if not u.is_owner),
        "hw": world.units[unit].hw,
        "driver": int(next(iter(res.drivers))),
        "zone": int(next(iter(res.zones))),
    }


def _variants(good: Any) -> list[Any]:
    if not isinstance(good, dict):
        return [None, [], 0, "x"]
    out: list[Any] = []
    for key in good:
        out.append({k: v for k, v in good.items() if k != key})
        out += [{**good, key: value} for value in BROKEN]
        if isinstance(good[key], dict):
            # one level down too: spec objects, report settings, zone id maps
            for inner in good[key]:
                out += [{**good, key: {**good[key], inner: value}} for value in BROKEN[:6]]
    return out


@pytest.mark.parametrize("case", CASES, ids=str)
def test_broken_params_answer_api_errors(case: Case) -> None:
    world = World(MockConfig(seed=61, units=3, clock_start=START, clock_frozen=True))
    ids = _ids(world)
    sid = None
    codes: list[int] = []
    for params in _variants(case.params(ids)):
        if sid is None or world.session_for(sid) is None:
            sid = dispatch(world, "token/login", {"token": default_token(61)}, sid=None)["eid"]
        for svc, before in case.before:
            with contextlib.suppress(ApiError):
                dispatch(world, svc, before(ids), sid=sid)
        # anything but ApiError (KeyError, TypeError, ...) escapes and fails the test
        codes.append(_code(world, case.svc, params, sid))
    assert all(isinstance(code, int) and code >= 0 for code in codes)


def _code(world: World, svc: str, params: Any, sid: str) -> int:
    """0 for an answer, else the Wialon error code."""
    try:
        dispatch(world, svc, params, sid=sid)
    except ApiError as exc:
        return int(exc.code)
    return 0
