"""Benchmark 4: 1,000 calls replayed from a cassette vs the same calls live on the fake server.

The calls are recorded once through pytest_wialon's cassette machinery (``CassetteSession``),
then made live (timed) and replayed with the server stopped (timed; record mode ``none``, so
nothing may leave the machine). Same client, same calls, 10 in flight, limiter out of the way.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from . import _ours
from ._common import Row, Settings, Skip, fmt_rate, median, say
from ._load import run_workers
from ._mock_proc import TOKEN, first_unit, login, mock_server, started

NAME = "replay"
TITLE = "replay: 1,000-interaction cassette vs the same calls live"
TARGET = 2.0
IN_FLIGHT = 10


def _recorder() -> Any:
    try:
        from pytest_wialon.recorder import CassetteSession
        from pytest_wialon.scrub import Scrubber
    except ImportError as exc:
        raise Skip(f"pytest_wialon's cassette machinery is not there yet: {exc}") from exc
    return CassetteSession, Scrubber


async def calls_rate(port: int, unit: int, total: int) -> float:
    """Calls/s of ``total`` distinct ``core/search_item`` calls (login and logout not timed).

    The calls differ in ``flags`` so each one matches its own interaction, as real traffic
    would, instead of replaying one answer a thousand times.
    """
    async with _ours.make_client(port, TOKEN, rps=10_000) as wialon:
        await wialon.login()
        pending = iter(range(total))

        async def call() -> object:
            return await wialon.core_search_item(id=unit, flags=1 + 2 * next(pending))

        speed = await run_workers(call, total, IN_FLIGHT)
        await wialon.logout()
    return speed.rate


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    cassette_session, scrubber = _recorder()
    _ours.wialon_class()
    total = settings.size(1000, 200)
    rounds = 1 if settings.quick else 3
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as tmp:
        path = Path(tmp) / "replay.json"
        live: list[float] = []
        with started(mock_server(units=20)) as mock:
            port = mock.port
            unit = first_unit(mock.url, login(mock.url))
            recorder = cassette_session(path, "all", scrubber())
            recorder.start()
            try:
                asyncio.run(calls_rate(port, unit, total))
            finally:
                recorder.stop()
            for _ in range(rounds):
                live.append(asyncio.run(calls_rate(port, unit, total)))
            say(f"  live: {', '.join(fmt_rate(x) for x in live)}")
        # the server is gone now: a replay that reached for it would fail
        replayed: list[float] = []
        for _ in range(rounds):
            player = cassette_session(path, "none", scrubber())
            player.start()
            try:
                replayed.append(asyncio.run(calls_rate(port, unit, total)))
            finally:
                player.stop()
            if player.misses:
                raise RuntimeError(f"replay missed {len(player.misses)}: {player.misses[0]}")
        say(f"  replay: {', '.join(fmt_rate(x) for x in replayed)}")
    fast, slow = median(replayed), median(live)
    return [
        Row(
            f"replay: {total:,} calls from a cassette",
            fmt_rate(fast),
            fmt_rate(slow),
            fast / slow,
            **settings.judge(f">= {TARGET:.0f}x", fast / slow >= TARGET),
            note="baseline: the same calls live against the fake server",
            values={"replay": fast, "live": slow},
        )
    ]
