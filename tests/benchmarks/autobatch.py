"""Benchmark 2: ``asyncio.gather`` of 100 calls at the default 10 requests/s, against the fake
server, with ``Wialon(auto_batch=True)`` and without it.

Without batching the limiter spaces the calls out (about 9 s for 100); with it they should
leave as a few ``core/batch`` requests. py-aiowialon needs about 9 s here.
"""

from __future__ import annotations

import asyncio
import inspect
import time

from . import _ours, _pyaw
from ._common import Row, Settings, Skip, fmt_seconds, median, say
from ._mock_proc import TOKEN, first_unit, login, mock_server, started

NAME = "autobatch"
TITLE = "auto-batching: gather of 100 calls at the default rps=10"
TARGET_S = 0.5


async def gather_time(port: int, unit: int, calls: int, auto_batch: bool) -> float:
    """Seconds for ``gather`` of ``calls`` ``core/search_item`` calls (login not counted)."""
    async with _ours.make_client(port, TOKEN, auto_batch=auto_batch) as wialon:
        await wialon.login()
        # let the limiter's bucket (10 calls) refill after the login, so both runs start
        # alike; fewer calls than what is left in it never wait anyway
        if calls >= 9:
            await asyncio.sleep(1.0)
        started = time.perf_counter()
        answers = await asyncio.gather(
            *(wialon.core_search_item(id=unit, flags=1) for _ in range(calls))
        )
        elapsed = time.perf_counter() - started
        await wialon.logout()
    if len(answers) != calls or any(a.get("item", {}).get("id") != unit for a in answers):
        raise RuntimeError("auto-batched answers do not match their calls")
    return elapsed


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    cls = _ours.wialon_class()
    if "auto_batch" not in inspect.signature(cls).parameters:
        raise Skip("Wialon(auto_batch=...) does not exist yet")
    calls = settings.size(100, 20)
    rounds = 1 if settings.quick else 3
    with started(mock_server(units=20)) as mock:
        unit = first_unit(mock.url, login(mock.url))
        on = [asyncio.run(gather_time(mock.port, unit, calls, True)) for _ in range(rounds)]
        say(f"  auto_batch=True: {', '.join(fmt_seconds(x) for x in on)}")
        # the unbatched run is slow by design (the limiter), so it runs once
        off = asyncio.run(gather_time(mock.port, unit, calls, False))
        say(f"  auto_batch=False: {fmt_seconds(off)}")
        theirs = _theirs(settings, mock.port, unit, calls)
    best = median(on)
    extra = []
    if theirs is not None:
        extra.append(
            Row(
                f"autobatch: py-aiowialon gather of {calls} calls, rps=10",
                fmt_seconds(theirs),
                fmt_seconds(off),
                theirs / off,
                "(reference ~9 s)",
                None,
                note="baseline: our client with auto_batch=False",
                values={"pyaw_s": theirs, "plain_s": off},
            )
        )
    return [
        Row(
            f"autobatch: gather of {calls} calls, rps=10",
            fmt_seconds(best),
            fmt_seconds(off),
            best / off,
            **settings.judge(f"<= {TARGET_S} s", best <= TARGET_S),
            note="baseline: the same client with auto_batch=False",
            values={"auto_s": best, "plain_s": off},
        ),
        *extra,
    ]


def _theirs(settings: Settings, port: int, unit: int, calls: int) -> float | None:
    # py-aiowialon has no automatic batching: this is the same gather as a user of it writes
    if settings.quick or not settings.allow_pyaw:
        return None
    try:
        exe = _pyaw.python()
    except Skip as exc:
        say(f"  py-aiowialon: {exc}")
        return None
    seconds = _pyaw.gather_seconds(exe, port, calls, item=unit, token=TOKEN)
    say(f"  py-aiowialon: {fmt_seconds(seconds)}")
    return seconds
