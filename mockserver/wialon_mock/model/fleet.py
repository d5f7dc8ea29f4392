"""Generates a fleet from a seed: one account with its users, resources, units and groups.

Same seed, same fleet: ids, names, devices, phones, tracks and therefore message history.
faker is asked only for small pools of names once; every unit is then drawn with a seeded
``random.Random`` from those pools and fixed tables, so 100,000 units take a few seconds.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import report_templates
from .fleet_data import CITIES, PLATE_LETTERS, VEHICLE_HW, VEHICLES
from .items import Group, Resource, Unit, User
from .sim import prepare

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Json = dict[str, Any]

#: creation time of generated items when the clock is real time (October 2025)
FLEET_EPOCH = 1_760_000_000
#: first item id; ids are handed out in order users, resources, units, groups
ID_BASE = 25_000_000
_PROGRESS_STEP = 5_000


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


def _faker_pools(seed: int) -> dict[str, list[str]]:
    # imported here so the model stays importable (and fast to import) without the extra
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    return {
        "first": [fake.first_name() for _ in range(120)],
        "last": [fake.last_name() for _ in range(120)],
        "company": [fake.company() for _ in range(12)],
        "login": [fake.user_name() for _ in range(6)],
        "email_domain": [fake.free_email_domain() for _ in range(4)],
    }


def epoch_for(start: float | None) -> int:
    """Creation time of the fleet: fixed, unless the server clock starts before it."""
    if start is not None and start < FLEET_EPOCH + 30 * 86400:
        return int(start) - 30 * 86400
    return FLEET_EPOCH


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10**n))


def _drivers(rng: random.Random, pools: dict[str, list[str]], city: int) -> dict[str, Json]:
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


_INTERVALS = (15, 20, 30, 30, 45, 60)


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
) -> Unit:
    """One unit drawn from ``rng``: a vehicle with a plate, a device, a track near ``city``.

    Generated units were created some days before ``epoch``; ``created`` (with ``name`` and
    ``hw``) is for units made later through the API.
    """
    choice, randint, uniform = rng.choice, rng.randint, rng.uniform
    vehicle = randint(0, len(VEHICLES) - 1)
    make, model = VEHICLES[vehicle]
    plate = f"{choice(PLATE_LETTERS)}{choice(PLATE_LETTERS)} {randint(1000, 9999)}-{randint(1, 7)}"
    interval = choice(_INTERVALS)
    drawn_hw = choice(VEHICLE_HW)
    uid = "35" + _digits(rng, 13)
    phone = CITIES[city].phone_prefix + _digits(rng, 7)
    psw = "" if randint(0, 3) else _digits(rng, 4)
    days_back = randint(1, 180)
    unit = Unit(
        id=unit_id,
        nm=name if name is not None else f"{make} {model} {plate}",
        hw=hw if hw is not None else drawn_hw,
        uid=uid,
        ph=phone,
        ph2="",
        psw=psw,
        resource=resource,
        city=city,
        ct=created if created is not None else epoch - days_back * 86400,
        interval=interval,
        phase=randint(0, interval - 1),
        speed=uniform(25.0, 70.0),
        cx=uniform(-2.0, 2.0),
        cy=uniform(-2.0, 2.0),
        ra=uniform(0.8, 3.0),
        rb=uniform(0.8, 3.0),
        direction=choice((-1, 1)),
        cycle=choice((1200, 1800, 2400, 3600)),
        move_frac=uniform(0.4, 0.7),
        cycle_phase=randint(0, 3599),
        vehicle=vehicle,
    )
    prepare(unit)
    return unit


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

    for n in range(units):
        res_id = resource_ids[n % n_resources]
        unit = make_unit(rng, new_id(), res_id, fleet.resources[res_id].city, epoch=epoch)
        fleet.units[unit.id] = unit
        if progress is not None and (n + 1) % _PROGRESS_STEP == 0:
            progress(n + 1, units)

    by_resource: dict[int, list[int]] = {r: [] for r in resource_ids}
    for unit in fleet.units.values():
        by_resource[unit.resource].append(unit.id)
    for res_id in resource_ids:
        name = f"{CITIES[fleet.resources[res_id].city].name} fleet"
        group = Group(id=new_id(), nm=name, units=by_resource[res_id], ct=epoch - 86400)
        fleet.groups[group.id] = group
    vans = [u.id for u in fleet.units.values() if VEHICLES[u.vehicle][1] in _VANS]
    group = Group(id=new_id(), nm="Vans", units=vans, ct=epoch - 86400)
    fleet.groups[group.id] = group
    if progress is not None:
        progress(units, units)
    logger.debug("generated fleet seed=%s units=%s", seed, units)
    return fleet


_VANS = frozenset({"Sprinter", "Transit", "Master", "Daily", "Crafter", "Boxer"})
