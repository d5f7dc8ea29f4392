"""One executed report: its tables and the exec_report answer, kept in the session.

The answer shape is the exec_report page's (help.wialon.com, API reference,
report/exec_report): ``{"reportResult": {"msgsRendered", "stats", "tables", "attachments"},
"reportLayer": {"name", "bounds"}, "layerCount"}``. Cells, statistics and interval bounds are
written in the session's render locale (render/set_locale, else the user's settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import report_chart, sensor_values, trips
from ..model import report_templates as rt
from ..model.errors import ApiError
from ..model.items import Group, Resource, Unit
from ..model.render_locale import Locale, from_user, with_unit
from ..model.report_engine import Table, build
from ..model.report_intervals import resolve, spans, track
from .params import as_int, id_list, opt_int, req_int

if TYPE_CHECKING:
    from ..model.state import Session, World

Json = dict[str, Any]


@dataclass
class Result:
    """The session's report result."""

    tables: list[Table]
    answer: Json
    title: str
    locale: Locale
    charts: list[report_chart.Chart]


def locale_of(world: World, session: Session) -> Locale:
    """The render locale of a session: the one it set, else its user's settings."""
    if isinstance(session.locale, Locale):
        return session.locale
    user = world.users.get(session.user_id)
    return from_user(user.prp if user is not None else {})


def _template(res: Resource, p: Json) -> Json:
    template_id = req_int(p, "reportTemplateId")
    if template_id == 0:
        custom = p.get("reportTemplate")
        if not isinstance(custom, dict) or not isinstance(custom.get("tbl"), list):
            raise ApiError(4)
        if not all(isinstance(t, dict) for t in custom["tbl"]):
            raise ApiError(4)
        return custom
    stored = res.reports.get(str(template_id))
    if stored is None:
        raise ApiError(7)
    if isinstance(stored.get("tbl"), list):
        return stored
    return rt.full(template_id) or {**stored, "tbl": [{"n": "unit_trips", "l": "Trips"}]}


def _units(world: World, p: Json) -> tuple[list[Unit], str]:
    ids = [req_int(p, "reportObjectId")]
    if p.get("reportObjectIdList"):
        ids = id_list(p["reportObjectIdList"])
    units: list[Unit] = []
    names: list[str] = []
    for item_id in ids:
        item = world.item(item_id)
        if isinstance(item, Unit):
            units.append(item)
            names.append(item.nm)
        elif isinstance(item, Group):
            units.extend(world.units[u] for u in item.units if u in world.units)
            names.append(item.nm)
        else:
            raise ApiError(7)
    return units, ", ".join(names)


def run(world: World, session: Session, res: Resource, p: Json) -> Result:
    """Execute exec_report's params against the model."""
    template = _template(res, p)
    units, object_name = _units(world, p)
    opt_int(p, "reportObjectSecId", 0)
    loc = locale_of(world, session)
    now = world.now()
    interval = p.get("interval")
    if not isinstance(interval, dict):
        raise ApiError(4)
    start, end = resolve(
        as_int(interval.get("flags", 0) or 0),
        as_int(interval.get("from", 0) or 0),
        as_int(interval.get("to", 0) or 0),
        now,
        loc,
    )
    end = min(end, now)
    if end < start:
        start = end
    trips.check_budget(units, start, end)
    tables_def = [t for t in template["tbl"] if isinstance(t, dict)]
    tracks = [track(world, u, start, end) for u in units]
    names = {u.id: u.nm for u in units}
    defs = {u.id: sensor_values.definitions(world, u) for u in units}
    chart_defs = [t for t in tables_def if t.get("n") == report_chart.CHART_TABLE]
    tables = [build(t, tracks, names, loc, defs) for t in tables_def if t not in chart_defs]
    # a chart draws the first unit of the report (charts of several units are not modelled)
    first = tracks[0] if tracks else None
    first_defs = defs.get(first.unit.id, {}) if first is not None else {}
    charts = [report_chart.build(t, first, first_defs) for t in chart_defs]
    moved = [(tr, s) for tr in tracks for s in spans(tr, "trips")]
    km = sum(max(0.0, tr.km[s.b] - tr.km[s.a]) for tr, s in moved)
    moving = sum(tr.times[s.b] - tr.times[s.a] for tr, s in moved)
    lats = [tr.lat[k] for tr in tracks for k in (0, len(tr) - 1) if len(tr)]
    lons = [tr.lon[k] for tr in tracks for k in (0, len(tr) - 1) if len(tr)]
    bounds = [min(lats), min(lons), max(lats), max(lons)] if lats else [0, 0, 0, 0]
    title = str(template.get("n", "Report"))
    stats = [
        ["Report", title],
        ["Unit group" if len(units) > 1 else "Unit", object_name],
        ["Report execution time", loc.when(now)],
        ["Interval beginning", loc.when(start)],
        ["Interval end", loc.when(end)],
        ["Trips", str(len(moved))],
        ["Mileage in trips", with_unit(loc.distance(km))],
        ["Move time", loc.span(moving)],
    ]
    answer: Json = {
        "reportResult": {
            "msgsRendered": 0,
            "stats": stats,
            "tables": [t.head for t in tables],
            "attachments": [c.head for c in charts],
        },
        "reportLayer": {"name": "", "bounds": bounds},
        "layerCount": 0,
    }
    return Result(tables, answer, title, loc, charts)


def result_of(session: Session) -> Result:
    """The session's report result; error 5 (failed to fetch the report result) without one."""
    report = session.report
    if not isinstance(report, Result):
        raise ApiError(5)
    return report


def table_of(result: Result, p: Json) -> Table:
    """The table ``tableIndex`` names; error 4 when there is none."""
    index = as_int(p.get("tableIndex", -1))
    if not 0 <= index < len(result.tables):
        raise ApiError(4)
    return result.tables[index]
