"""The report templates generated resources carry, in the shape report/get_report_data gives.

Template and table fields follow help.wialon.com (API reference, report/get_report_data and
report/update_report): a template is ``{id, n, ct, c, p, tbl}``; a table is ``{n, l, c, cl, cp,
s, sl, filter_order, p, sch, f}`` where ``c``/``cl`` hold the column names/labels as JSON text,
``p`` the table parameters as JSON text (``{"grouping": "{\\"type\\":\\"day\\"}"}``) and ``f``
the table flags of the exec_report page (0x10 total, 0x1000 row numbering).

The resource's ``rep`` section (data flag 0x2000) lists only ``{id, n, ct, c}`` of each.
"""

from __future__ import annotations

import json
from typing import Any

Json = dict[str, Any]

#: table flags of the exec_report page
FLAG_TOTAL = 0x10
FLAG_NUMBERING = 0x1000
_FLAGS = FLAG_TOTAL | FLAG_NUMBERING

_TRIP_COLUMNS = [
    "time_begin",
    "location_begin",
    "time_end",
    "location_end",
    "duration",
    "mileage",
    "avg_speed",
    "max_speed",
    "fuel_consumption_fls",
]
_STOP_COLUMNS = ["time_begin", "time_end", "duration", "location"]
_SPEEDING_COLUMNS = ["time_begin", "location_begin", "duration", "max_speed", "mileage"]
_FILLING_COLUMNS = ["time_begin", "location", "fuel_level_begin", "fuel_level_end", "filled"]
_SUMMARY_COLUMNS = [
    "mileage",
    "eh",
    "fuel_consumption_fls",
    "fuel_level_begin",
    "fuel_level_end",
    "filled",
    "fillings_count",
]
_TRACING_COLUMNS = ["time_begin", "sensor_value", "location"]
#: the sensor tracing table's ``interval`` parameter: minutes between traced messages
_EVERY_5 = {"interval": 5}
#: the sensor tracing table's ``interval`` parameter (minutes between traced messages)
_EVERY_5_MIN = {"interval": 5}


def _table(
    name: str,
    label: str,
    columns: list[str],
    grouping: str | None = None,
    params: Json | None = None,
) -> Json:
    p: Json = dict(params or {})
    if grouping:
        p["grouping"] = json.dumps({"type": grouping}, separators=(",", ":"))
    return {
        "n": name,
        "l": label,
        "c": json.dumps(columns, separators=(",", ":")),
        "cl": "",
        "cp": "",
        "s": "",
        "sl": "",
        "filter_order": "",
        "p": json.dumps(p, separators=(",", ":")) if p else "",
        "sch": {"f1": 0, "f2": 0, "t1": 0, "t2": 0, "m": 0, "y": 0, "w": 0, "fl": 0},
        "f": _FLAGS,
    }


def _template(tid: int, name: str, ct: str, tables: list[Json]) -> Json:
    return {"id": tid, "n": name, "ct": ct, "c": 0, "p": "", "tbl": tables}


#: every generated resource carries these (ids are per resource, so equal across resources)
TEMPLATES: tuple[Json, ...] = (
    _template(1, "Trips", "avl_unit", [_table("unit_trips", "Trips", _TRIP_COLUMNS)]),
    _template(2, "Stops", "avl_unit", [_table("unit_stops", "Stops", _STOP_COLUMNS)]),
    _template(
        3, "Speedings", "avl_unit", [_table("unit_speedings", "Speedings", _SPEEDING_COLUMNS)]
    ),
    _template(
        4,
        "Fuel",
        "avl_unit",
        [
            _table("unit_generic", "Summary", _SUMMARY_COLUMNS, grouping="day"),
            _table("unit_fillings", "Fuel fillings", _FILLING_COLUMNS),
        ],
    ),
    _template(
        5,
        "Sensors",
        "avl_unit",
        [
            _table("unit_sensors_tracing", "Sensor tracing", _TRACING_COLUMNS, params=_EVERY_5),
            _table("unit_chart", "Fuel level chart", [], params={"sensor_mask": "Fuel*"}),
        ],
    ),
    _template(
        6,
        "Trips by day",
        "avl_unit",
        [
            _table("unit_trips", "Trips", _TRIP_COLUMNS, grouping="day"),
            _table("unit_stays", "Parkings", _STOP_COLUMNS),
        ],
    ),
    _template(
        7,
        "Group trips",
        "avl_unit_group",
        [
            _table("unit_group_trips", "Trips", _TRIP_COLUMNS),
            _table("unit_group_generic", "Summary", _SUMMARY_COLUMNS),
        ],
    ),
)


def short(template: Json) -> Json:
    """The template as the resource's ``rep`` section lists it."""
    return {k: template[k] for k in ("id", "n", "ct", "c")}


def generated() -> dict[str, Json]:
    """A resource's ``reports`` as the fleet generator stores them (``rep`` shape)."""
    return {str(t["id"]): short(t) for t in TEMPLATES}


def full(template_id: int) -> Json | None:
    """The full template of a generated id."""
    return next((t for t in TEMPLATES if t["id"] == template_id), None)


def columns_of(table: Json) -> list[str]:
    """The column names a template table asks for (``c`` is JSON text or a list)."""
    raw = table.get("c")
    if isinstance(raw, list):
        return [str(c) for c in raw]
    if isinstance(raw, str) and raw.strip():
        try:
            parsed = json.loads(raw)
        except ValueError:
            return [c.strip() for c in raw.split(",") if c.strip()]
        if isinstance(parsed, list):
            return [str(c) for c in parsed]
    return []


def params_of(table: Json) -> Json:
    """The table parameters (``p`` is JSON text or an object); ``{}`` when unreadable."""
    raw = table.get("p")
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, str) and raw.strip():
        try:
            parsed = json.loads(raw)
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return {}


def grouping_of(table: Json) -> str:
    """The basic grouping type of a table (``""`` when none)."""
    grouping = params_of(table).get("grouping")
    if isinstance(grouping, str):
        try:
            grouping = json.loads(grouping)
        except ValueError:
            return ""
    if isinstance(grouping, dict) and isinstance(grouping.get("type"), str):
        return str(grouping["type"])
    return ""
