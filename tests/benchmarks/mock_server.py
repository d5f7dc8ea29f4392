"""Benchmark 3a: ``core/search_item`` answers/s of wialon_mock vs a bare aiohttp JSON handler.

Both servers run in their own process; the load generator is the same plain aiohttp client
with 10 requests in flight, and every answer must be free of ``error``. Rounds alternate the
order, and the median of each server is reported.
"""

from __future__ import annotations

import asyncio
import json

from ._common import Row, Settings, fmt_rate, median, paired_ratio, say
from ._load import bare_aiohttp_rate
from ._mock_proc import first_unit, login, mock_server, started
from ._procs import bare_server

NAME = "mock_server"
TITLE = "fake server: core/search_item answers/s vs bare aiohttp handler"
IN_FLIGHT = 10
TARGET = 0.6


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    total = settings.size(2000, 300)
    rounds = 1 if settings.quick else 5
    with started(mock_server(units=100)) as mock, bare_server() as bare:
        sid = login(mock.url)
        unit = first_unit(mock.url, sid)
        form = {
            "svc": "core/search_item",
            "params": json.dumps({"id": unit, "flags": 1}),
            "sid": sid,
        }
        targets = [
            ("mock", f"{mock.url}/wialon/ajax.html"),
            ("bare", f"{bare.url}/wialon/ajax.html"),
        ]
        rates: dict[str, list[float]] = {"mock": [], "bare": []}
        for round_no in range(rounds):
            order = targets if round_no % 2 == 0 else targets[::-1]
            for name, url in order:
                speed = asyncio.run(bare_aiohttp_rate(url, form, total, IN_FLIGHT, strict=True))
                rates[name].append(speed.rate)
            say(
                f"  round {round_no + 1}/{rounds}: wialon_mock {rates['mock'][-1]:,.0f}/s, "
                f"bare {rates['bare'][-1]:,.0f}/s"
            )
    ours, base = median(rates["mock"]), median(rates["bare"])
    ratio = paired_ratio(rates["mock"], rates["bare"])
    return [
        Row(
            "mock: core/search_item answers/s",
            fmt_rate(ours),
            fmt_rate(base),
            ratio,
            f">= {TARGET}x",
            ratio >= TARGET,
            note=f"{total} calls x {rounds} rounds, {IN_FLIGHT} in flight",
            values={"mock": ours, "bare": base},
        )
    ]
