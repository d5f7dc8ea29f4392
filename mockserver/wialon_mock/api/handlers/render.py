"""render/* calls: the session's render locale.

Only ``render/set_locale`` is faked; layers and tiles are not.
"""

from __future__ import annotations

from typing import Any

from ...model.errors import ApiError
from ...model.render_locale import DEFAULT_DATE_FORMAT, IMPERIAL, Locale, decode_tz
from ..params import as_int, obj, opt_str, req_int
from ..registry import SessionCtx, endpoint

#: measurement system bits of ``flags``: 0 metric, 1 U.S., 2 imperial (the page names the
#: three systems without values; these are the values of the user ``msc`` property and of
#: events/load ``measure``). Other bits (clients send 0x100) are accepted and ignored.
_MEASURE_MASK = 0x3


@endpoint("render/set_locale")
def set_locale(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the session's time zone, language, measure system and date format.

    https://help.wialon.com/en/api/user-guide/api-reference/render/set_locale . The answer is
    ``{}`` (the page shows none; real clients ignore it). Report cells and statistics, and the
    formatted values of unit/calc_last, follow the locale from then on. ``tzOffset`` is decoded
    as data-format/time/tz-example (es page) describes; a value whose offset is beyond UTC±14
    hours, a language that is not a two-letter code or an unknown measure system is error 4.
    """
    p = obj(params)
    offset = decode_tz(req_int(p, "tzOffset"))
    language = opt_str(p, "language", "en") or "en"
    if len(language) != 2 or not language.isalpha():
        raise ApiError(4)
    measure = as_int(p.get("flags", 0) or 0) & _MEASURE_MASK
    if measure > IMPERIAL:
        raise ApiError(4)
    date_format = opt_str(p, "formatDate", DEFAULT_DATE_FORMAT) or DEFAULT_DATE_FORMAT
    as_int(p.get("density", 0) or 0)  # validated only: no tiles are rendered
    ctx.session.locale = Locale(offset, language.lower(), measure, date_format)
    return {}
