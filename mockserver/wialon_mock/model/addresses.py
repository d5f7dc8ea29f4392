"""A generated address book around each city: streets with numbered houses, for the fake
geocoder (coordinates to address text) and address search (text to coordinates).

Same seed, same streets. Each city gets a few dozen straight streets crossing its centre
area in different directions, with a house every 100 m; an address is the nearest house on
the nearest street. Names are drawn from fixed word lists, so nothing here calls faker.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

from .fleet_data import CITIES

#: the country and region of each generated city, in the order of ``CITIES``
PLACES: tuple[tuple[str, str], ...] = (
    ("Belarus", "Minsk Region"),
    ("Poland", "Masovian Voivodeship"),
    ("Lithuania", "Vilnius County"),
    ("Germany", "Berlin"),
    ("Spain", "Community of Madrid"),
    ("Kazakhstan", "Almaty Region"),
    ("United States", "Colorado"),
    ("Kenya", "Nairobi County"),
)
_ROOTS = (
    "Oak", "Maple", "Birch", "Cedar", "River", "Lake", "Hill", "Park", "Mill", "Station",
    "Garden", "Forest", "Meadow", "Bridge", "Market", "Church", "Castle", "Harbor", "Spring",
    "Valley", "Sunset", "Willow", "Pine", "Elm", "Ash", "Linden", "Rose", "Orchard", "Field",
    "Stone", "Granite", "Silver", "Golden", "Victory", "Union", "Liberty", "Central",
)  # fmt: skip
_KINDS = ("Street", "Avenue", "Road", "Lane", "Boulevard")
STREETS_PER_CITY = 36
#: houses are this many metres apart along a street
HOUSE_STEP_M = 100.0
#: a point this far from every street of its city gets the city-level address only
STREET_REACH_M = 1500.0
#: within this of a city centre a point is in the city (its streets reach about 8 km out)
CITY_REACH_KM = 25.0
#: how big a generated city is, for gis_geocode's ``city_radius`` (minimum city radius)
CITY_RADIUS_KM = 10.0
#: beyond this from every city centre not even the region or country is known
REGION_REACH_KM = 300.0
_M_PER_DEG = 111_320.0


@dataclass(frozen=True)
class Street:
    """One straight street from ``(lat0, lon0)`` to ``(lat1, lon1)``."""

    name: str
    city: int
    lat0: float
    lon0: float
    lat1: float
    lon1: float

    def length_m(self) -> float:
        """Length in metres."""
        kx = _M_PER_DEG * math.cos(math.radians((self.lat0 + self.lat1) / 2))
        return math.hypot((self.lon1 - self.lon0) * kx, (self.lat1 - self.lat0) * _M_PER_DEG)

    def houses(self) -> int:
        """How many houses the street has."""
        return max(1, int(self.length_m() // HOUSE_STEP_M) + 1)

    def house_point(self, number: int) -> tuple[float, float]:
        """``(lat, lon)`` of house ``number`` (1-based)."""
        f = min(1.0, (number - 1) * HOUSE_STEP_M / max(self.length_m(), 1.0))
        return self.lat0 + f * (self.lat1 - self.lat0), self.lon0 + f * (self.lon1 - self.lon0)


@lru_cache(maxsize=8)
def streets(seed: int) -> tuple[Street, ...]:
    """Every street of every city for ``seed``."""
    out: list[Street] = []
    for index, city in enumerate(CITIES):
        rng = random.Random(seed * 7919 + index)
        names = rng.sample([f"{r} {k}" for r in _ROOTS for k in _KINDS], STREETS_PER_CITY)
        for name in names:
            # a street through a point near the centre, 1.5 to 6 km long, any direction
            lat = city.lat + rng.uniform(-0.04, 0.04)
            lon = city.lon + rng.uniform(-0.06, 0.06)
            half = rng.uniform(750.0, 3000.0)
            angle = rng.uniform(0, math.pi)
            dlat = half * math.sin(angle) / _M_PER_DEG
            dlon = half * math.cos(angle) / (_M_PER_DEG * math.cos(math.radians(lat)))
            out.append(Street(name, index, lat - dlat, lon - dlon, lat + dlat, lon + dlon))
    return tuple(out)


def _km(lat0: float, lon0: float, lat1: float, lon1: float) -> float:
    kx = 111.32 * math.cos(math.radians((lat0 + lat1) / 2))
    return math.hypot((lon1 - lon0) * kx, (lat1 - lat0) * 111.32)


def _nearest_house(street: Street, lat: float, lon: float) -> tuple[float, int]:
    kx = _M_PER_DEG * math.cos(math.radians(lat))
    ax, ay = street.lon0 * kx, street.lat0 * _M_PER_DEG
    bx, by = street.lon1 * kx, street.lat1 * _M_PER_DEG
    px, py = lon * kx, lat * _M_PER_DEG
    dx, dy = bx - ax, by - ay
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / span))
    dist = math.hypot(px - (ax + t * dx), py - (ay + t * dy))
    number = round(t * street.length_m() / HOUSE_STEP_M) + 1
    return dist, min(number, street.houses())


@dataclass(frozen=True)
class Place:
    """What the address book knows of a point: its parts (empty when unknown) and, for a
    point outside every city, the nearest city and how far away it is."""

    country: str
    region: str
    city: str
    street: str
    house: str
    #: the nearest generated city, and the distance to its centre in km
    near_city: str
    km: float
    #: ``True`` when the point lies inside ``near_city`` (then ``city`` names it)
    inside: bool


def place(seed: int, lat: float, lon: float) -> Place:
    """The parts of the address of ``(lat, lon)``: street and house near a street of a city,
    the city inside it, region and country of the nearest city up to :data:`REGION_REACH_KM`."""
    centres = [(_km(lat, lon, c.lat, c.lon), i) for i, c in enumerate(CITIES)]
    km, city = min(centres)
    name = CITIES[city].name
    country, region = PLACES[city]
    if km > CITY_REACH_KM:
        if km > REGION_REACH_KM:
            # open sea or another continent: the generated book knows nothing there
            country = region = ""
        return Place(country, region, "", "", "", name, km, False)
    near = [(_nearest_house(s, lat, lon), s) for s in streets(seed) if s.city == city]
    (dist, number), street = min(near, key=lambda item: item[0][0])
    if dist > STREET_REACH_M:
        return Place(country, region, name, "", "", name, km, True)
    return Place(country, region, name, street.name, str(number), name, km, True)


@dataclass(frozen=True)
class Found:
    """One search result: what was found and where."""

    name: str
    path: str
    lat: float
    lon: float
    country: str
    region: str
    city: str
    street: str
    house: str


def search(
    seed: int, country: str = "", region: str = "", city: str = "", street: str = "", level: int = 3
) -> list[Found]:
    """Places matching the given name parts (case-insensitive substrings), at ``level``
    0 country, 1 region, 2 city, 3 street, 4 house (the street text may end in a number)."""

    def has(value: str, part: str) -> bool:
        return part.strip().lower() in value.lower()

    house = ""
    if level >= 4 and street.strip():
        head, _, tail = street.strip().rpartition(" ")
        if tail.isdigit() and head:
            street, house = head, tail
    out: list[Found] = []
    seen: set[str] = set()
    for index, c in enumerate(CITIES):
        place_country, place_region = PLACES[index]
        if not (has(place_country, country) and has(place_region, region) and has(c.name, city)):
            continue
        if level <= 2:
            name = (place_country, place_region, c.name)[max(0, level)]
            if name in seen:
                continue
            seen.add(name)
            path = ", ".join((place_country, place_region, c.name)[: max(0, level)][::-1])
            out.append(Found(name, path, c.lat, c.lon, place_country, place_region, c.name, "", ""))
            continue
        for s in streets(seed):
            if s.city != index or not has(s.name, street):
                continue
            number = min(int(house), s.houses()) if house else max(1, s.houses() // 2)
            lat, lon = s.house_point(number)
            name = f"{s.name} {number}" if house else s.name
            path = f"{c.name}, {place_region}, {place_country}"
            out.append(
                Found(name, path, lat, lon, place_country, place_region, c.name, s.name, house)
            )
    return out
