"""Hypothesis: any params to the report, locale and sensor calls get an answer or one of the
call's documented Wialon errors, never another exception (which the HTTP layer would turn
into a 500), and the session keeps working afterwards."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wialon_mock.api.registry import FileAnswer, dispatch
from wialon_mock.config import MockConfig, default_token
from wialon_mock.model.errors import ApiError
from wialon_mock.model.state import World

START = 1_750_000_000

#: the error codes each call's reference page lists (1003/1005 for the limits pages)
DOCUMENTED: dict[str, set[int]] = {
    "report/exec_report": {4, 6, 7, 1003, 1005},
    "report/get_result_rows": {4, 5, 6},
    "report/get_result_subrows": {4, 5, 6},
    "report/select_result_rows": {4, 5, 6, 7},
    "report/export_result": {4, 5, 6},
    "report/get_result_chart": {4, 5, 6},
    "report/get_report_data": {4, 7},
    "report/apply_report_result": {6, 1003, 1004},
    "render/set_locale": {4},
    "unit/calc_last": {4, 7},
    "unit/calc_sensors": {4, 7},
    "unit/calc_sensors_last": {4, 5, 7},
    "unit/calc_last_message": {4, 7},
    "messages/load_interval": {4, 6, 7, 1003},
}
KEYS: dict[str, list[str]] = {
    "report/exec_report": [
        "reportResourceId",
        "reportTemplateId",
        "reportObjectId",
        "reportObjectSecId",
        "reportObjectIdList",
        "interval",
        "remoteExec",
        "reportTemplate",
    ],
    "report/get_result_rows": ["tableIndex", "indexFrom", "indexTo"],
    "report/get_result_subrows": ["tableIndex", "rowIndex"],
    "report/select_result_rows": ["tableIndex", "config"],
    "report/export_result": [
        "format",
        "compress",
        "delimiter",
        "coding",
        "pageSize",
        "pageOrientation",
        "headings",
        "outputFileName",
    ],
    "report/get_result_chart": [
        "attachmentIndex",
        "action",
        "width",
        "height",
        "autoScaleY",
        "pixelFrom",
        "pixelTo",
        "flags",
    ],
    "report/get_report_data": ["itemId", "col", "flags"],
    "report/apply_report_result": [],
    "render/set_locale": ["tzOffset", "language", "flags", "formatDate", "density"],
    "unit/calc_last": ["itemIds"],
    "unit/calc_sensors": ["source", "indexFrom", "indexTo", "unitId", "sensorId", "width"],
    "unit/calc_sensors_last": ["unitId", "sensorId"],
    "unit/calc_last_message": ["unitId", "sensors", "flags"],
    "messages/load_interval": [
        "itemId",
        "timeFrom",
        "timeTo",
        "flags",
        "flagsMask",
        "loadCount",
        "calcSensors",
        "sensorId",
    ],
}

WORLD = World(MockConfig(seed=3, units=2, clock_start=START, clock_frozen=True))
SID = str(dispatch(WORLD, "token/login", {"token": default_token(3)}, sid=None)["eid"])
IDS = [*sorted(WORLD.units), *sorted(WORLD.groups), WORLD.account_id]

numbers = st.one_of(
    st.sampled_from([0, 1, 2, 3, 4, 7, 8, 16, 32, 0x22, 0x42, 0xA0, -1, 2**63]),
    st.sampled_from(IDS),
    st.integers(START - 3 * 86400, START),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)
leaf = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    st.text(max_size=12),
    st.sampled_from(["", "range", "row", "semicolon", "a3", "landscape", "%Y-%m-%E", "ru"]),
    numbers.map(str),
)
values = st.recursive(
    leaf,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["from", "to", "flags", "type", "data", "rows", "level", "tbl", "n", "x"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=10,
)


@functools.cache
def params_for(svc: str) -> st.SearchStrategy[Any]:
    """Objects over the call's own keys (and sometimes something that is no object at all).

    Made once per call: a strategy built anew for every example is validated and labelled
    anew too, a fifth of what the examples cost.
    """
    keys = KEYS[svc] or ["x"]
    objects = st.dictionaries(st.sampled_from(keys), values, max_size=len(keys))
    return st.one_of(objects, objects, objects, values)


def prepare(svc: str) -> None:
    """Give the session a loader and a report result, so the readers of both get exercised
    (and no result before exec_report, which would otherwise always answer 1003)."""
    session = WORLD.sessions[SID]
    if svc == "report/exec_report":
        session.report = None
        return
    if session.loader is not None and session.report is not None:
        return
    load = {
        "itemId": IDS[0],
        "timeFrom": START - 600,
        "timeTo": START,
        "flags": 0,
        "flagsMask": 0,
        "loadCount": 1,
    }
    dispatch(WORLD, "messages/load_interval", load, sid=SID)
    run = {
        "reportResourceId": WORLD.account_id,
        "reportTemplateId": 6,
        "reportObjectId": IDS[0],
        "reportObjectSecId": 0,
        "interval": {"from": START - 6 * 3600, "to": START, "flags": 0},
    }
    session.report = None
    dispatch(WORLD, "report/exec_report", run, sid=SID)


@pytest.mark.parametrize("svc", sorted(DOCUMENTED))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_params_get_an_answer_or_a_documented_error(svc: str, data: st.DataObject) -> None:
    prepare(svc)
    params = data.draw(params_for(svc))
    code: int | None = None
    answer: Any = None
    try:
        answer = dispatch(WORLD, svc, params, sid=SID)
    except ApiError as exc:
        code = exc.code
    if code is None:
        assert isinstance(answer, dict | list | FileAnswer)
    else:
        # 4 (wrong parameters) is every call's answer to params that are no object
        allowed = DOCUMENTED[svc] | ({4} if not isinstance(params, dict) else set())
        assert code in allowed, f"{svc} {params!r} -> undocumented {code}"
    # and the session still serves
    assert dispatch(WORLD, "unit/calc_last_message", {"unitId": IDS[0]}, sid=SID)
