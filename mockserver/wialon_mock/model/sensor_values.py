"""Sensor values worked out from a unit's sensor definitions and its message parameters.

One place for every reader of sensor values, so they agree with each other: ``unit/calc_*``,
``messages/load_interval`` with ``calcSensors``, the ``sensors`` part of ``avl_evts`` and the
report tables (fuel levels, ignition, mileage, engine hours).

A definition is the unit JSON ``sens`` entry (help.wialon.com, API reference,
unit/update_sensor): ``n`` name, ``t`` type, ``m`` metric, ``p`` parameter, ``tbl`` calculation
table of ``{x, a, b}`` rows. The parameter is a message parameter name, ``name:N`` for bit N of
it, or one of ``speed``, ``altitude``, ``sats`` (the position's ``s``, ``z``, ``sc``). Expressions
with arithmetic and validation (``vt``/``vs``) are not modelled: such a sensor reads "no data".

A numeric sensor without data reads ``-348201.3876`` and formats as ``"---"`` (avl_evts page;
the ru/es calc_last_message pages name the same value).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import sim
from .fleet_data import SENSOR_TEMPLATES
from .items import Unit
from .render_locale import Locale

if TYPE_CHECKING:
    from .state import World

Json = dict[str, Any]

#: what Wialon reports for a sensor without data
NO_DATA = -348201.3876
#: sensor types whose value is a state (on/off) rather than a measure
DIGITAL_TYPES = frozenset(
    {
        "engine operation",
        "digital",
        "alarm trigger",
        "private mode",
        "real-time motion sensor",
        "custom digital",
    }
)
IGNITION = "engine operation"
FUEL_LEVEL = "fuel level"
MILEAGE = "mileage"


def generated_definitions() -> dict[str, Json]:
    """The sensors every generated unit starts with, keyed by id as the unit JSON keys them."""
    return {str(i): {"id": i, **tpl} for i, tpl in enumerate(SENSOR_TEMPLATES, start=1)}


def definitions(world: World, unit: Unit) -> dict[str, Json]:
    """The unit's sensor definitions as its ``sens`` shows them now.

    Sensors a client changed with unit/update_sensor live in the model's edit overlays (the
    ``edits`` module, where it exists); without one every unit has the generated sensors.
    """
    try:
        from . import edits  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return generated_definitions()
    current: dict[str, Json] = edits.current(world, unit, "sens")
    return current


def find(defs: dict[str, Json], sensor_type: str) -> Json | None:
    """The first sensor of a type (lowest id), if the unit has one."""
    for key in sorted(defs, key=lambda k: int(k) if k.isdigit() else 0):
        if defs[key].get("t") == sensor_type:
            return defs[key]
    return None


def _raw(param: str, msg: Json) -> float | None:
    name, _, bit = param.partition(":")
    pos = msg.get("pos") or {}
    special = {"speed": "s", "altitude": "z", "sats": "sc"}
    if name in special:
        value = pos.get(special[name]) if pos else None
    else:
        value = (msg.get("p") or {}).get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if bit:
        if not bit.isdigit() or not float(value).is_integer():
            return None
        return float((int(value) >> int(bit)) & 1)
    return float(value)


def _calibrated(raw: float, table: list[Json]) -> float:
    # a calculation table row (x, a, b) applies a*raw + b from its x upwards
    out = raw
    for row in table:
        try:
            if raw >= float(row["x"]):
                out = float(row["a"]) * raw + float(row["b"])
        except (KeyError, TypeError, ValueError):
            continue
    return out


def value(defn: Json, msg: Json | None) -> float | None:
    """The sensor's value in one message, or ``None`` when the message lacks its parameter."""
    if msg is None:
        return None
    param = defn.get("p")
    if not isinstance(param, str):
        return None
    raw = _raw(param.strip(), msg)
    if raw is None:
        return None
    table = defn.get("tbl")
    result = _calibrated(raw, table) if isinstance(table, list) and table else raw
    if defn.get("t") in DIGITAL_TYPES:
        return 1.0 if result else 0.0
    return round(result, 6)


def formatted(defn: Json, val: float | None) -> str:
    """The text a sensor value shows: ``"12.60 V"``, ``"On"``, or ``"---"`` without data."""
    if val is None:
        return "---"
    metric = defn.get("m") if isinstance(defn.get("m"), str) else ""
    if defn.get("t") in DIGITAL_TYPES:
        on, sep, off = str(metric).partition("/")
        if not sep:
            on, off = "On", "Off"
        return on if val else off
    return f"{val:.2f} {metric}".rstrip()


def entry(defn: Json, val: float | None) -> Json:
    """One sensor as avl_evts, calc_last and calc_sensors_last carry it."""
    if val is None:
        return {"value": NO_DATA, "format": {"value": "---"}}
    number: float | int = int(val) if defn.get("t") in DIGITAL_TYPES else val
    return {"value": number, "format": {"value": formatted(defn, val)}}


def entries(defs: dict[str, Json], msg: Json | None, only: set[str] | None = None) -> Json:
    """Every sensor (or those in ``only``) as ``{id: {"value", "format"}}``."""
    return {
        key: entry(defn, value(defn, msg))
        for key, defn in defs.items()
        if only is None or key in only
    }


def plain(defs: dict[str, Json], msg: Json | None, only: set[str] | None = None) -> Json:
    """Every sensor (or those in ``only``) as ``{id: value}`` (unit/calc_sensors shape)."""
    out: Json = {}
    for key, defn in defs.items():
        if only is None or key in only:
            val = value(defn, msg)
            out[key] = NO_DATA if val is None else val
    return out


def with_sensors(world: World, unit: Unit, messages: list[Json], sensor_id: int = 0) -> list[Json]:
    """Messages with their ``sensors`` object after ``p`` (data-format/messages places it
    there), for every sensor or only ``sensor_id``."""
    defs = definitions(world, unit)
    only = {str(sensor_id)} if sensor_id else None
    out: list[Json] = []
    for msg in messages:
        item: Json = {}
        for key, val in msg.items():
            if key == "lc":
                item["sensors"] = entries(defs, msg, only)
            item[key] = val
        if "sensors" not in item:
            item["sensors"] = entries(defs, msg, only)
        out.append(item)
    return out


# -- counters ----------------------------------------------------------------------------


def mileage_km(unit: Unit, t: int) -> float:
    """The mileage counter at ``t``: kilometres driven since the unit was created."""
    return max(0.0, sim.distance_km(unit, t))


def engine_seconds(world: World, unit: Unit, t: int) -> float:
    """The engine hours counter at ``t``, in seconds, from the ignition sensor.

    Generated units report ignition on exactly while they drive, so the counter is the driving
    time since creation; a unit whose ignition sensor was removed counts nothing.
    """
    if find(definitions(world, unit), IGNITION) is None:
        return 0.0
    return max(0.0, mileage_km(unit, t) / unit.speed * 3600.0) if unit.speed else 0.0


def counter_offsets(world: World, unit: Unit) -> tuple[float, float]:
    """What clients added to the mileage (km) and engine hours (h) counters.

    unit/update_mileage_counter and unit/update_eh_counter store them in the model's edit
    overlays (the ``edits`` module, where it exists) as offsets from the track's values.
    """
    try:
        from . import edits  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return 0.0, 0.0
    stored = edits.current(world, unit, "counters")
    if not isinstance(stored, dict):
        return 0.0, 0.0
    km, hours = stored.get("cnm", 0.0), stored.get("cneh", 0.0)
    return (
        float(km) if isinstance(km, int | float) else 0.0,
        float(hours) if isinstance(hours, int | float) else 0.0,
    )


def measure(locale: Locale, pair: tuple[float, str]) -> Json:
    """``{"value", "format": {"value"}}`` for a counter or position value."""
    number, unit_word = pair
    return {"value": round(number, 2), "format": {"value": f"{number:.2f} {unit_word}"}}
