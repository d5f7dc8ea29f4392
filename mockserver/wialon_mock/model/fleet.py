"""Generates a fleet from a seed: one account with its users, resources, units and groups.

Same seed, same fleet: ids, names, devices, phones, tracks and therefore message history.
faker is asked only for small pools of names once; every unit is then drawn with a seeded
``random.Random`` from those pools and fixed tables, so 100,000 units take a few seconds.
"""

from __future__ import annotations

import functools
import logging
import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import Any

from . import report_templates
from .fleet_data import CITIES, PLATE_LETTERS, VEHICLE_HW, VEHICLES
from .fleet_draw import (
    CYCLE_PHASES,
    CYCLES,
    DAYS_BACK,
    INTERVALS,
    KPS,
    MOVE_FRACS,
    N_HW,
    N_LETTERS,
    N_VEHICLES,
    OFFSETS,
    RADII,
    SPEEDS,
    UnitDraw,
    city_frame,
    draw_units,
    drive_key,
    loop_key,
)
from .gcpause import collector_paused
from .items import Group, Resource, Unit, User

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Json = dict[str, Any]

#: creation time of generated items when the clock is real time (October 2025)
FLEET_EPOCH = 1_760_000_000
#: first item id; ids are handed out in order users, resources, units, groups
ID_BASE = 25_000_000
_PROGRESS_STEP = 5_000
#: fleets from this size on are drawn with the cyclic collector paused
_PAUSE_GC_FROM = 10_000


@dataclass
class Fleet:
    """Everything the generator made, keyed by item id."""

    users: dict[int, User] = field(default_factory=dict)
    resources: dict[int, Resource] = field(default_factory=dict)
    units: dict[int, Unit] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    owner_id: int = 0
    account_id: int = 0
    next_id: int = ID_BASE


Pools = Mapping[str, tuple[str, ...]]


@functools.lru_cache(maxsize=32)
def _faker_pools(seed: int) -> Pools:
    """The name pools of ``seed``, made once per process (read-only: tuples).

    Asking faker for them is four fifths of the time a small fleet takes, and a test suite
    starts a server of the same few seeds over and over.
    """
    # imported here so the model stays importable (and fast to import) without the extra
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    return {
        "first": tuple(fake.first_name() for _ in range(120)),
        "last": tuple(fake.last_name() for _ in range(120)),
        "company": tuple(fake.company() for _ in range(12)),
        "login": tuple(fake.user_name() for _ in range(6)),
        # reserved for examples (RFC 2606): a generated address can never be someone's mailbox
        "email_domain": ("example.com", "example.org", "example.net", "example.com"),
    }


def epoch_for(start: float | None) -> int:
    """Creation time of the fleet: fixed, unless the server clock starts before it."""
    if start is not None and start < FLEET_EPOCH + 30 * 86400:
        return int(start) - 30 * 86400
    return FLEET_EPOCH


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10**n))


def _drivers(rng: random.Random, pools: Pools, city: int) -> dict[str, Json]:
    c = CITIES[city]
    drivers: dict[str, Json] = {}
    for n in range(1, rng.randint(3, 6) + 1):
        drivers[str(n)] = {
            "id": n,
            "n": f"{rng.choice(pools['first'])} {rng.choice(pools['last'])}",
            "c": f"{rng.getrandbits(48):012X}",
            "jp": {},
            "ej": {},
            "pwd": "",
            "ds": "",
            "p": c.phone_prefix + _digits(rng, 7),
            "r": 0,
            "f": 1,
            "ck": 0,
            "bu": 0,
            "pu": 0,
            "bt": 0,
            "bs": 0,
            "pos": {"y": 0, "x": 0},
        }
    return drivers


def _zones(rng: random.Random, city: int, ct: int) -> dict[str, Json]:
    c = CITIES[city]
    zones: dict[str, Json] = {}
    names = ("Depot", "Warehouse", "City centre", "Fuel station", "Customer yard")
    for n, name in enumerate(names[: rng.randint(3, 5)], start=1):
        lat = c.lat + rng.uniform(-0.03, 0.03)
        lon = c.lon + rng.uniform(-0.04, 0.04)
        radius = rng.choice((150, 250, 400, 800))
        dlat = radius / 111_320.0
        dlon = dlat / max(0.2, abs(math.cos(math.radians(lat))))
        zones[str(n)] = {
            "n": f"{c.name} {name}",
            "d": "",
            "id": n,
            "f": 0,
            "t": 3,
            "w": radius,
            "e": 0,
            "c": rng.choice((0x8000FF00, 0x80FF0000, 0x800000FF)),
            "i": 0,
            "ct": ct,
            "mt": ct,
            "b": {
                "min_x": round(lon - dlon, 6),
                "min_y": round(lat - dlat, 6),
                "max_x": round(lon + dlon, 6),
                "max_y": round(lat + dlat, 6),
                "cen_x": round(lon, 6),
                "cen_y": round(lat, 6),
            },
            "p": [{"x": round(lon, 6), "y": round(lat, 6), "r": radius}],
        }
    return zones


def make_unit(
    rng: random.Random,
    unit_id: int,
    resource: int,
    city: int,
    *,
    epoch: int,
    created: int | None = None,
    name: str | None = None,
    hw: int | None = None,
    draw: UnitDraw | None = None,
) -> Unit:
    """One unit drawn from ``rng``: a vehicle with a plate, a device, a track near ``city``.

    Generated units were created some days before ``epoch``; ``created`` (with ``name`` and
    ``hw``) is for units made later through the API. Every field comes from one 256-bit draw
    (one call into the generator instead of twenty-odd), and the fields
    :func:`~wialon_mock.model.sim.prepare` would derive are filled here from shared tables:
    a fleet of a million units is drawn in seconds. An index below ``n`` is taken from ``w``
    bits as ``(bits * n) >> w`` (multiply-shift: no division, no bias worth the name).
    ``ra``, ``rb`` and the direction are bytes 24, 25 and bit 0 of byte 26; the cycle is its
    top two bits and the driving share byte 27: the table keys are built from the same bytes.
    """
    # one byte of the draw is a small int Python keeps cached: reading fields byte by byte
    # beats shifting a 256-bit number two dozen times
    b = rng.getrandbits(256).to_bytes(32, "little")
    tables = draw if draw is not None else UnitDraw(epoch)
    vehicle = (b[0] * N_VEHICLES) >> 8
    make, model = VEHICLES[vehicle]
    plate = (
        f"{PLATE_LETTERS[(b[1] * N_LETTERS) >> 8]}{PLATE_LETTERS[(b[2] * N_LETTERS) >> 8]}"
        f" {1000 + (((b[3] << 8 | b[4]) * 9000) >> 16)}-{1 + ((b[5] * 7) >> 8)}"
    )
    interval = INTERVALS[(b[6] * 6) >> 8]
    uid = f"35{10**12 + ((int.from_bytes(b[7:13], 'little') * 9 * 10**12) >> 48)}"
    frame = city_frame(city)
    phone = f"{frame[4]}{10**6 + (((b[13] << 16 | b[14] << 8 | b[15]) * 9 * 10**6) >> 24)}"
    psw = "" if b[16] & 3 else f"{1000 + (((b[17] << 8 | b[18]) * 9000) >> 16)}"
    if created is None:
        created = tables.created[(b[19] * DAYS_BACK) >> 8]
    perimeter, rad_per_km = tables.loops[loop_key(b[24], b[25], b[26])]
    cycle, drive = CYCLES[b[26] >> 6], tables.drives[drive_key(b[26], b[27])]
    cycle_phase = CYCLE_PHASES[(((b[28] << 8 | b[29]) * 3600) >> 16)]
    full, rem = divmod(created + cycle_phase, cycle)
    return Unit(
        unit_id,
        name if name is not None else f"{make} {model} {plate}",
        hw if hw is not None else VEHICLE_HW[(b[30] * N_HW) >> 8],
        uid,
        phone,
        "",
        psw,
        resource,
        city,
        created,
        interval,
        (b[20] * interval) >> 8,
        SPEEDS[b[21]],
        OFFSETS[b[22]],
        OFFSETS[b[23]],
        RADII[b[24]],
        RADII[b[25]],
        1 if b[26] & 1 else -1,
        cycle,
        MOVE_FRACS[b[27]],
        cycle_phase,
        vehicle,
        frame[0],
        frame[1],
        frame[3],
        frame[2],
        perimeter,
        full * drive + min(rem, drive),
        drive,
        KPS[b[21]],
        rad_per_km,
    )


def generate(
    seed: int,
    units: int,
    *,
    clock_start: float | None = None,
    progress: Progress | None = None,
) -> Fleet:
    """Build the fleet of ``seed`` with ``units`` units; ``progress(done, total)`` is called
    every few thousand units and once at the end."""
    rng = random.Random(seed)
    pools = _faker_pools(seed)
    epoch = epoch_for(clock_start)
    fleet = Fleet()

    def new_id() -> int:
        fleet.next_id += 1
        return fleet.next_id

    owner = User(
        id=new_id(),
        nm=pools["login"][0],
        ct=epoch - 86400 * 400,
        crt=ID_BASE,
        prp={
            "cfmt": "0",
            "dst": "-1",
            "email": f"{pools['login'][0]}@{pools['email_domain'][0]}",
            "language": "en",
            "msc": "0",
            "tz": CITIES[0].tz,
            "us_addr_fmt": "1255211008_10_5",
        },
        fl=1,
        is_owner=True,
    )
    fleet.users[owner.id] = owner
    fleet.owner_id = owner.id
    for login in pools["login"][1:3]:
        user = User(
            id=new_id(),
            nm=login,
            ct=epoch - 86400 * rng.randint(30, 300),
            crt=owner.id,
            prp={"dst": "-1", "language": "en", "tz": CITIES[0].tz},
        )
        fleet.users[user.id] = user

    n_resources = max(1, min(len(CITIES), units // 8 + 1))
    for index in range(n_resources):
        ct = epoch - 86400 * rng.randint(200, 390)
        res = Resource(
            id=new_id(),
            nm=pools["company"][0] if index == 0 else f"{CITIES[index].name} branch",
            city=index,
            ct=ct,
            drivers=_drivers(rng, pools, index),
            zones=_zones(rng, index, ct),
            reports=report_templates.generated(),
            is_account=index == 0,
        )
        fleet.resources[res.id] = res
    fleet.account_id = next(iter(fleet.resources))
    resource_ids = list(fleet.resources)

    draw = UnitDraw(epoch)
    cities = [fleet.resources[r].city for r in resource_ids]
    # a million units make no reference cycles, but the collector would walk them again and
    # again while they pile up (more time than drawing them, measured)
    with collector_paused(units >= _PAUSE_GC_FROM):
        # in chunks of the progress step: the progress calls stay where they were, and the
        # chunk's random bytes stay small
        for start in range(0, units, _PROGRESS_STEP):
            count = min(_PROGRESS_STEP, units - start)
            drawn = draw_units(
                rng, fleet.next_id + 1, count, resource_ids, cities, start % n_resources, draw
            )
            fleet.next_id += count
            fleet.units.update(zip(map(_ID, drawn), drawn, strict=True))
            if progress is not None and (start + count) % _PROGRESS_STEP == 0:
                progress(start + count, units)

    # unit n belongs to resource slot n % n_resources, so a resource's units are every
    # n_resources-th unit from its slot on (sliced from the units' own id objects: fresh
    # ints from a range would cost 32 bytes per unit, 30 MB for a million)
    unit_ids = list(fleet.units)
    for slot, res_id in enumerate(resource_ids):
        name = f"{CITIES[fleet.resources[res_id].city].name} fleet"
        members = unit_ids[slot::n_resources]
        group = Group(id=new_id(), nm=name, units=members, ct=epoch - 86400)
        fleet.groups[group.id] = group
    vehicles = map(_VEHICLE, fleet.units.values())
    vans = list(compress(fleet.units, map(_VAN_INDEXES.__contains__, vehicles)))
    group = Group(id=new_id(), nm="Vans", units=vans, ct=epoch - 86400)
    fleet.groups[group.id] = group
    if progress is not None:
        progress(units, units)
    logger.debug("generated fleet seed=%s units=%s", seed, units)
    return fleet


_VANS = frozenset({"Sprinter", "Transit", "Master", "Daily", "Crafter", "Boxer"})
_VAN_INDEXES = frozenset(n for n, (_, model) in enumerate(VEHICLES) if model in _VANS)
_ID, _VEHICLE = attrgetter("id"), attrgetter("vehicle")
