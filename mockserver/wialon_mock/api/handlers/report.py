"""report/* calls: a trips report over the stored messages, its rows, cleanup, templates.

One report result per session: executing another without ``report/cleanup_result`` answers
1003 (unless ``limits.single_report`` is off). The result is one statistics block and one
"Trips" table built from :mod:`wialon_mock.model.trips`.
"""

from __future__ import annotations

import time
from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model import trips
from ...model.errors import ApiError
from ...model.items import Group, Resource, Unit
from ..params import id_list, obj, opt_int, req_int
from ..registry import Ctx, SessionCtx, endpoint
from ._common import item_of, resource_of

HEADER = ["№", "Beginning", "End", "Duration", "Mileage", "Avg speed", "Max speed"]
HEADER_TYPE = ["", "time_begin", "time_end", "duration", "mileage", "avg_speed", "max_speed"]


def _when(t: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))


def _span(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _place(msg: dict[str, Any], text: str) -> dict[str, Any]:
    return {"t": text, "y": msg["pos"]["y"], "x": msg["pos"]["x"], "v": msg["t"]}


def _row(n: int, trip: trips.Trip) -> dict[str, Any]:
    avg = trip.km / trip.duration * 3600 if trip.duration else 0.0
    cells = [
        str(n + 1),
        _place(trip.first, _when(trip.first["t"])),
        _place(trip.last, _when(trip.last["t"])),
        _span(trip.duration),
        f"{trip.km:.2f} km",
        f"{avg:.0f} km/h",
        _place(trip.max_msg, f"{trip.max_speed} km/h"),
    ]
    return {
        "n": n,
        "i1": trip.first["t"],
        "i2": trip.last["t"],
        "t1": trip.first["t"],
        "t2": trip.last["t"],
        "d": 0,
        "c": cells,
    }


def _units(ctx: Ctx, p: dict[str, Any]) -> list[Unit]:
    ids = [req_int(p, "reportObjectId")]
    if p.get("reportObjectIdList"):
        ids = id_list(p["reportObjectIdList"])
    units: list[Unit] = []
    for item_id in ids:
        item = ctx.world.item(item_id)
        if isinstance(item, Unit):
            units.append(item)
        elif isinstance(item, Group):
            units.extend(ctx.world.units[u] for u in item.units if u in ctx.world.units)
        else:
            raise ApiError(E.ACCESS_DENIED)
    return units


@endpoint("report/exec_report")
def exec_report(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Run the trips report for a unit or group over an interval."""
    p = obj(params)
    session = ctx.session
    limits = ctx.world.config.limits
    if session.report is not None and limits.enabled and limits.single_report:
        raise ApiError(E.REQUEST_LIMIT)
    res = resource_of(ctx, p, "reportResourceId")
    template_id = req_int(p, "reportTemplateId")
    if template_id and str(template_id) not in res.reports:
        raise ApiError(E.ACCESS_DENIED)
    if not template_id and not isinstance(p.get("reportTemplate"), dict):
        raise ApiError(E.INVALID_INPUT)
    interval = p.get("interval")
    if not isinstance(interval, dict):
        raise ApiError(E.INVALID_INPUT)
    start, end = req_int(interval, "from"), req_int(interval, "to")
    if end < start:
        raise ApiError(E.INVALID_INPUT)
    end = min(end, ctx.world.now())
    units = _units(ctx, p)
    trips.check_budget(units, start, end)
    found = [t for u in units for t in trips.find(u, start, end, ctx.world.config.seed)]
    found.sort(key=lambda t: (t.first["t"], t.unit.id))
    rows = [_row(n, trip) for n, trip in enumerate(found)]
    total_km = sum(t.km for t in found)
    total_s = sum(t.duration for t in found)
    top = max((t.max_speed for t in found), default=0)
    lats = [m["pos"]["y"] for t in found for m in (t.first, t.last)]
    lons = [m["pos"]["x"] for t in found for m in (t.first, t.last)]
    bounds = [min(lats), min(lons), max(lats), max(lons)] if found else [0, 0, 0, 0]
    table = {
        "name": "unit_trips",
        "label": "Trips",
        "grouping": {},
        "flags": 0,
        "rows": len(rows),
        "level": 0,
        "columns": len(HEADER),
        "header": HEADER,
        "header_type": HEADER_TYPE,
        "total": ["Total", "", "", _span(total_s), f"{total_km:.2f} km", "", f"{top} km/h"],
        "totalRaw": [
            {"v": len(rows), "vt": 0},
            {"v": start, "vt": 1},
            {"v": end, "vt": 1},
            {"v": total_s, "vt": 0},
            {"v": round(total_km, 2), "vt": 0},
            {"v": 0, "vt": 0},
            {"v": top, "vt": 0},
        ],
    }
    name = units[0].nm if len(units) == 1 else f"{len(units)} units"
    result = {
        "reportResult": {
            "msgsRendered": 0,
            "stats": [
                ["Report", res.reports.get(str(template_id), {}).get("n", "Trips")],
                ["Unit", name],
                ["Interval beginning", _when(start)],
                ["Interval end", _when(end)],
                ["Trips", str(len(rows))],
                ["Mileage in trips", f"{total_km:.2f} km"],
                ["Move time", _span(total_s)],
            ],
            "tables": [table],
            "attachments": [],
        },
        "reportLayer": {"name": "", "bounds": bounds},
        "layerCount": 0,
    }
    session.report = {"tables": [rows], "result": result}
    if opt_int(p, "remoteExec", 0):
        # computed at once: the first status poll already says "done"
        return {"remoteExec": 1}
    return result


@endpoint("report/get_report_status")
def get_report_status(ctx: SessionCtx, params: Any) -> dict[str, str]:
    """State of a ``remoteExec`` report: ``"4"`` done, ``"16"`` no such report."""
    obj(params)
    return {"status": "4" if ctx.session.report is not None else "16"}


@endpoint("report/apply_report_result")
def apply_report_result(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """The result of a ``remoteExec`` report, shaped like exec_report's answer."""
    obj(params)
    report = ctx.session.report
    if report is None:
        raise ApiError(E.UNKNOWN_ERROR)
    result: dict[str, Any] = report["result"]
    return result


@endpoint("report/get_result_rows")
def get_result_rows(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Rows ``indexFrom..indexTo`` of a table of the session's report result."""
    p = obj(params)
    report = ctx.session.report
    if report is None:
        raise ApiError(E.INVALID_INPUT)
    index = req_int(p, "tableIndex")
    tables: list[list[dict[str, Any]]] = report["tables"]
    if not 0 <= index < len(tables):
        raise ApiError(E.INVALID_INPUT)
    lo, hi = req_int(p, "indexFrom"), req_int(p, "indexTo")
    if lo < 0 or hi < lo:
        raise ApiError(E.INVALID_INPUT)
    return tables[index][lo : hi + 1]


@endpoint("report/cleanup_result")
def cleanup_result(ctx: SessionCtx, params: Any) -> dict[str, int]:
    """Drop the session's report result."""
    obj(params)
    ctx.session.report = None
    return {"error": E.SUCCESS}


@endpoint("report/get_report_data")
def get_report_data(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Report templates of a resource, optionally only those with ids in ``col``."""
    p = obj(params)
    res = item_of(ctx, p)
    if not isinstance(res, Resource):
        raise ApiError(E.ACCESS_DENIED)
    wanted = None if p.get("col") is None else set(id_list(p["col"]))
    opt_int(p, "flags", 0)  # validated only: every flag value gets the full template here
    out = []
    for template in res.reports.values():
        if wanted is None or template["id"] in wanted:
            table: dict[str, Any] = {"n": "unit_trips", "l": "Trips", "c": "", "cl": "", "cp": ""}
            table.update(s="", sl="", filter_order=[], p="")
            table["sch"] = {"f1": 0, "f2": 0, "t1": 0, "t2": 0}
            out.append({**template, "p": "", "tbl": [table]})
    return out
