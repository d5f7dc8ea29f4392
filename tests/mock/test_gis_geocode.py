"""gis_geocode follows its format flags and distance parameters, over a socket.

https://help.wialon.com/en/api/user-guide/api-reference/other-methods/address-gis_geocode:
``flags`` holds up to five digits (1 country, 2 region, 3 city, 4 street, 5 house) three
bits each from bit 30 down; ``dist_from_unit``/``city_radius``/``txt_dist`` put the distance
to a city into the address of a point out of town. Expectations come from the server's own
answers (the default format, gis_search), not pinned strings.
"""

from __future__ import annotations

import json
import math
from typing import Any

import aiohttp

from wialon_mock import MockServer

from .conftest import call, login

DEFAULT = 1255211008  # 45321, the page's default and its example


def fmt(*digits: int) -> int:
    """``flags`` for the format digits, as the page packs them (bits 30-28 first)."""
    return sum(d << (28 - 3 * k) for k, d in enumerate(digits))


async def _gis_sid(http: aiohttp.ClientSession, server: MockServer) -> str:
    sid = await login(http, server)
    reply = await call(http, server, "core/duplicate", {"restore": 1}, sid)
    return str(reply["gis_sid"])


async def _geocode(
    http: aiohttp.ClientSession, server: MockServer, gis_sid: str, lat: float, lon: float,
    **extra: Any,
) -> Any:  # fmt: skip
    query = {"coords": json.dumps([{"lon": lon, "lat": lat}]), "gis_sid": gis_sid,
             **{k: str(v) for k, v in extra.items()}}  # fmt: skip
    async with http.get(f"{server.url}/localhost/gis_geocode", params=query) as resp:
        answer = json.loads(await resp.read())
    if isinstance(answer, list):
        [text] = answer
        return text
    return answer


async def _search(
    http: aiohttp.ClientSession, server: MockServer, gis_sid: str, **parts: str | int
) -> list[dict[str, Any]]:
    # as a client that wants the coordinates, path and map name: 0x400 | 0x100 | 0x200
    parts["flags"] = int(parts.get("flags", 0)) | 0x700
    query = {"count": "50", "gis_sid": gis_sid, **{k: str(v) for k, v in parts.items()}}
    async with http.get(f"{server.url}/gis_search", params=query) as resp:
        return list(json.loads(await resp.read())["items"])


def test_the_page_examples_pack_as_documented() -> None:
    assert fmt(4, 5, 3, 2, 1) == DEFAULT
    assert fmt(4, 5) == 1241513984
    assert fmt(3, 3, 3, 3, 3) == 920322048
    assert fmt(4) == 1073741824  # the sample's "street only"


async def test_flags_pick_the_parts_and_their_order(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    gis_sid = await _gis_sid(http, server)
    # a house of a generated street, found back by address search
    [city] = await _search(http, server, gis_sid, city="Minsk", flags=2)
    streets = await _search(http, server, gis_sid, city="Minsk", street="", flags=3)
    lat, lon = streets[0]["y"], streets[0]["x"]
    full = await _geocode(http, server, gis_sid, lat, lon, flags=DEFAULT)
    street, house, town, region, country = full.split(", ")
    assert street == streets[0]["name"]
    assert town == city["name"] == "Minsk"
    assert house.isdigit()
    assert await _geocode(http, server, gis_sid, lat, lon, flags=fmt(1, 2, 3, 4, 5)) == ", ".join(
        [country, region, town, street, house]
    )
    assert await _geocode(http, server, gis_sid, lat, lon, flags=fmt(4)) == street
    assert await _geocode(http, server, gis_sid, lat, lon, flags=fmt(3, 3, 3, 3, 3)) == ", ".join(
        [town] * 5
    )
    assert (
        await _geocode(http, server, gis_sid, lat, lon, flags=fmt(2, 1)) == f"{region}, {country}"
    )
    # no flags (or no digit in them) is the default format
    assert await _geocode(http, server, gis_sid, lat, lon) == full
    assert await _geocode(http, server, gis_sid, lat, lon, flags=0) == full


def _km(lat0: float, lon0: float, lat1: float, lon1: float) -> float:
    kx = 111.32 * math.cos(math.radians((lat0 + lat1) / 2))
    return math.hypot((lon1 - lon0) * kx, (lat1 - lat0) * 111.32)


async def test_distance_to_the_nearest_city_follows_dist_from_unit_and_city_radius(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    gis_sid = await _gis_sid(http, server)
    [city] = await _search(http, server, gis_sid, city="Minsk", flags=2)
    lat, lon = city["y"] + 0.36, city["x"]  # about 40 km north: out of town
    km = _km(lat, lon, city["y"], city["x"])
    bare = await _geocode(http, server, gis_sid, lat, lon, flags=DEFAULT)
    assert "Minsk" not in bare.replace("Minsk Region", ""), "no city and no distance by default"
    near = await _geocode(http, server, gis_sid, lat, lon, flags=DEFAULT, dist_from_unit=50,
                          txt_dist="km from")  # fmt: skip
    distance, _, town = near.split(", ")[0].partition(" km from ")
    assert town == "Minsk"
    assert float(distance) == round(km, 1)
    assert near.endswith(bare), "the region and country stay"
    too_far = await _geocode(http, server, gis_sid, lat, lon, flags=DEFAULT, dist_from_unit=20)
    assert too_far == bare
    # no city within dist_from_unit: bound to a city at least city_radius big instead
    bound = await _geocode(http, server, gis_sid, lat, lon, flags=DEFAULT, dist_from_unit=20,
                           city_radius=5, txt_dist="km to")  # fmt: skip
    assert bound.startswith(f"{round(km, 1)} km to Minsk")
    huge = await _geocode(http, server, gis_sid, lat, lon, flags=DEFAULT, city_radius=500)
    assert huge == bare, "no generated city is that big"
    city_only = await _geocode(http, server, gis_sid, lat, lon, flags=fmt(3), dist_from_unit=50)
    assert city_only == near.split(", ")[0]


async def test_bad_numbers_are_error_4(server: MockServer, http: aiohttp.ClientSession) -> None:
    gis_sid = await _gis_sid(http, server)
    for bad in ({"flags": "many"}, {"dist_from_unit": "far"}, {"city_radius": "nan"},
                {"flags": "-1"}):  # fmt: skip
        assert await _geocode(http, server, gis_sid, 53.9, 27.56, **bad) == {"error": 4}
    deep = {"coords": "[" * 100_000, "gis_sid": gis_sid}
    async with http.post(f"{server.url}/gis_geocode", data=deep) as resp:
        assert json.loads(await resp.read()) == {"error": 4}
    assert isinstance(await _geocode(http, server, gis_sid, 53.9, 27.56, flags=DEFAULT), str)


async def test_search_flags_pick_the_candidates_parts_and_the_path_format(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    gis_sid = await _gis_sid(http, server)
    query = {"city": "Minsk", "count": "5", "gis_sid": gis_sid}
    seen = {}
    for flags in (0x3, 0x3 | 0x400, 0x3 | 0x100, 0x3 | 0x200, 0x3 | 0x700, 0x3 | 0x100 | fmt(4, 3)):
        async with http.get(
            f"{server.url}/gis_search", params={**query, "flags": str(flags)}
        ) as resp:
            seen[flags] = json.loads(await resp.read())["items"]
    plain = seen[0x3]
    assert plain
    assert all(set(item) == {"name"} for item in plain)
    assert all(set(item) == {"name", "x", "y"} for item in seen[0x403])
    assert all(set(item) == {"name", "path", "formatted_path"} for item in seen[0x103])
    assert all(set(item) == {"name", "map"} for item in seen[0x203])
    full = seen[0x703]
    assert [i["name"] for i in full] == [i["name"] for i in plain]
    # searchFlags names the same additions
    async with http.get(
        f"{server.url}/gis_search", params={**query, "flags": "3", "searchFlags": "1024"}
    ) as resp:
        assert json.loads(await resp.read())["items"] == seen[0x403]
    # with format digits 4 and 3, formatted_path is "street, city" of the candidate
    for item, formatted in zip(full, seen[0x103 | fmt(4, 3)], strict=True):
        street = item["name"]
        city = item["path"].split(", ")[0]
        assert formatted["formatted_path"] == f"{street}, {city}"
