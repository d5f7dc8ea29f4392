"""Where a unit is and what it reports, as a pure function of ``(seed, unit, time)``.

Nothing is stored per message: a unit reports at ``phase + k * interval`` for every integer
``k`` with the time between its creation and the server clock, so ``messages/load_interval``,
``avl_evts`` and the item's ``pos``/``lmsg`` all read the same history, a clock advance
"produces" a minute of movement at once, and a fleet of 100,000 units costs no memory for it.

A unit drives an ellipse around a point near its city, alternating drives and stops in a
cycle of its own. Small per-message variation (speed, satellites, voltages) comes from a
hash of ``(seed, unit id, time)``, never from a shared random generator, so the order in which
messages are asked for does not change them. ``message`` is on the hot path of ``avl_evts``
(thousands per call), hence the flat code.
"""

from __future__ import annotations

import math
from typing import Any

from .fleet_data import CITIES, TANK_LITRES
from .items import Unit

_KM_PER_DEG = 111.32
_MASK64 = 0xFFFFFFFFFFFFFFFF
#: litres per 100 km, for the fuel level parameter
_CONSUMPTION = 28.0
_TWO_PI = 2 * math.pi
_DEG = 180.0 / math.pi


def mix(*values: int) -> int:
    """A 64-bit hash of integers (splitmix64 steps), stable across runs and platforms."""
    h = 0x9E3779B97F4A7C15
    for v in values:
        h = (h ^ (v & _MASK64)) & _MASK64
        h = (h + 0x9E3779B97F4A7C15) & _MASK64
        h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _MASK64
        h ^= h >> 31
    return h


def jitter(seed: int, unit_id: int, t: int) -> float:
    """A cheap value in [0, 1) from the seed, the unit and the time (not cryptographic)."""
    h = ((unit_id * 0x9E3779B1) ^ (t * 0x85EBCA77) ^ (seed * 0xC2B2AE3D)) & 0xFFFFFFFF
    h = ((h ^ (h >> 15)) * 0x2C1B3C6D) & 0xFFFFFFFF
    return ((h ^ (h >> 13)) & 0xFFFF) / 65536.0


def prepare(unit: Unit) -> None:
    """Fill the unit's derived fields (call once after creating or moving it)."""
    city = CITIES[unit.city]
    unit.lat0, unit.lon0, unit.alt = city.lat, city.lon, city.alt
    unit.lon_km = _KM_PER_DEG * math.cos(math.radians(city.lat))
    a, b = unit.ra, unit.rb
    unit.perimeter = math.pi * (3 * (a + b) - math.sqrt((3 * a + b) * (a + 3 * b)))
    unit.moved0 = _moving_seconds(unit, unit.ct)[0]
    unit.drive = unit.cycle * unit.move_frac
    unit.kps = unit.speed / 3600.0
    unit.rad_per_km = unit.direction * _TWO_PI / unit.perimeter


def next_time_after(unit: Unit, t: int) -> int:
    """The first message time strictly after ``t``."""
    k = (t - unit.phase) // unit.interval + 1
    return unit.phase + k * unit.interval


def first_time(unit: Unit) -> int:
    """Time of the unit's first message (its schedule starts at creation)."""
    return next_time_after(unit, unit.ct - 1)


def times_between(unit: Unit, lo: int, hi: int) -> range:
    """Message times ``t`` with ``lo < t <= hi`` (and not before the unit existed)."""
    lo = max(lo, unit.ct - 1)
    if hi <= lo:
        return range(0)
    return range(next_time_after(unit, lo), hi + 1, unit.interval)


def last_time_at(unit: Unit, t: int) -> int | None:
    """Time of the last message at or before ``t``; ``None`` if the unit had none yet."""
    last = unit.phase + ((t - unit.phase) // unit.interval) * unit.interval
    return last if last >= unit.ct else None


def _moving_seconds(unit: Unit, t: float) -> tuple[float, bool]:
    """Seconds spent driving from the Unix epoch to ``t``, and whether it drives at ``t``."""
    drive = unit.cycle * unit.move_frac
    full, rem = divmod(t + unit.cycle_phase, unit.cycle)
    return full * drive + min(rem, drive), rem < drive


def distance_km(unit: Unit, t: float) -> float:
    """Kilometres driven since the unit's creation (the odometer)."""
    return (_moving_seconds(unit, t)[0] - unit.moved0) * unit.speed / 3600.0


class _Noise:
    """Per-message variation, precomputed for 256 hash buckets (a lookup beats arithmetic)."""

    __slots__ = ("gsm", "hdop", "pwr_drive", "pwr_int", "pwr_park", "rt", "sc", "speed", "z")

    def __init__(self, h: float) -> None:
        self.pwr_drive = round(13.6 + h * 0.6, 2)
        self.pwr_park = round(12.4 + h * 0.6, 2)
        self.pwr_int = round(4.0 + h * 0.2, 2)
        self.gsm = 2 + int(h * 4)
        self.hdop = round(0.6 + h, 1)
        self.sc = 7 + int(h * 8)
        self.z = int(h * 12) - 6
        self.rt = int(h * 3)
        self.speed = 0.8 + 0.4 * h


_NOISE = tuple(_Noise(i / 256.0) for i in range(256))
# Per bucket and per driving state, every value a message takes from the noise, as one tuple:
# unpacking it is cheaper than reading a handful of attributes. Order: pwr_ext, pwr_int, in1,
# gsm, hdop (the fixed parameters, in the order the message lists them), then altitude offset,
# satellites, receive delay and speed factor.
_Consts = tuple[float, float, int, int, float, int, int, int, float]
_DRIVING: tuple[_Consts, ...] = tuple(
    (n.pwr_drive, n.pwr_int, 1, n.gsm, n.hdop, n.z, n.sc, n.rt, n.speed) for n in _NOISE
)
_PARKED: tuple[_Consts, ...] = tuple(
    (n.pwr_park, n.pwr_int, 0, n.gsm, n.hdop, n.z, n.sc, n.rt, n.speed) for n in _NOISE
)
_LITRES_PER_KM = _CONSUMPTION / 100.0
_FUEL_WRAP = TANK_LITRES * 0.8
_VOLTS_PER_LITRE = 10.0 / TANK_LITRES
_cos, _sin, _atan2 = math.cos, math.sin, math.atan2


#: where a parked unit stands: driven seconds so far, latitude, longitude, course, fuel
#: level and odometer; the same for every message of one stop
Place = tuple[float, float, float, int, float, float]
_NOWHERE: Place = (-1.0, 0.0, 0.0, 0, 0.0, 0.0)

#: everything :func:`message_at` reads of a unit, in one tuple (see :func:`motion`); the last
#: item holds the unit's latest parked :data:`Place`
Motion = tuple[
    int, float, int, int, float, float, float, float, float, float, bool, float, float, float,
    float, float, int, float, list[Place],
]  # fmt: skip


def motion(unit: Unit, seed: int) -> Motion:
    """The unit's constants for :func:`message_at`, gathered once.

    Unpacking one tuple is several times cheaper than a score of attribute reads, and the
    part of the noise hash that depends only on the unit and the seed is folded in here.
    """
    return (
        ((unit.id * 0x9E3779B1) ^ (seed * 0xC2B2AE3D)) & 0xFFFFFFFF,
        unit.drive,
        unit.cycle_phase,
        unit.cycle,
        unit.kps,
        unit.moved0,
        unit.perimeter,
        unit.rad_per_km,
        unit.ra,
        unit.rb,
        unit.direction > 0,
        unit.lat0,
        unit.cy,
        unit.lon0,
        unit.cx,
        unit.lon_km,
        unit.alt,
        unit.speed,
        [_NOWHERE],
    )


# the last unit message() was asked about: callers ask for many messages of one unit in a row
_last: tuple[Unit, int, Motion] | None = None


def message(unit: Unit, t: int, seed: int = 0) -> dict[str, Any]:
    """The data message (``tp:"ud"``) the unit reports at ``t``."""
    # a one-entry cache: a unit never changes its motion, and holding it keeps "is" honest
    global _last
    last = _last
    if last is not None and last[0] is unit and last[1] == seed:
        return message_at(last[2], t)
    found = motion(unit, seed)
    _last = (unit, seed, found)
    return message_at(found, t)


def message_at(m: Motion, t: int) -> dict[str, Any]:
    """The data message at ``t`` of the unit whose :func:`motion` is ``m``."""
    hash_base, drive, cycle_phase, cycle = m[0], m[1], m[2], m[3]
    alt, cruise, stop = m[16], m[17], m[18]
    u = t + cycle_phase
    rem = u % cycle
    # the same hash as jitter(), with the unit and seed part taken from the motion
    h = (hash_base ^ (t * 0x85EBCA77)) & 0xFFFFFFFF
    bucket = ((h ^ (h >> 15)) * 0x2C1B3C6D >> 8) & 0xFF
    if rem < drive:
        moved = (u // cycle) * drive + rem
        pwr_ext, pwr_int, ign, gsm, hdop, dz, sats, delay, factor = _DRIVING[bucket]
        speed = int(cruise * factor)
        place = None
    else:
        moved = (u // cycle) * drive + drive
        pwr_ext, pwr_int, ign, gsm, hdop, dz, sats, delay, factor = _PARKED[bucket]
        speed = 0
        # a parked unit stays put: its place is worked out once per stop
        place = stop[0]
        if place[0] != moved:
            place = None
    if place is None:
        kps, moved0, perimeter, rad_per_km, ra, rb = m[4], m[5], m[6], m[7], m[8], m[9]
        km = (moved - moved0) * kps
        theta = ((moved * kps) % perimeter) * rad_per_km
        cos_t, sin_t = _cos(theta), _sin(theta)
        # heading follows the tangent of the ellipse in the direction of travel
        if m[10]:
            course = int(_atan2(-ra * sin_t, rb * cos_t) * _DEG) % 360
        else:
            course = int(_atan2(ra * sin_t, -rb * cos_t) * _DEG) % 360
        lat = m[11] + (m[12] + rb * sin_t) / _KM_PER_DEG
        lon = m[13] + (m[14] + ra * cos_t) / m[15]
        fuel = 10.0 - ((km * _LITRES_PER_KM) % _FUEL_WRAP) * _VOLTS_PER_LITRE
        # int(x * 10**k + 0.5) / 10**k is round(x, k) for x >= 0 at a fraction of the cost
        place = (
            moved,
            int(lat * 1e6 + 0.5) / 1e6 if lat >= 0 else -int(-lat * 1e6 + 0.5) / 1e6,
            int(lon * 1e6 + 0.5) / 1e6 if lon >= 0 else -int(-lon * 1e6 + 0.5) / 1e6,
            course,
            int(fuel * 1000.0 + 0.5) / 1000.0,
            int(km * 100.0 + 0.5) / 100.0,
        )
        if not ign:
            # one list item replaced whole: a reader in another thread sees either place
            stop[0] = place
    _, y, x, course, fuel, km = place
    return {
        "t": t,
        "f": 3,
        "tp": "ud",
        "pos": {"y": y, "x": x, "z": alt + dz, "s": speed, "c": course, "sc": sats},
        "i": ign,
        # "o" is part of every data message (sdk.wialon.com .../apiref/format/messages; the
        # help.wialon.com avl_evts example has f=3 and still "o":0); no unit here has outputs
        "o": 0,
        "p": {
            "pwr_ext": pwr_ext,
            "pwr_int": pwr_int,
            "in1": ign,
            "gsm": gsm,
            "hdop": hdop,
            "adc1": fuel,
            "odometer": km,
        },
        "lc": 0,
        "rt": t + delay,
    }


def speed_at(m: Motion, t: int) -> int:
    """The speed (``pos.s``) of :func:`message_at` ``(m, t)``, without making the message.

    A trip search reads the speed of every message of its span and the rest of only a few.
    """
    if (t + m[2]) % m[3] >= m[1]:
        return 0
    h = (m[0] ^ (t * 0x85EBCA77)) & 0xFFFFFFFF
    return int(m[17] * _DRIVING[((h ^ (h >> 15)) * 0x2C1B3C6D >> 8) & 0xFF][8])


def last_message(unit: Unit, now: float, seed: int = 0) -> dict[str, Any] | None:
    """The unit's last message at server time ``now`` (``lmsg``), if any."""
    t = last_time_at(unit, int(now))
    return None if t is None else message(unit, t, seed)


def item_pos(msg: dict[str, Any] | None) -> dict[str, Any] | None:
    """The item ``pos`` object (with ``t``) made from a last message."""
    if msg is None:
        return None
    return {"t": msg["t"], **msg["pos"]}
