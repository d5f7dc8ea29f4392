"""Every model call, fed malformed params, answers a Wialon error or a result: never a crash."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from wialon_mock.api.handlers import messages
from wialon_mock.api.registry import REGISTRY, Upload, dispatch, load_handlers
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model.errors import ApiError
from wialon_mock.model.state import World

START = 1_750_000_000
KEYS = (
    "itemId", "id", "flags", "spec", "params", "timeFrom", "timeTo", "col", "name", "units",
    "userId", "type", "value", "filterType", "filterValue", "lastTime", "lastCount",
    "indexFrom", "indexTo", "tableIndex", "reportResourceId", "reportTemplateId",
    "reportObjectId", "reportObjectIdList", "interval", "fileName", "json", "hwId", "action",
    "commandName", "linkType", "locale", "driverId", "eventHash", "loadCount", "from", "to",
    "mode", "token", "authHash", "operateAs", "restore", "filter", "flagsMask", "includeType",
)  # fmt: skip
WEIRD: tuple[Any, ...] = (None, True, -1, 2**70, 1.5, "x", "", [1, "a"], {"a": []})
TOP_LEVEL: tuple[Any, ...] = (None, [], [1, {"svc": 5}], 0, "x", {})
# calls of the HTTP layer's own tests, not of the model
FOREIGN = ("probe/",)


def _model_calls() -> list[str]:
    load_handlers()
    return sorted(svc for svc in REGISTRY if not svc.startswith(FOREIGN))


@pytest.mark.parametrize("svc", _model_calls())
def test_garbage_params_answer_api_errors(svc: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # keeps replies to absurd intervals small: the point here is robustness, not volume
    monkeypatch.setattr(messages, "MAX_REPLY_MESSAGES", 5)
    world = World(MockConfig(seed=61, units=3, clock_start=START, clock_frozen=True))
    ids = [sorted(world.units)[0], world.account_id, sorted(world.groups)[0], world.owner_id]
    uploads = (Upload("file", "a.wlp", "application/zip", b"{}"),)
    bases: list[Any] = [*TOP_LEVEL, *({"itemId": i, "id": i, "userId": i} for i in ids)]
    variants: list[Any] = list(TOP_LEVEL)
    for base, key, value in itertools.product(bases[len(TOP_LEVEL) :], KEYS, WEIRD):
        variants.append({**base, key: value})
    sid = None
    codes: list[object] = []
    for params in variants:
        if sid is None or world.session_for(sid) is None:
            sid = dispatch(world, "token/login", {"token": default_token(61)}, sid=None)["eid"]
        # anything but ApiError (KeyError, TypeError, ...) escapes and fails the test
        try:
            dispatch(world, svc, params, sid=sid, uploads=uploads)
        except ApiError as exc:
            codes.append(exc.code)
    assert all(isinstance(code, int) and code > 0 for code in codes)
