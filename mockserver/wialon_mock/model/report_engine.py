"""Report tables: rows, cells and totals built from tracks, and the rows' JSON.

Tables follow the exec_report page (help.wialon.com, API reference, report/exec_report):
``{name, label, grouping, flags, rows, level, columns, header, header_type, total, totalRaw}``.
Rows follow report/get_result_rows and report/select_result_rows: ``{n, i1, i2, t1, t2, d,
c}`` plus ``uid`` (with ``unitInfo``) and ``r`` (sub-rows, select_result_rows). ``i1``/``i2``
are message numbers within the unit's messages of the interval, ``t1``/``t2`` their times.

A table of several units (a unit-group template, or a unit template run on a group) has one
row per unit with the unit's rows under it; a table grouped by day has one row per local day
with that day's rows under it. Totals and parent rows add up their rows per column kind.
Value types (``vt``) are the ones real answers carry: 2 counts, 10 mileage, 20 speed (our
choice: no real sample shows one), 30/31 end/begin times, 40 durations, 50 fuel volumes, 54 fuel
levels, 0 text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import report_templates as rt
from . import sensor_values
from .render_locale import Locale
from .report_intervals import Span, Track, days, sample, spans

Json = dict[str, Any]

_KINDS = {
    "trips": "trips",
    "stops": "stops",
    "stays": "stays",
    "speedings": "speedings",
    "fillings": "fillings",
    "sensors_tracing": "tracing",
    "generic": "summary",
}
#: header label, header type, value type, how parents and totals combine it
_COLUMNS: dict[str, tuple[str, str, int, str]] = {
    "time_begin": ("Beginning", "time_begin", 31, "min"),
    "time_end": ("End", "time_end", 30, "max"),
    "location_begin": ("Initial location", "location_begin", 0, "none"),
    "location_end": ("Final location", "location_end", 0, "none"),
    "location": ("Location", "location", 0, "none"),
    "duration": ("Duration", "duration", 40, "sum"),
    "mileage": ("Mileage", "mileage", 10, "sum"),
    "avg_speed": ("Avg speed", "avg_speed", 20, "avg"),
    "max_speed": ("Max speed", "max_speed", 20, "max"),
    "fuel_consumption_fls": ("Consumed by FLS", "fuel_consumption_fls", 50, "sum"),
    "fuel_level_begin": ("Initial fuel level", "fuel_level_begin", 54, "first"),
    "fuel_level_end": ("Final fuel level", "fuel_level_end", 54, "last"),
    "filled": ("Filled", "filled", 50, "sum"),
    "fillings_count": ("Fillings", "fillings_count", 2, "sum"),
    "eh": ("Engine hours", "eh", 40, "sum"),
}


@dataclass
class Cell:
    """One cell: its text, raw value and type, and where it happened when it has a place."""

    t: str
    v: float = 0.0
    vt: int = 0
    y: float | None = None
    x: float | None = None
    stamp: bool = False

    def json(self, raw: bool) -> Any:
        """The cell as the rows calls write it (``raw`` adds ``v``/``vt`` to every cell)."""
        if raw:
            out: Json = {"t": self.t, "v": self.v, "vt": self.vt}
        elif self.y is None and not self.stamp:
            return self.t
        else:
            out = {"t": self.t}
        if self.y is not None:
            out.update(y=self.y, x=self.x)
        if self.stamp and not raw:
            out["v"] = self.v
        return out


@dataclass
class Row:
    """One row and the rows under it."""

    i1: int
    i2: int
    t1: int
    t2: int
    cells: list[Cell]
    uid: int = 0
    children: list[Row] = field(default_factory=list)

    def json(self, n: int, raw: bool, unit_info: bool) -> Json:
        """The row without sub-rows."""
        out: Json = {"n": n, "i1": self.i1, "i2": self.i2, "t1": self.t1, "t2": self.t2}
        out["d"] = len(self.children)
        if unit_info:
            out["uid"] = self.uid
        out["c"] = [c.json(raw) for c in self.cells]
        return out


@dataclass
class Table:
    """One built table: its JSON head and its rows."""

    head: Json
    rows: list[Row]


def _values(col: str, tr: Track, sp: Span) -> dict[str, Any]:
    """The raw value (base units) of one column over one span, and its place if it has one."""
    a, b, times = sp.a, sp.b, tr.times
    if col in ("time_begin", "location_begin", "location"):
        return {"v": times[a], "y": tr.lat[a], "x": tr.lon[a]}
    if col in ("time_end", "location_end"):
        return {"v": times[b], "y": tr.lat[b], "x": tr.lon[b]}
    if col == "duration":
        return {"v": times[b] - times[a]}
    if col == "mileage":
        return {"v": max(0.0, tr.km[b] - tr.km[a])}
    if col == "avg_speed":
        dt = times[b] - times[a]
        return {"v": (tr.km[b] - tr.km[a]) / dt * 3600 if dt else 0.0}
    if col == "max_speed":
        return {"v": tr.speed[sp.peak], "y": tr.lat[sp.peak], "x": tr.lon[sp.peak]}
    if col == "fuel_consumption_fls":
        return {"v": tr.fuel_used(a, b)}
    if col == "fuel_level_begin":
        return {"v": tr.fuel[a]}
    if col == "fuel_level_end":
        return {"v": tr.fuel[b]}
    if col == "filled":
        return {"v": tr.fuel_filled(a, b)[0] if b > a else _rise(tr, b)}
    if col == "fillings_count":
        return {"v": tr.fuel_filled(a, b)[1] if b > a else (1 if _rise(tr, b) else 0)}
    if col == "eh":
        return {"v": tr.engine_seconds(a, b)}
    return {"v": None}


def _rise(tr: Track, k: int) -> float:
    before, after = (tr.fuel[k - 1], tr.fuel[k]) if k else (None, None)
    return 0.0 if before is None or after is None else max(0.0, after - before)


def _cell(col: str, val: dict[str, Any], loc: Locale) -> Cell:
    """Format one raw value for the session's locale."""
    _, _, vt, _ = _COLUMNS[col]
    v = val.get("v")
    y, x = val.get("y"), val.get("x")
    if v is None:
        return Cell("-----", sensor_values.NO_DATA, vt)
    if col in ("time_begin", "time_end"):
        return Cell(loc.when(int(v)), float(v), vt, y, x, stamp=True)
    if col.startswith("location"):
        return Cell(f"{y:.6f}, {x:.6f}", sensor_values.NO_DATA, vt, y, x)
    if col in ("duration", "eh"):
        return Cell(loc.span(int(v)), float(v), vt)
    if col == "mileage":
        dist, word = loc.distance(float(v))
        return Cell(f"{dist:.2f} {word}", round(dist, 2), vt)
    if col in ("avg_speed", "max_speed"):
        spd, word = loc.speed(float(v))
        return Cell(f"{spd:.0f} {word}", round(spd, 2), vt, y, x)
    if col == "fillings_count":
        return Cell(str(int(v)), float(v), vt)
    vol, word = loc.volume(float(v))
    return Cell(f"{vol:.2f} {word}", round(vol, 2), vt)


def _combine(col: str, vals: list[dict[str, Any]]) -> dict[str, Any]:
    how = _COLUMNS[col][3]
    present = [v for v in vals if v.get("v") is not None]
    if how == "none" or not present:
        return {"v": None} if how != "none" else {}
    if how == "sum":
        return {"v": sum(v["v"] for v in present)}
    if how == "min":
        return min(present, key=lambda v: v["v"])
    if how in ("max", "avg"):
        return max(present, key=lambda v: v["v"])
    return present[0] if how == "first" else present[-1]


@dataclass
class _Line:
    """A row before formatting: its span bounds and its raw values per column."""

    i1: int
    i2: int
    t1: int
    t2: int
    vals: dict[str, dict[str, Any]]
    uid: int = 0
    label: str = ""
    children: list[_Line] = field(default_factory=list)


def _line(tr: Track, sp: Span, cols: list[str]) -> _Line:
    vals = {c: _values(c, tr, sp) for c in cols}
    return _Line(sp.a, sp.b, tr.times[sp.a], tr.times[sp.b], vals, uid=tr.unit.id)


def _parent(children: list[_Line], cols: list[str], label: str, uid: int = 0) -> _Line:
    vals = {c: _combine(c, [ch.vals[c] for ch in children]) for c in cols}
    if "avg_speed" in cols and "mileage" in vals and "duration" in vals:
        km, dt = vals["mileage"].get("v") or 0.0, vals["duration"].get("v") or 0
        vals["avg_speed"] = {"v": km / dt * 3600 if dt else 0.0}
    return _Line(
        min(ch.i1 for ch in children) if children else 0,
        max(ch.i2 for ch in children) if children else 0,
        min(ch.t1 for ch in children) if children else 0,
        max(ch.t2 for ch in children) if children else 0,
        vals,
        uid=uid,
        label=label,
        children=children,
    )


def _unit_lines(tr: Track, kind: str, cols: list[str], table: Json, loc: Locale) -> list[_Line]:
    if kind == "summary":
        found = (
            days(tr, loc)
            if rt.grouping_of(table) == "day"
            else ([Span(0, len(tr) - 1, 0)] if len(tr) else [])
        )
        return [
            _Line(ln.i1, ln.i2, ln.t1, ln.t2, ln.vals, ln.uid, label=loc.when(ln.t1).split(" ")[0])
            for ln in (_line(tr, s, cols) for s in found)
        ]
    if kind == "tracing":
        minutes = rt.params_of(table).get("interval", 0)
        found = sample(tr, minutes if isinstance(minutes, int) else 0)
    else:
        found = spans(tr, kind)
    lines = [_line(tr, s, cols) for s in found]
    if rt.grouping_of(table) == "day" and lines:
        by_day: dict[int, list[_Line]] = {}
        for line in lines:
            by_day.setdefault(loc.day_start(line.t1), []).append(line)
        return [_parent(ls, cols, loc.when(d).split(" ")[0]) for d, ls in by_day.items()]
    return lines


def _tracing_cells(tr: Track, line: _Line, world_defs: dict[str, Json]) -> list[Cell]:
    from . import sim

    msg = sim.message(tr.unit, line.t1, tr.seed)
    out = []
    for defn in world_defs.values():
        val = sensor_values.value(defn, msg)
        out.append(Cell(sensor_values.formatted(defn, val), val or 0.0, 0))
    return out


def build(
    table: Json,
    tracks: list[Track],
    names: dict[int, str],
    loc: Locale,
    sensor_defs: dict[int, dict[str, Json]],
) -> Table:
    """Build one template table over the tracks of the report's units."""
    name = str(table.get("n", ""))
    base = name.removeprefix("unit_group_").removeprefix("unit_")
    kind = _KINDS.get(base)
    if kind is None:
        kind = "trips"
    wanted = rt.columns_of(table)
    cols = [c for c in wanted if c in _COLUMNS] or (
        ["time_begin", "time_end", "duration", "mileage"] if kind != "summary" else ["mileage"]
    )
    tracing_defs: dict[str, Json] = {}
    if kind == "tracing":
        cols = [c for c in cols if c != "sensor_value"] or ["time_begin"]
        if tracks:
            tracing_defs = sensor_defs.get(tracks[0].unit.id, {})
    flags = int(table.get("f", rt.FLAG_TOTAL | rt.FLAG_NUMBERING) or 0)
    numbering = bool(flags & rt.FLAG_NUMBERING)
    grouped_units = len(tracks) > 1 or name.startswith("unit_group_")
    lines: list[_Line] = []
    if grouped_units:
        for tr in tracks:
            children = _unit_lines(tr, kind, cols, table, loc)
            lines.append(_parent(children, cols, names.get(tr.unit.id, ""), uid=tr.unit.id))
    elif tracks:
        lines = _unit_lines(tracks[0], kind, cols, table, loc)
    grouped = grouped_units or rt.grouping_of(table) == "day"
    head_cells: list[tuple[str, str]] = []
    if numbering:
        head_cells.append(("№", ""))
    if grouped:
        head_cells.append(("Grouping", ""))
    for col in cols:
        head_cells.append((_COLUMNS[col][0], _COLUMNS[col][1]))
        if kind == "tracing" and col == "time_begin":
            head_cells.extend((d.get("n", ""), "sensor_value") for d in tracing_defs.values())
    labels = rt.columns_of({"c": table.get("cl")})
    if len(labels) == len(head_cells):
        head_cells = [(lab, ht) for lab, (_, ht) in zip(labels, head_cells, strict=True)]

    def to_row(line: _Line, number: str, tr: Track | None) -> Row:
        cells: list[Cell] = []
        if numbering:
            cells.append(Cell(number))
        if grouped:
            cells.append(Cell(line.label))
        for col in cols:
            cells.append(
                _cell(col, line.vals.get(col, {}), loc) if line.vals.get(col) else Cell("")
            )
            if kind == "tracing" and col == "time_begin" and tr is not None:
                cells.extend(_tracing_cells(tr, line, tracing_defs))
        row = Row(line.i1, line.i2, line.t1, line.t2, cells, uid=line.uid)
        row.children = [to_row(ch, f"{number}.{k + 1}", tr) for k, ch in enumerate(line.children)]
        return row

    by_unit = {tr.unit.id: tr for tr in tracks}
    rows = [
        to_row(line, str(k + 1), by_unit.get(line.uid, tracks[0] if tracks else None))
        for k, line in enumerate(lines)
    ]
    total_line = _parent([ch for line in lines for ch in (line.children or [line])], cols, "Total")
    total: list[Cell] = []
    if numbering:
        total.append(Cell("" if grouped else "Total"))
    if grouped:
        total.append(Cell("Total"))
    for col in cols:
        val = total_line.vals.get(col) or {}
        keep = val.get("v") is not None and _COLUMNS[col][3] != "none"
        total.append(_cell(col, val, loc) if keep else Cell("", sensor_values.NO_DATA))
        if kind == "tracing" and col == "time_begin":
            total.extend(Cell("") for _ in tracing_defs)
    level = 1 + (1 if grouped else 0)
    head: Json = {
        "name": name,
        "label": str(table.get("l", "")),
        "grouping": {"type": "unit" if grouped_units else rt.grouping_of(table)} if grouped else {},
        "flags": flags,
        "rows": len(rows),
        "level": level,
        "columns": len(head_cells),
        "header": [h for h, _ in head_cells],
        "header_type": [t for _, t in head_cells],
        "total": [c.t for c in total] if flags & rt.FLAG_TOTAL else [],
        "totalRaw": [{"v": c.v, "vt": c.vt} for c in total] if flags & rt.FLAG_TOTAL else [],
    }
    return Table(head, rows)


def select(
    rows: list[Row], lo: int, hi: int, level: int, flat: bool, raw: bool, ui: bool
) -> list[Json]:
    """Rows ``lo..hi`` with their sub-rows down to ``level`` (select_result_rows)."""
    out: list[Json] = []
    for n in range(max(lo, 0), min(hi, len(rows) - 1) + 1):
        row = rows[n]
        item = row.json(n, raw, ui)
        out.append(item)
        if level > 0 and row.children:
            below = select(row.children, 0, len(row.children) - 1, level - 1, flat, raw, ui)
            if flat:
                out.extend(below)
            else:
                item["r"] = below
    return out
