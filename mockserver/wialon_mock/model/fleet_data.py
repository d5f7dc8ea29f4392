"""Fixed reference data the fleet generator draws from: cities, device types, vehicles, sensors.

Cities are real places well inside land, so every point within a few kilometres of the centre
is on land. Hardware type names are real device families; their ids here are our own.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class City(NamedTuple):
    """A city a resource and its units live around."""

    name: str
    lat: float
    lon: float
    alt: int
    phone_prefix: str
    tz: str


CITIES: tuple[City, ...] = (
    City("Minsk", 53.9023, 27.5619, 220, "+37529", "10800"),
    City("Warsaw", 52.2297, 21.0122, 100, "+48601", "3600"),
    City("Vilnius", 54.6872, 25.2797, 112, "+37061", "7200"),
    City("Berlin", 52.5200, 13.4050, 34, "+49151", "3600"),
    City("Madrid", 40.4168, -3.7038, 657, "+34612", "3600"),
    City("Almaty", 43.2389, 76.8897, 800, "+77017", "18000"),
    City("Denver", 39.7392, -104.9903, 1609, "+17205", "-25200"),
    City("Nairobi", -1.2864, 36.8172, 1795, "+25471", "10800"),
)


class HwType(NamedTuple):
    """A device type as ``core/get_hw_types`` lists it."""

    id: int
    name: str
    category: str
    #: protocol id; the real server sends it as a string
    tp: str


HW_TYPES: tuple[HwType, ...] = (
    HwType(1, "Wialon IPS", "auto", "9"),
    HwType(2, "Teltonika FMB920", "auto", "21"),
    HwType(3, "Teltonika FMC130", "auto", "21"),
    HwType(4, "Queclink GV300", "auto", "33"),
    HwType(5, "Galileosky 7.0", "auto", "41"),
    HwType(6, "Ruptela FM-Eco4", "auto", "57"),
    HwType(7, "Concox GT06N", "tracker", "62"),
    HwType(8, "ATrack", "auto", "20219"),
    HwType(9, "Meitrack T366G", "tracker", "74"),
    HwType(10, "Navtelecom Smart S-2435", "auto", "87"),
    HwType(11, "Wialon Retranslator", "soft", "3"),
    HwType(12, "Android WiaTag", "mobile", "112"),
)

#: hardware types the generator gives to vehicles (the rest exist but stay unused)
VEHICLE_HW: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 8, 10)

VEHICLES: tuple[tuple[str, str], ...] = (
    ("Volvo", "FH16"),
    ("Scania", "R450"),
    ("MAN", "TGX"),
    ("Mercedes-Benz", "Actros"),
    ("Mercedes-Benz", "Sprinter"),
    ("Ford", "Transit"),
    ("Renault", "Master"),
    ("Iveco", "Daily"),
    ("DAF", "XF"),
    ("Toyota", "Hilux"),
    ("Volkswagen", "Crafter"),
    ("Peugeot", "Boxer"),
    ("Isuzu", "NPR"),
    ("Kamaz", "5490"),
)

PLATE_LETTERS = "ABCEHKMOPTXY"

#: sensors every unit carries, in the unit JSON ``sens`` shape (ids are filled per unit)
SENSOR_TEMPLATES: tuple[dict[str, Any], ...] = (
    {
        "n": "Ignition",
        "t": "engine operation",
        "d": "",
        "m": "On/Off",
        "p": "in1",
        "f": 0,
        "c": '{"act":1,"appear_in_popup":true}',
        "vt": 1,
        "vs": 0,
        "tbl": [],
    },
    {
        "n": "Mileage",
        "t": "mileage",
        "d": "",
        "m": "km",
        "p": "odometer",
        "f": 0,
        "c": '{"act":1,"appear_in_popup":true}',
        "vt": 1,
        "vs": 0,
        "tbl": [],
    },
    {
        "n": "Fuel level",
        "t": "fuel level",
        "d": "",
        "m": "l",
        "p": "adc1",
        "f": 0,
        "c": '{"act":1,"appear_in_popup":true,"filter":4}',
        "vt": 1,
        "vs": 0,
        "tbl": [{"x": 0, "a": 30, "b": 0}, {"x": 10, "a": 30, "b": 0}],
    },
    {
        "n": "Board voltage",
        "t": "voltage",
        "d": "",
        "m": "V",
        "p": "pwr_ext",
        "f": 0,
        "c": '{"act":1,"appear_in_popup":true}',
        "vt": 1,
        "vs": 0,
        "tbl": [],
    },
)

#: fuel tank size in litres, indexed by the sensor calibration above (10 V = full tank)
TANK_LITRES = 300.0

COMMANDS: tuple[dict[str, Any], ...] = (
    {"n": "Engine block", "c": "block_engine", "l": "", "p": "", "a": 16777216, "f": 0},
    {"n": "Engine unblock", "c": "unblock_engine", "l": "", "p": "", "a": 16777216, "f": 0},
    {"n": "Query position", "c": "query_pos", "l": "", "p": "", "a": 16777216, "f": 0},
    {"n": "Custom message", "c": "custom_msg", "l": "", "p": "", "a": 16777216, "f": 0},
)
