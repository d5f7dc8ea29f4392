"""The ``sensors`` part of an ``avl_evts`` reply: sensor values worked out from new messages.

help.wialon.com (API reference, other-methods/avl_evts) documents ``sensors`` as one entry
per unit with new messages since the previous poll, ``{"i": unit id, "d": {sensor id:
{"value": ..., "format": {"value": text}}}}``; a numeric sensor without data reads
``-348201.3876`` and formats as ``"---"``, and the array is empty when no unit has new values.

The page does not say which of a session's units take part. Here only units registered with
the sensors data flag (0x1000) do, so a session that never asked for sensor definitions pays
nothing for values it cannot name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from wialon_protocol.flags import UnitsDataFlag

from . import sensor_values
from .fleet_data import SENSOR_TEMPLATES
from .sensor_values import definitions

if TYPE_CHECKING:
    from .state import World

#: the unit data flag that describes sensors (``sens``)
SENSORS_FLAG = int(UnitsDataFlag.SENSORS)
#: what Wialon reports for a numeric sensor without data
NO_DATA = -348201.3876

_NO_DATA_VALUE: dict[str, Any] = {"value": NO_DATA, "format": {"value": "---"}}


def _calibrated(raw: float, table: list[dict[str, Any]]) -> float:
    # a calculation table row (x, a, b) applies a*raw + b from its x upwards
    out = raw
    for row in table:
        if raw >= row["x"]:
            out = row["a"] * raw + row["b"]
    return out


def _format(value: float, metric: str) -> str:
    if "/" in metric:  # a digital sensor names its two states, "On/Off"
        on, _, off = metric.partition("/")
        return on if value else off
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} {metric}" if metric else text


def sensor_value(template: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """One sensor's entry for the parameters of a message."""
    raw = params.get(template["p"])
    if not isinstance(raw, int | float) or isinstance(raw, bool):
        return _NO_DATA_VALUE
    value = _calibrated(raw, template["tbl"]) if template["tbl"] else raw
    value = round(value, 6)
    return {"value": value, "format": {"value": _format(value, template["m"])}}


def unit_sensors(params: dict[str, Any]) -> dict[str, Any]:
    """Every sensor of a generated unit (they all share the templates) for one message."""
    return {
        str(n): sensor_value(template, params)
        for n, template in enumerate(SENSOR_TEMPLATES, start=1)
    }


def collect(
    events: Iterable[dict[str, Any]], units: frozenset[int], world: World | None = None
) -> list[dict[str, Any]]:
    """The ``sensors`` array: for each unit in ``units`` with message events, its last one.

    With ``world`` the values follow each unit's own sensor definitions
    (:func:`wialon_mock.model.sensor_values.definitions`), as unit/calc_sensors reads them.
    """
    latest: dict[int, dict[str, Any]] = {}
    for event in events:
        if event.get("t") == "m" and event["i"] in units:
            latest[event["i"]] = event["d"]
    if world is None:
        return [{"i": unit_id, "d": unit_sensors(msg["p"])} for unit_id, msg in latest.items()]
    out: list[dict[str, Any]] = []
    for unit_id, msg in latest.items():
        unit = world.units.get(unit_id)
        if unit is not None:
            out.append({"i": unit_id, "d": sensor_values.entries(definitions(world, unit), msg)})
    return out
