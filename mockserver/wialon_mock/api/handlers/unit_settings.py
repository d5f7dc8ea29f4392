"""unit/* settings writes: trip detector, report settings, location-data filter.

Each stores the unit's section in its overlay; the matching getters (``unit/get_trip_detector``,
``get_report_settings``, ``get_messages_filter``), the unit's ``rtd`` section (data flag
0x20000) and WLP exports read it back.
"""

from __future__ import annotations

import math
from typing import Any

from ...model import edits
from ...model.errors import ApiError
from ..params import as_int, obj
from ..registry import SessionCtx, endpoint
from ._common import unit_of

_TRIP_KEYS = (
    "type", "gpsCorrection", "minSat", "minMovingSpeed", "minStayTime", "maxMessagesDistance",
    "minTripTime", "minTripDistance",
)  # fmt: skip
_REPORT_INTS = (
    "speedLimit", "maxMessagesInterval", "dailyEngineHoursRate", "urbanMaxSpeed",
    "maxDistanceBetweenCoordinates", "maxMessagesSpeed", "speedingTolerance",
    "speedingMinDuration", "speedingMode",
)  # fmt: skip
_REPORT_FLOATS = ("mileageCoefficient", "fuelRateCoefficient")


def _uint(value: Any, top: int = 0xFFFFFFFF) -> int:
    number = as_int(value)
    if not 0 <= number <= top:
        raise ApiError(4)
    return number


def _notify(ctx: SessionCtx, unit_id: int, data: dict[str, Any]) -> None:
    ctx.world.notify(unit_id, {"i": unit_id, "t": "u", "d": data}, need=0x20000)


@endpoint("unit/update_trip_detector")
def update_trip_detector(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the trip detection settings (all eight are required); answers ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_trip_detector
    (en/es/ru agree); movement ``type`` 1 GPS speed .. 5 relative odometer as on
    https://help.wialon.com/en/api/user-guide/api-reference/unit/get_trip_detector.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    if any(key not in p for key in _TRIP_KEYS):
        raise ApiError(4)
    settings = {key: _uint(p[key]) for key in _TRIP_KEYS}
    if not 1 <= settings["type"] <= 5 or settings["gpsCorrection"] not in (0, 1):
        raise ApiError(4)
    stored: dict[str, Any] = edits.writable(ctx.world, unit, "rtd")
    stored.update(settings)
    _notify(ctx, unit.id, {"rtd": dict(stored)})
    return {}


@endpoint("unit/update_report_settings")
def update_report_settings(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Change the settings reports use (``params`` object, every key optional); ``{}``.

    https://help.wialon.com/es/api/user-guide/api-reference/unit/update_report_settings
    (the es/ru pages, newer than en): a key left out keeps its value, and a key whose value
    has the wrong type is ignored rather than refused.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    changes = p.get("params")
    if not isinstance(changes, dict):
        raise ApiError(4)
    stored: dict[str, Any] = edits.writable(ctx.world, unit, "report_settings")
    for key in _REPORT_INTS:
        value = changes.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFFFFFF:
            stored[key] = value
    for key in _REPORT_FLOATS:
        value = changes.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            stored[key] = float(value)
    return {}


@endpoint("unit/update_messages_filter")
def update_messages_filter(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the location-data filter of a unit; answers ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit/update_messages_filter
    (en/es/ru): ``enabled``, ``skipInvalid``, ``minSats`` (<= 255), ``maxHdop`` (<= 9999)
    and ``maxSpeed`` (<= 9999) are required, the Wi-Fi and LBS settings optional.
    """
    p = obj(params)
    unit = unit_of(ctx, p)
    if any(key not in p for key in ("enabled", "skipInvalid", "minSats", "maxHdop", "maxSpeed")):
        raise ApiError(4)
    stored: dict[str, Any] = edits.writable(ctx.world, unit, "messages_filter")
    update: dict[str, Any] = {
        "enabled": _uint(p["enabled"], 1),
        "skipInvalid": _uint(p["skipInvalid"], 1),
        "minSats": _uint(p["minSats"], 255),
        "maxHdop": _double(p["maxHdop"], 9999),
        "maxSpeed": _uint(p["maxSpeed"], 9999),
    }
    for key, top in (("lbsCorrection", 1), ("wifiCorrection", 1)):
        if key in p:
            update[key] = _uint(p[key], top)
    for key in ("minWifiPoints", "maxWifiPoints"):
        if key in p:
            update[key] = _uint(p[key], 255)
    if "wifiAccuracy" in p:
        update["wifiAccuracy"] = _double(p["wifiAccuracy"], 1e9)
    stored.update(update)
    return {}


def _double(value: Any, top: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ApiError(4)
    try:
        number = float(value)
    except ValueError:
        raise ApiError(4) from None
    if not (math.isfinite(number) and 0 <= number <= top):
        raise ApiError(4)
    return number
