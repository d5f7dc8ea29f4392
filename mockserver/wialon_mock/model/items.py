"""The items of the model: users, units, resources, unit groups (hardware types are fixed data).

Units are kept compact (slots, no per-unit dicts for generated data) because a fleet may hold
100,000 of them; everything that can be derived from ``(seed, unit id)`` is derived on demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: class ids of the item types, as the real server numbers them
CLS_USER = 1
CLS_UNIT = 2
CLS_RESOURCE = 3
CLS_HW = 4
CLS_GROUP = 5

CLASSES: dict[str, int] = {
    "avl_hw": CLS_HW,
    "avl_resource": CLS_RESOURCE,
    "avl_retranslator": 7,
    "avl_route": 6,
    "avl_unit": CLS_UNIT,
    "avl_unit_group": CLS_GROUP,
    "user": CLS_USER,
}

#: access bits the owner has on its own units and groups (value observed on real servers)
UACL_UNIT = 880333094911
UACL_GROUP = 880333094911
#: general bits, every resource-specific bit and the trailer bits
UACL_RESOURCE = 0xFFFF | 0x1FFFF00000 | 0x300000000000
#: the logged-in user looking at itself, and at users it created (observed values)
UACL_SELF = 2146947
UACL_SUBUSER = 32571391


@dataclass(slots=True)
class Unit:
    """One unit (cls 2); movement parameters feed :mod:`wialon_mock.model.sim`."""

    id: int
    nm: str
    hw: int
    uid: str
    ph: str
    ph2: str
    psw: str
    resource: int
    city: int
    ct: int
    #: seconds between two messages, and the offset of the schedule
    interval: int
    phase: int
    #: cruising speed in km/h
    speed: float
    #: centre offset and radii of the unit's loop around its city, in km
    cx: float
    cy: float
    ra: float
    rb: float
    #: +1 counter-clockwise, -1 clockwise
    direction: int
    #: length of one drive/park cycle in seconds, the share spent driving, its offset
    cycle: int
    move_frac: float
    cycle_phase: int
    vehicle: int
    #: derived once so that computing a message stays cheap: city centre, km per degree of
    #: longitude there, altitude, loop length in km, and driving seconds before creation
    lat0: float = 0.0
    lon0: float = 0.0
    lon_km: float = 111.32
    alt: int = 0
    perimeter: float = 1.0
    moved0: float = 0.0
    #: seconds of driving per cycle, km per driven second, radians per km along the loop
    drive: float = 0.0
    kps: float = 0.0
    rad_per_km: float = 0.0
    ugi: int = 0
    act: int = 1


@dataclass
class Resource:
    """A resource (cls 3) with its drivers, geofences, report templates."""

    id: int
    nm: str
    city: int
    ct: int
    drivers: dict[str, dict[str, Any]] = field(default_factory=dict)
    zones: dict[str, dict[str, Any]] = field(default_factory=dict)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    notifications: dict[str, dict[str, Any]] = field(default_factory=dict)
    trailers: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the resource that is the account itself carries billing data
    is_account: bool = False


@dataclass
class Group:
    """A unit group (cls 5)."""

    id: int
    nm: str
    units: list[int]
    ct: int
    ugi: int = 0


@dataclass
class User:
    """A user (cls 1)."""

    id: int
    nm: str
    ct: int
    crt: int
    prp: dict[str, str]
    fl: int = 0
    locale: dict[str, Any] = field(default_factory=dict)
    #: the account owner logs in with the tokens; others exist to be searched
    is_owner: bool = False


Item = Unit | Resource | Group | User
