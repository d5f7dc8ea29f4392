"""What a report reads from a unit's messages: the interval, the track, and the spans in it.

The interval of ``report/exec_report`` follows the flags of its page (help.wialon.com, API
reference, report/exec_report): 0x0 the given ``from``/``to``; 0x1 ``from`` until now;
0x02/0x04/0x08/0x10 the previous N days/weeks/months/years, 0x40 hours, 0x80 minutes, where
the page's table puts N in ``to`` and says ``from`` is replaced; 0x20 includes the current
period (the interval then ends now, and the current period counts as one of the N). Without
0x20 it ends where the current period starts. (The older sdk.wialon.com page lists minutes as
0x40 as well, a typo the help.wialon.com table corrects to 0x80.) Some clients put N in
``from`` with ``to`` 0; that is read as N too. Periods start at local midnight, on Monday for
weeks, on the 1st for months and on 1 January for years, in the session's time zone.

A *track* holds, per message of the interval, what the tables need (speed, ignition, fuel
level, odometer, position), read through the unit's sensor definitions
(:mod:`wialon_mock.model.sensor_values`), so a changed sensor changes the report. Message numbers
(``i1``/``i2`` of a row) are indexes into the track.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from . import edits, sensor_values, sim
from .errors import ApiError
from .items import Unit
from .render_locale import Locale

if TYPE_CHECKING:
    from .state import World

#: a speed above this many km/h is a speeding (unit/get_report_settings says the same)
SPEED_LIMIT = 60
#: a fuel level rise of at least this many litres between two messages is a filling
#: (unit/get_fuel_settings ``minFillingVolume``)
MIN_FILLING = 20.0
#: a stop at least this long is a parking (trip detector ``minStayTime``)
MIN_STAY = 300

_UNITS = {0x02: "day", 0x04: "week", 0x08: "month", 0x10: "year", 0x40: "hour", 0x80: "minute"}
_CURRENT = 0x20


def speed_limit(world: World, unit: Unit) -> float:
    """The unit's ``speedLimit`` as unit/get_report_settings gives it.

    Settings a client changed with unit/update_report_settings live in the model's edit
    overlays (the ``edits`` module, where it exists); otherwise every unit has the default.
    """
    try:
        from . import edits  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return SPEED_LIMIT
    settings = edits.current(world, unit, "report_settings")
    value = settings.get("speedLimit", SPEED_LIMIT) if isinstance(settings, dict) else None
    return float(value) if isinstance(value, int | float) else SPEED_LIMIT


def _period_start(t: int, unit: str, loc: Locale) -> int:
    local = t + loc.offset
    tm = time.gmtime(local)
    if unit == "minute":
        start = local - local % 60
    elif unit == "hour":
        start = local - local % 3600
    elif unit == "day":
        start = local - local % 86400
    elif unit == "week":
        start = local - local % 86400 - tm.tm_wday * 86400
    elif unit == "month":
        start = calendar.timegm((tm.tm_year, tm.tm_mon, 1, 0, 0, 0))
    else:
        start = calendar.timegm((tm.tm_year, 1, 1, 0, 0, 0))
    return start - loc.offset


def _step_back(t: int, unit: str, n: int, loc: Locale) -> int:
    """The start of the period ``n`` periods before the one starting at ``t``."""
    fixed = {"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
    if unit in fixed:
        return t - n * fixed[unit]
    tm = time.gmtime(t + loc.offset)
    months = n * (12 if unit == "year" else 1)
    index = tm.tm_year * 12 + tm.tm_mon - 1 - months
    return calendar.timegm((index // 12, index % 12 + 1, 1, 0, 0, 0)) - loc.offset


def resolve(flags: int, start: int, end: int, now: int, loc: Locale) -> tuple[int, int]:
    """``(start, end)`` in UTC seconds for an exec_report interval; error 4 if malformed."""
    kind = next((u for bit, u in _UNITS.items() if flags & bit), None)
    if kind is None:
        if flags & 0x1:
            end = now
        if start < 0 or end < start:
            raise ApiError(4)
        return start, end
    count = end if end > 0 else start
    if not 0 < count <= 100_000:
        raise ApiError(4)
    current = _period_start(now, kind, loc)
    if flags & _CURRENT:
        return _step_back(current, kind, count - 1, loc), now
    return _step_back(current, kind, count, loc), current - 1


@dataclass
class Track:
    """One unit's messages of the report interval, as the tables read them."""

    unit: Unit
    times: range | list[int]
    speed: list[int]
    ign: list[int]
    fuel: list[float | None]
    km: list[float]
    lat: list[float]
    lon: list[float]
    #: prefix sums (index k covers messages before k): ignition-on seconds, litres used,
    #: litres filled, fillings
    eh: list[float]
    used: list[float]
    filled: list[float]
    fills: list[int]
    seed: int = 0
    speed_limit: float = SPEED_LIMIT

    def __len__(self) -> int:
        return len(self.times)

    def engine_seconds(self, a: int, b: int) -> float:
        """Seconds with ignition on from message ``a`` to message ``b``."""
        return self.eh[b] - self.eh[a]

    def fuel_used(self, a: int, b: int) -> float:
        """Litres the fuel level sensor saw go between messages ``a`` and ``b``."""
        return self.used[b] - self.used[a]

    def fuel_filled(self, a: int, b: int) -> tuple[float, int]:
        """Litres filled and number of fillings between messages ``a`` and ``b``."""
        return self.filled[b] - self.filled[a], self.fills[b] - self.fills[a]


def track(world: World, unit: Unit, start: int, end: int) -> Track:
    """Read the unit's messages of ``[start, end]`` through its sensor definitions."""
    # deleted messages are not read: report rows and their i1/i2 numbers skip them
    times = edits.live(world, unit.id, sim.times_between(unit, start - 1, end))
    defs = sensor_values.definitions(world, unit)
    fuel_def = sensor_values.find(defs, sensor_values.FUEL_LEVEL)
    ign_def = sensor_values.find(defs, sensor_values.IGNITION)
    km_def = sensor_values.find(defs, sensor_values.MILEAGE)
    seed = world.config.seed
    speed: list[int] = []
    ign: list[int] = []
    fuel: list[float | None] = []
    km: list[float] = []
    lat: list[float] = []
    lon: list[float] = []
    for t in times:
        msg = sim.message(unit, t, seed)
        pos = msg["pos"]
        speed.append(pos["s"])
        lat.append(pos["y"])
        lon.append(pos["x"])
        on = sensor_values.value(ign_def, msg) if ign_def else None
        ign.append(1 if on else 0)
        fuel.append(sensor_values.value(fuel_def, msg) if fuel_def else None)
        odo = sensor_values.value(km_def, msg) if km_def else None
        km.append(odo if odo is not None else sim.distance_km(unit, t))
    steps_eh = [0.0]
    steps_used = [0.0]
    steps_filled = [0.0]
    steps_fills = [0]
    for k in range(1, len(times)):
        steps_eh.append(float(unit.interval) if ign[k - 1] else 0.0)
        before, after = fuel[k - 1], fuel[k]
        delta = 0.0 if before is None or after is None else after - before
        steps_used.append(-delta if delta < 0 else 0.0)
        rise = delta if delta >= MIN_FILLING else 0.0
        steps_filled.append(rise)
        steps_fills.append(1 if rise else 0)
    if not times:
        steps_eh, steps_used, steps_filled, steps_fills = [0.0], [0.0], [0.0], [0]
    return Track(
        unit,
        times,
        speed,
        ign,
        fuel,
        km,
        lat,
        lon,
        list(accumulate(steps_eh)),
        list(accumulate(steps_used)),
        list(accumulate(steps_filled)),
        list(accumulate(steps_fills)),
        seed,
        speed_limit(world, unit),
    )


@dataclass
class Span:
    """A stretch of a track a row describes: messages ``a..b``; ``peak`` the fastest one."""

    a: int
    b: int
    peak: int


def _runs(values: list[bool]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    begin = -1
    for k, on in enumerate(values):
        if on and begin < 0:
            begin = k
        elif not on and begin >= 0:
            out.append((begin, k - 1))
            begin = -1
    if begin >= 0:
        out.append((begin, len(values) - 1))
    return out


def _peak(tr: Track, a: int, b: int) -> int:
    return max(range(a, b + 1), key=lambda k: (tr.speed[k], -k))


def spans(tr: Track, kind: str) -> list[Span]:
    """The spans of one table kind: trips, stops, stays, speedings, fillings, messages."""
    n = len(tr)
    if kind == "trips":
        # as unit/get_trips: a trip runs over the moving messages and ends on the first
        # message of the stop after it
        out = []
        for a, b in _runs([s > 0 for s in tr.speed]):
            end = b + 1 if b + 1 < n else b
            out.append(Span(a, end, _peak(tr, a, b)))
        return out
    if kind in ("stops", "stays"):
        found = [Span(a, b, a) for a, b in _runs([s == 0 for s in tr.speed])]
        if kind == "stays":
            found = [s for s in found if tr.times[s.b] - tr.times[s.a] >= MIN_STAY]
        return found
    if kind == "speedings":
        fast = [s > tr.speed_limit for s in tr.speed]
        return [Span(a, b, _peak(tr, a, b)) for a, b in _runs(fast)]
    if kind == "fillings":
        return [Span(k - 1, k, k) for k in range(1, n) if _rise(tr, k)]
    raise ValueError(kind)


def _rise(tr: Track, k: int) -> bool:
    before, after = tr.fuel[k - 1], tr.fuel[k]
    return before is not None and after is not None and after - before >= MIN_FILLING


def days(tr: Track, loc: Locale) -> list[Span]:
    """One span per local day that has messages."""
    out: list[Span] = []
    begin = 0
    for k in range(1, len(tr) + 1):
        if k == len(tr) or loc.day_start(tr.times[k]) != loc.day_start(tr.times[begin]):
            out.append(Span(begin, k - 1, _peak(tr, begin, k - 1)))
            begin = k
    return out if len(tr) else []


def sample(tr: Track, minutes: int, cap: int = 10_000) -> list[Span]:
    """Messages at least ``minutes`` apart (each message with 0), at most ``cap`` of them."""
    step_s = max(minutes * 60, 0)
    every = max(1, step_s // tr.unit.interval if step_s else 1, -(-len(tr) // cap))
    return [Span(k, k, k) for k in range(0, len(tr), every)]
