"""Conformance of render/set_locale with its reference page, over a real socket."""

from __future__ import annotations

import time

from ._shape import check
from .conftest import START, served


def test_set_locale() -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/render/set_locale
    # The page shows no answer; {} is what is sent (clients only look for an error). The
    # request is the page's parameter list with the values public clients send: tzOffset
    # 134228528 is UTC+3 in the packed format of data-format/time/tz-example.
    with served() as wire:
        answer = wire.json(
            "render/set_locale",
            {
                "tzOffset": 134228528,
                "language": "en",
                "flags": 0,
                "formatDate": "%Y-%m-%E %H:%M:%S",
                "density": 1,
            },
        )
        check(answer, {})
        wire.json(
            "report/exec_report",
            {
                "reportResourceId": wire.server.world.account_id,
                "reportTemplateId": 1,
                "reportObjectId": sorted(wire.server.world.units)[0],
                "reportObjectSecId": 0,
                "interval": {"from": START - 3600, "to": START, "flags": 0},
            },
        )
        rows = wire.json("report/get_result_rows", {"tableIndex": 0, "indexFrom": 0, "indexTo": 0})
        begin = rows[0]["c"][1]
        # the date format and the time zone of the locale: local time is UTC+3
        assert begin["t"] == time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(rows[0]["t1"] + 10800))
        assert wire.json("render/set_locale", {"tzOffset": "three"}) == {"error": 4}
