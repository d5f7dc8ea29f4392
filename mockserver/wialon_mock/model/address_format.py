"""Address text for ``gis_geocode``, in the order and detail its ``flags`` and distance
parameters ask for.

https://help.wialon.com/en/api/user-guide/api-reference/other-methods/address-gis_geocode
(and its older copy https://sdk.wialon.com/wiki/en/local/remoteapi1504/apiref/requests/address):

* the output format is up to five digits, 1 country, 2 region, 3 city, 4 street, 5 house,
  each in three bits from the top of the 32-bit ``flags``: the first digit in bits 30-28, the
  second in 27-25, ... the fifth in 18-16 (the page's table: 45321 is
  ``0 100 101 011 010 001`` followed by 16 zero bits, 1255211008). A digit may repeat
  (33333 gives the city five times). The default is 45321 (street, house, city, region,
  country); ``flags`` 0 (no digit) is read as that default.
* the parts are joined with ", ", the street and the house as two parts: the page's sample
  (sdk.wialon.com, codesamples/address_coords) answers flags 1255211008 with
  "Skryganova st., 6A, Minsk, Belarus" and flags 1073741824 (digit 4 alone) with
  "Skryganova st.". A part the point does not have (no street out of town) is left out.
* ``dist_from_unit`` (km, "maximum distance from unit"): a point outside every city but
  within that distance of one gets the distance to it in the address; ``city_radius`` (km,
  "minimal city radius"): when no city is that near, the address is bound to a city at
  least that big instead; ``txt_dist`` is the text written with the distance.

Where the pages are silent (choices): the distance part stands where the city would,
written ``"12.3 km from Minsk"`` (one decimal, kilometres; ``txt_dist`` replaces
``"km from"`` when given); without ``dist_from_unit`` (or 0) a point out of town gets no
distance at all, only its region and country (and so does a point beyond the address
book's reach, :data:`~wialon_mock.model.addresses.REGION_REACH_KM`, which has no parts at
all and answers ``""``); every generated city is
:data:`~wialon_mock.model.addresses.CITY_RADIUS_KM` in radius; digits 0, 6 and 7 name no
part and are skipped; the low 16 bits are ignored.
"""

from __future__ import annotations

from .addresses import CITY_RADIUS_KM, Place

#: the page's default output format 45321: street, house, city, region, country
DEFAULT_FLAGS = 1255211008
#: written with the distance when ``txt_dist`` is not given
DEFAULT_TXT_DIST = "km from"
COUNTRY, REGION, CITY, STREET, HOUSE = 1, 2, 3, 4, 5


def digits(flags: int) -> list[int]:
    """The format digits in ``flags`` (1-5 each, in output order); the default when none."""
    found = [(flags >> (28 - 3 * k)) & 0x7 for k in range(5)]
    picked = [d for d in found if COUNTRY <= d <= HOUSE]
    return picked or digits(DEFAULT_FLAGS)


def render(
    where: Place,
    flags: int,
    *,
    dist_from_unit: float = 0.0,
    city_radius: float = 0.0,
    txt_dist: str = "",
) -> str:
    """The address text of ``where`` in the format ``flags`` gives."""
    city = where.city
    if not where.inside and where.country:
        near = where.km <= dist_from_unit
        # no city that near: bind to the nearest city of at least city_radius (all of ours
        # are CITY_RADIUS_KM, so that is the nearest one or none)
        big = 0 < city_radius <= CITY_RADIUS_KM
        if near or big:
            text = txt_dist.strip() or DEFAULT_TXT_DIST
            city = f"{where.km:.1f} {text} {where.near_city}"
    parts = {
        COUNTRY: where.country,
        REGION: where.region,
        CITY: city,
        STREET: where.street,
        HOUSE: where.house,
    }
    return ", ".join(text for d in digits(flags) if (text := parts[d]))
