"""The session's render locale: time zone, language, measure system and date format.

``render/set_locale`` sets it (help.wialon.com, API reference, render/set_locale); report cells,
report statistics and the formatted sensor values of a session follow it. A session that never
set one uses its user's settings (``tz``, ``language``, ``msc`` properties) and the date format
real clients pin most often, ``%Y-%m-%E %H:%M:%S``.

The ``tz`` value packs the UTC offset and the DST settings into one signed 32-bit integer
(help.wialon.com, data-format/time/tz-example, es page, the most explicit one): bits 0-15 the
offset in seconds, bits 16-27 DST settings, bits 28-31 set when the offset is negative; when
``tz & 0x0C000000 != 0x08000000`` the value is in the old format, offset ``tz & 0xFFFFFFFE``.
DST rules are not modelled: the offset applies all year.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from .errors import ApiError

METRIC, US, IMPERIAL = 0, 1, 2
DEFAULT_DATE_FORMAT = "%Y-%m-%E %H:%M:%S"
#: real offsets lie within UTC-12 .. UTC+14; anything beyond is a garbled value
MAX_OFFSET = 14 * 3600

_MONTHS = {
    "en": [
        *("January", "February", "March", "April", "May", "June"),
        *("July", "August", "September", "October", "November", "December"),
    ],
    "ru": [
        *("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь"),
        *("Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"),
    ],
}
_DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "ru": ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"],
}

#: words of report headers, statistics and units, by language; others fall back to English
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "km": "km",
        "mi": "mi",
        "kmh": "km/h",
        "mph": "mph",
        "l": "l",
        "gal": "gal",
        "m": "m",
        "ft": "ft",
        "h": "h",
        "day": "day",
        "days": "days",
        "on": "On",
        "off": "Off",
    },
    "ru": {
        "km": "км",
        "mi": "мили",
        "kmh": "км/ч",
        "mph": "миль/ч",
        "l": "л",
        "gal": "гал",
        "m": "м",
        "ft": "фт",
        "h": "ч",
        "day": "день",
        "days": "дн.",
        "on": "Вкл",
        "off": "Выкл",
    },
}


def decode_tz(value: int) -> int:
    """The UTC offset in seconds packed in a Wialon ``tz`` / ``tzOffset`` value."""
    value &= 0xFFFFFFFF
    if value & 0x80000000:
        value -= 1 << 32
    if value & 0x0C000000 == 0x08000000:
        offset = value & 0xFFFF
        if value < 0:
            offset -= 0x10000
    else:
        offset = value & ~1
    if abs(offset) > MAX_OFFSET:
        raise ApiError(4)
    return offset


@dataclass(frozen=True)
class Locale:
    """How one session's report cells and formatted values read."""

    offset: int = 0
    language: str = "en"
    measure: int = METRIC
    date_format: str = DEFAULT_DATE_FORMAT

    def word(self, key: str) -> str:
        """A unit or label word in the locale's language."""
        return WORDS.get(self.language, WORDS["en"]).get(key, WORDS["en"][key])

    # -- time --------------------------------------------------------------------------

    def when(self, t: int) -> str:
        """A UTC time as the date format of the locale writes it, in its time zone."""
        return format_time(t + self.offset, self.date_format, self.language)

    def span(self, seconds: int) -> str:
        """A duration: ``H:MM:SS``, with whole days in front once it reaches one."""
        seconds = max(0, int(seconds))
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        clock = f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
        if not days:
            return clock
        return f"{days} {self.word('day' if days == 1 else 'days')} {clock}"

    def day_start(self, t: int) -> int:
        """UTC time of local midnight of the day holding ``t``."""
        return t - (t + self.offset) % 86400

    # -- measures ----------------------------------------------------------------------

    def distance(self, km: float) -> tuple[float, str]:
        """A distance in the locale's unit (km, or miles for U.S. and imperial)."""
        if self.measure == METRIC:
            return km, self.word("km")
        return km * 0.621371, self.word("mi")

    def speed(self, kmh: float) -> tuple[float, str]:
        """A speed in the locale's unit."""
        if self.measure == METRIC:
            return kmh, self.word("kmh")
        return kmh * 0.621371, self.word("mph")

    def volume(self, litres: float) -> tuple[float, str]:
        """A fuel volume: litres, U.S. gallons or imperial gallons."""
        if self.measure == US:
            return litres * 0.264172, self.word("gal")
        if self.measure == IMPERIAL:
            return litres * 0.219969, self.word("gal")
        return litres, self.word("l")

    def altitude(self, metres: float) -> tuple[float, str]:
        """An altitude: metres, or feet outside the metric system."""
        if self.measure == METRIC:
            return metres, self.word("m")
        return metres * 3.28084, self.word("ft")


def with_unit(pair: tuple[float, str], digits: int = 2) -> str:
    """``12.35 km`` from a value and its unit word."""
    value, unit = pair
    return f"{value:.{digits}f} {unit}"


def format_time(local: int, fmt: str, language: str = "en") -> str:
    """Expand the ``%`` codes of the render/set_locale page for a local time.

    ``%E``/``%e`` are the day of the month (with/without a leading zero), ``%l`` the month
    without one; ``%P`` (Persian calendar) is not modelled and writes the Gregorian date.
    Unknown codes are written as they are.
    """
    tm = time.gmtime(local)
    months = _MONTHS.get(language, _MONTHS["en"])
    days = _DAYS.get(language, _DAYS["en"])
    hour12 = tm.tm_hour % 12 or 12
    codes: dict[str, str] = {
        "H": f"{tm.tm_hour:02d}",
        "B": months[tm.tm_mon - 1],
        "b": months[tm.tm_mon - 1][:3],
        "m": f"{tm.tm_mon:02d}",
        "l": str(tm.tm_mon),
        "A": days[tm.tm_wday],
        "a": days[tm.tm_wday][:3],
        "E": f"{tm.tm_mday:02d}",
        "e": str(tm.tm_mday),
        "d": f"{tm.tm_mday:02d}",
        "I": f"{hour12:02d}",
        "M": f"{tm.tm_min:02d}",
        "S": f"{tm.tm_sec:02d}",
        "p": "AM" if tm.tm_hour < 12 else "PM",
        "Y": f"{tm.tm_year:04d}",
        "y": f"{tm.tm_year % 100:02d}",
        "P": f"{tm.tm_mday:02d}.{tm.tm_mon:02d}.{tm.tm_year:04d}",
        "%": "%",
    }
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "%" and i + 1 < len(fmt):
            code = fmt[i + 1]
            out.append(codes.get(code, "%" + code))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def from_user(prp: dict[str, Any]) -> Locale:
    """The locale a session of a user with these properties starts with."""

    def number(key: str) -> int:
        try:
            return int(str(prp.get(key, "0")))
        except ValueError:
            return 0

    try:
        offset = decode_tz(number("tz"))
    except ApiError:
        offset = 0
    language = str(prp.get("language") or "en")
    measure = number("msc") if number("msc") in (METRIC, US, IMPERIAL) else METRIC
    return Locale(offset=offset, language=language, measure=measure)
