"""The tables generated units are drawn from, and drawing many units at once.

:func:`wialon_mock.model.fleet.make_unit` draws one unit from 256 random bits; a fleet draws
thousands the same way. :func:`draw_units` gives exactly the units that calling ``make_unit``
once per unit would (same random stream, same fields, value for value), but works column by
column: byte ``k`` of every unit's draw is one slice of the chunk's bytes, and each field is
then a table lookup or a few integer operations mapped over that column by C code instead
of two dozen Python steps per unit. Only the ``Unit`` constructor and the odometer start run
Python code per unit. For a million units that roughly halves the generation time.
"""

from __future__ import annotations

import math
import random
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import cycle, repeat
from operator import itemgetter, mul, rshift
from typing import TypeVar

from .fleet_data import CITIES, PLATE_LETTERS, VEHICLE_HW, VEHICLES
from .items import Unit

T = TypeVar("T")

INTERVALS = (15, 20, 30, 30, 45, 60)
CYCLES = (1200, 1800, 2400, 3600)


def _steps(lo: float, hi: float) -> tuple[float, ...]:
    return tuple(lo + (hi - lo) * k / 255 for k in range(256))


# Movement parameters come in 256 steps each. Units then share their float objects instead of
# holding six fresh ones: a million units save over 100 MB, and the tracks look the same.
SPEEDS = _steps(25.0, 70.0)
OFFSETS = _steps(-2.0, 2.0)
RADII = _steps(0.8, 3.0)
MOVE_FRACS = _steps(0.4, 0.7)
KPS = tuple(speed / 3600.0 for speed in SPEEDS)
#: offsets of the drive/park cycle, shared int objects (ints past 256 are not cached)
CYCLE_PHASES = tuple(range(3600))
DAYS_BACK = 180
N_VEHICLES, N_LETTERS, N_HW = len(VEHICLES), len(PLATE_LETTERS), len(VEHICLE_HW)

_FRAMES: dict[int, tuple[float, float, int, float, str]] = {}


def city_frame(city: int) -> tuple[float, float, int, float, str]:
    """Latitude, longitude, altitude, km per degree of longitude and phone prefix of a city."""
    frame = _FRAMES.get(city)
    if frame is None:
        c = CITIES[city]
        lon_km = 111.32 * math.cos(math.radians(c.lat))
        frame = _FRAMES[city] = (c.lat, c.lon, c.alt, lon_km, c.phone_prefix)
    return frame


class _Loops(dict[int, tuple[float, float]]):
    """(perimeter, radians per km) by loop key, made on first use (``__missing__`` keeps
    the lookup a plain C-level dict read for every later unit with the same loop)."""

    def __missing__(self, key: int) -> tuple[float, float]:
        a, b = RADII[(key >> 8) & 255], RADII[key & 255]
        perimeter = math.pi * (3 * (a + b) - math.sqrt((3 * a + b) * (a + 3 * b)))
        direction = 1 if key >> 16 else -1
        loop = self[key] = (perimeter, direction * 2 * math.pi / perimeter)
        return loop


class _Drives(dict[int, float]):
    """Driving seconds per cycle by drive key, made on first use."""

    def __missing__(self, key: int) -> float:
        drive = self[key] = CYCLES[key >> 8] * MOVE_FRACS[key & 255]
        return drive


def loop_key(b24: int, b25: int, b26: int) -> int:
    """The loop of a unit: its ``ra`` byte, ``rb`` byte and direction bit (bit 0 of b26)."""
    return (b26 & 1) << 16 | b24 << 8 | b25


def drive_key(b26: int, b27: int) -> int:
    """The drive of a unit: its cycle (top two bits of b26) and driving share byte."""
    return (b26 >> 6) << 8 | b27


class UnitDraw:
    """What generated units share: tables their fields are picked from, and values derived
    from those fields, keyed by table indexes (cheaper than deriving them unit by unit)."""

    __slots__ = ("created", "created_by_byte", "drives", "loops")

    def __init__(self, epoch: int) -> None:
        #: creation times, one per day back: shared int objects again
        self.created = tuple(epoch - days * 86400 for days in range(1, DAYS_BACK + 1))
        #: the creation time byte 19 of a draw picks
        self.created_by_byte = tuple(self.created[(x * DAYS_BACK) >> 8] for x in range(256))
        self.loops = _Loops()
        self.drives = _Drives()


def _by_byte(value: Callable[[int], T]) -> tuple[T, ...]:
    return tuple(value(x) for x in range(256))


_VEHICLE = bytes(_by_byte(lambda x: (x * N_VEHICLES) >> 8))
_PREFIX = tuple(f"{make} {model} " for make, model in VEHICLES)
_LETTER = _by_byte(lambda x: PLATE_LETTERS[(x * N_LETTERS) >> 8])
_DIGIT = _by_byte(lambda x: 1 + ((x * 7) >> 8))
_INTERVAL = _by_byte(lambda x: INTERVALS[(x * 6) >> 8])
_HW = _by_byte(lambda x: VEHICLE_HW[(x * N_HW) >> 8])
_DIRECTION = _by_byte(lambda x: 1 if x & 1 else -1)
_CYCLE = _by_byte(lambda x: CYCLES[x >> 6])
_BIT0 = bytes(_by_byte(lambda x: x & 1))
_TOP2 = bytes(_by_byte(lambda x: x >> 6))
#: 1 where a unit has a password (bits 0-1 of byte 16 clear), else 0
_HAS_PSW = bytes(_by_byte(lambda x: 0 if x & 3 else 1))
_NAME = "{}{}{} {}-{}".format  # prefix "make model ", two plate letters, number, digit
_CODES = {array(code).itemsize: code for code in "QLIH"}


def _word(*columns: bytes) -> array[int]:
    """Per unit, the little-endian number its bytes in ``columns`` make (the first lowest)."""
    width = 2 if len(columns) <= 2 else 4 if len(columns) <= 4 else 8
    buf = bytearray(width * len(columns[0]))
    for k, column in enumerate(columns):
        buf[k::width] = column
    words = array(_CODES[width], buf)
    if sys.byteorder == "big":
        words.byteswap()
    return words


def _scaled(words: Iterable[int], span: int, bits: int, base: int) -> Iterator[int]:
    """``base + ((w * span) >> bits)`` for each word: an index below ``span`` from ``bits``
    random bits (multiply-shift, as make_unit spells it)."""
    return map(base.__add__, map(rshift, map(mul, words, repeat(span)), repeat(bits)))


def _turned(values: Sequence[T], start: int) -> Iterator[T]:
    """``values`` over and over, starting at index ``start``."""
    start %= len(values)
    return cycle([*values[start:], *values[:start]])


def _moved0(created: int, phase: int, cycle_s: int, drive: float) -> float:
    # seconds driven before creation, the expression make_unit uses
    full, rem = divmod(created + phase, cycle_s)
    return full * drive + min(rem, drive)


def draw_units(
    rng: random.Random,
    first_id: int,
    count: int,
    resources: Sequence[int],
    cities: Sequence[int],
    slot: int,
    draw: UnitDraw,
) -> list[Unit]:
    """``count`` units with ids from ``first_id``, equal to ``count`` calls of ``make_unit``.

    Unit ``n`` belongs to ``resources[(slot + n) % len(resources)]`` in the matching city.
    ``getrandbits(256 * count)`` is the same stream as ``count`` calls of
    ``getrandbits(256)``: CPython fills both from 32-bit words, least significant first.
    """
    if count <= 0:
        return []
    raw = rng.getrandbits(256 * count).to_bytes(32 * count, "little")
    col = [raw[k::32] for k in range(31)]
    frames = [city_frame(city) for city in cities]
    vehicle = col[0].translate(_VEHICLE)
    names = map(
        _NAME,
        map(_PREFIX.__getitem__, vehicle),
        map(_LETTER.__getitem__, col[1]),
        map(_LETTER.__getitem__, col[2]),
        _scaled(_word(col[4], col[3]), 9000, 16, 1000),
        map(_DIGIT.__getitem__, col[5]),
    )
    uids = map("35{}".format, _scaled(_word(*col[7:13]), 9 * 10**12, 48, 10**12))
    phones = map(
        "{}{}".format,
        _turned([f[4] for f in frames], slot),
        _scaled(_word(col[15], col[14], col[13]), 9 * 10**6, 24, 10**6),
    )
    # a password string times 1 is itself, times 0 is "" (units without a password)
    psws = map(
        mul, map(str, _scaled(_word(col[18], col[17]), 9000, 16, 1000)), col[16].translate(_HAS_PSW)
    )
    created = list(map(draw.created_by_byte.__getitem__, col[19]))
    intervals = list(map(_INTERVAL.__getitem__, col[6]))
    cycles = list(map(_CYCLE.__getitem__, col[26]))
    phases = _scaled(_word(col[29], col[28]), 3600, 16, 0)
    cycle_phases = list(map(CYCLE_PHASES.__getitem__, phases))
    loops = list(map(draw.loops.__getitem__, _word(col[25], col[24], col[26].translate(_BIT0))))
    drives = list(map(draw.drives.__getitem__, _word(col[27], col[26].translate(_TOP2))))
    return list(
        map(
            Unit,
            range(first_id, first_id + count),
            names,
            map(_HW.__getitem__, col[30]),
            uids,
            phones,
            repeat(""),
            psws,
            _turned(resources, slot),
            _turned(cities, slot),
            created,
            intervals,
            map(rshift, map(mul, col[20], intervals), repeat(8)),
            map(SPEEDS.__getitem__, col[21]),
            map(OFFSETS.__getitem__, col[22]),
            map(OFFSETS.__getitem__, col[23]),
            map(RADII.__getitem__, col[24]),
            map(RADII.__getitem__, col[25]),
            map(_DIRECTION.__getitem__, col[26]),
            cycles,
            map(MOVE_FRACS.__getitem__, col[27]),
            cycle_phases,
            vehicle,
            _turned([f[0] for f in frames], slot),
            _turned([f[1] for f in frames], slot),
            _turned([f[3] for f in frames], slot),
            _turned([f[2] for f in frames], slot),
            map(_FIRST, loops),
            map(_moved0, created, cycle_phases, cycles, drives),
            drives,
            map(KPS.__getitem__, col[21]),
            map(_SECOND, loops),
        )
    )


_FIRST, _SECOND = itemgetter(0), itemgetter(1)
