"""report/* calls: executing templates, the result's rows and sub-rows, status, templates.

One report result per session: executing another without ``report/cleanup_result`` answers
1003 (unless ``limits.single_report`` is off). Tables are built by
:mod:`wialon_mock.model.report_engine` from the templates of
:mod:`wialon_mock.model.report_templates`.
Calls that read the result answer 5 ("failed to fetch the report result") when there is none,
as the get_result_rows, get_result_subrows and select_result_rows pages list.
"""

from __future__ import annotations

from typing import Any

from ...model import report_templates as rt
from ...model.errors import ApiError
from ...model.items import Resource
from ...model.report_engine import Row, select
from ..params import as_int, id_list, obj, opt_int, req_int
from ..registry import SessionCtx, endpoint
from ..report_result import result_of, run, table_of
from ._common import item_of, resource_of


@endpoint("report/exec_report")
def exec_report(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Run a report template over a unit or unit group and an interval.

    https://help.wialon.com/en/api/user-guide/api-reference/report/exec_report (interval flags
    from its table, see :mod:`wialon_mock.model.report_intervals`).
    """
    p = obj(params)
    session = ctx.session
    limits = ctx.world.config.limits
    if session.report is not None and limits.enabled and limits.single_report:
        raise ApiError(1003)
    res = resource_of(ctx, p, "reportResourceId")
    result = run(ctx.world, session, res, p)
    session.report = result
    if opt_int(p, "remoteExec", 0):
        # computed at once: the first status poll already says "done"
        return {"remoteExec": 1}
    return result.answer


@endpoint("report/get_report_status")
def get_report_status(ctx: SessionCtx, params: Any) -> dict[str, str]:
    """State of a ``remoteExec`` report: ``"4"`` done, ``"16"`` no such report.

    https://help.wialon.com/en/api/user-guide/api-reference/report/get_report_status
    """
    obj(params)
    return {"status": "4" if ctx.session.report is not None else "16"}


@endpoint("report/apply_report_result")
def apply_report_result(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """The result of a ``remoteExec`` report, shaped like exec_report's answer.

    https://help.wialon.com/en/api/user-guide/api-reference/report/apply_report_result
    """
    obj(params)
    if ctx.session.report is None:
        raise ApiError(6)
    return result_of(ctx.session).answer


@endpoint("report/get_result_rows")
def get_result_rows(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Rows ``indexFrom..indexTo`` of a table of the session's report result (top level).

    https://help.wialon.com/en/api/user-guide/api-reference/report/get_result_rows
    """
    p = obj(params)
    table = table_of(result_of(ctx.session), p)
    lo, hi = req_int(p, "indexFrom"), req_int(p, "indexTo")
    if lo < 0 or hi < lo:
        raise ApiError(4)
    return [
        table.rows[n].json(n, False, False) for n in range(lo, min(hi, len(table.rows) - 1) + 1)
    ]


@endpoint("report/get_result_subrows")
def get_result_subrows(ctx: SessionCtx, params: Any) -> Any:
    """The rows one level below row ``rowIndex``; ``{"error":0}`` when it has none.

    https://help.wialon.com/en/api/user-guide/api-reference/report/get_result_subrows (and the
    sdk.wialon.com page of the same call, which shows the ``{"error":0}`` answer).
    """
    p = obj(params)
    table = table_of(result_of(ctx.session), p)
    index = req_int(p, "rowIndex")
    if not 0 <= index < len(table.rows):
        raise ApiError(4)
    children = table.rows[index].children
    if not children:
        return {"error": 0}
    return [row.json(n, False, False) for n, row in enumerate(children)]


def _flag(data: dict[str, Any], key: str) -> bool:
    return bool(as_int(data.get(key, 0) or 0))


@endpoint("report/select_result_rows")
def select_result_rows(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Rows of a multilevel table by ``range`` or by ``row`` path, with sub-rows in ``r``.

    https://help.wialon.com/en/api/user-guide/api-reference/report/select_result_rows
    ``level`` is read as the number of levels below the selected rows to include (0: none);
    ``flat:1`` puts those rows after their parent instead of inside its ``r``.
    """
    p = obj(params)
    table = table_of(result_of(ctx.session), p)
    config = p.get("config")
    if not isinstance(config, dict) or not isinstance(config.get("data"), dict):
        raise ApiError(4)
    data: dict[str, Any] = config["data"]
    level = as_int(data.get("level", 0) or 0)
    flat, raw, unit_info = _flag(data, "flat"), _flag(data, "rawValues"), _flag(data, "unitInfo")
    if level < 0:
        raise ApiError(4)
    kind = config.get("type")
    if kind == "range":
        lo, hi = req_int(data, "from"), req_int(data, "to")
        if lo < 0 or hi < lo:
            raise ApiError(4)
        return select(table.rows, lo, hi, level, flat, raw, unit_info)
    if kind == "row":
        rows: list[Row] = table.rows
        for index in id_list(data.get("rows")):
            if not 0 <= index < len(rows):
                raise ApiError(4)
            rows = rows[index].children
        lo = as_int(data.get("from", 0) or 0)
        hi = as_int(data.get("to", len(rows) - 1) if data.get("to") is not None else len(rows) - 1)
        return select(rows, lo, hi, level, flat, raw, unit_info)
    raise ApiError(4)


@endpoint("report/cleanup_result")
def cleanup_result(ctx: SessionCtx, params: Any) -> dict[str, int]:
    """Drop the session's report result.

    https://help.wialon.com/en/api/user-guide/api-reference/report/cleanup_result
    """
    obj(params)
    ctx.session.report = None
    return {"error": 0}


@endpoint("report/get_report_data")
def get_report_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Report templates of a resource, optionally only those with ids in ``col``.

    https://help.wialon.com/en/api/user-guide/api-reference/report/get_report_data
    """
    p = obj(params)
    res = item_of(ctx, p)
    if not isinstance(res, Resource):
        raise ApiError(7)
    wanted = None if p.get("col") is None else set(id_list(p["col"]))
    opt_int(p, "flags", 0)  # validated only: every flag value gets the full template here
    out = []
    for key, stored in res.reports.items():
        template = stored if "tbl" in stored else rt.full(as_int(key))
        if template is None:
            template = {**stored, "p": "", "tbl": []}
        if wanted is None or template["id"] in wanted:
            out.append(dict(template))
    return out
