"""Benchmark 4: 1,000 calls replayed from a cassette vs the same calls live on the fake server.

The calls are recorded once through pytest_wialon's cassette machinery (``CassetteSession``),
then made live and replayed (record mode ``none``: nothing may leave the machine, and the
server's journal checks that nothing reached it), in alternating rounds. Same client, same
calls, 10 in flight, limiter out of the way.

Growth: cassettes of 100, 1,000 and 10,000 interactions are recorded the same way, then each
is opened and replayed whole; opening and the replay rate should not grow faster than the
cassette (the cost per interaction stays flat).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from . import _ours
from ._common import Row, Settings, Skip, fmt_rate, median, paired_ratio, say
from ._load import run_workers
from ._mock_proc import TOKEN, admin, first_unit, login, mock_server, started

NAME = "replay"
TITLE = "replay: 1,000-interaction cassette vs the same calls live"
TARGET = 10.0
OPEN_TARGET_S = 0.050
IN_FLIGHT = 10
GROWTH_SIZES = (100, 1_000, 10_000)


def _recorder() -> Any:
    try:
        from pytest_wialon.recorder import CassetteSession
        from pytest_wialon.scrub import Scrubber
    except ImportError as exc:
        raise Skip(f"pytest_wialon's cassette machinery is not there yet: {exc}") from exc
    return CassetteSession, Scrubber


async def calls_rate(port: int, unit: int, total: int, *, same_size: bool = False) -> float:
    """Calls/s of ``total`` distinct ``core/search_item`` calls (login and logout not timed).

    The calls differ in ``flags`` so each one matches its own interaction, as real traffic
    would, instead of replaying one answer a thousand times. With ``same_size`` they differ
    only in flag bits no item section uses, so every answer has the same size (the growth
    rows compare cassettes by their number of interactions, not by their answers' size).
    """
    async with _ours.make_client(port, TOKEN, rps=10_000) as wialon:
        await wialon.login()
        pending = iter(range(total))

        def flags_of(n: int) -> int:
            return 1 | (n + 1) << 40 if same_size else 1 + 2 * n

        async def call() -> object:
            return await wialon.core_search_item(id=unit, flags=flags_of(next(pending)))

        speed = await run_workers(call, total, IN_FLIGHT)
        await wialon.logout()
    return speed.rate


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    cassette_session, scrubber = _recorder()
    _ours.wialon_class()
    total = settings.size(1000, 200)
    rounds = 1 if settings.quick else 5
    live: list[float] = []
    replayed: list[float] = []
    opened: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-replay-") as tmp,
        started(mock_server(units=20)) as mock,
    ):
        path = Path(tmp) / "replay.json"
        port = mock.port
        unit = first_unit(mock.url, login(mock.url))
        recorder = cassette_session(path, "all", scrubber())
        recorder.start()
        try:
            asyncio.run(calls_rate(port, unit, total))
        finally:
            recorder.stop()

        def replay() -> float:
            admin(mock.url, "DELETE", "journal")
            player = cassette_session(path, "none", scrubber())
            # Opening the cassette is not part of the call rate; shown beside it instead.
            began = time.perf_counter()
            player.start()
            opened.append(time.perf_counter() - began)
            try:
                rate = asyncio.run(calls_rate(port, unit, total))
            finally:
                player.stop()
            if player.misses:
                raise RuntimeError(f"replay missed {len(player.misses)}: {player.misses[0]}")
            # the server stays up so rounds can alternate; its journal proves replay never
            # reached it
            reached = admin(mock.url, "GET", "journal")
            if reached:
                raise RuntimeError(f"replay reached the server {len(reached)} times")
            return rate

        for round_no in range(rounds):
            # alternate the order so a slow spell of the machine hits both alike
            if round_no % 2 == 0:
                live.append(asyncio.run(calls_rate(port, unit, total)))
                replayed.append(replay())
            else:
                replayed.append(replay())
                live.append(asyncio.run(calls_rate(port, unit, total)))
        say(f"  live: {', '.join(fmt_rate(x) for x in live)}")
        say(f"  replay: {', '.join(fmt_rate(x) for x in replayed)}")
        say(f"  opening the cassette: {', '.join(f'{x * 1000:.0f} ms' for x in opened)}")
    fast, slow = median(replayed), median(live)
    ratio = paired_ratio(replayed, live)
    opening = median(opened)
    return [
        Row(
            f"replay: {total:,} calls from a cassette",
            fmt_rate(fast),
            fmt_rate(slow),
            ratio,
            **settings.judge(f">= {TARGET:.0f}x", ratio >= TARGET),
            note="baseline: the same calls live against the fake server",
            values={"replay": fast, "live": slow},
        ),
        Row(
            f"replay: opening a {total:,}-interaction cassette",
            f"{opening * 1000:.0f} ms",
            **settings.judge(f"<= {OPEN_TARGET_S * 1000:.0f} ms", opening <= OPEN_TARGET_S),
            values={"open_seconds": opening},
        ),
        *_growth(settings, cassette_session, scrubber),
    ]


def _growth(settings: Settings, cassette_session: Any, scrubber: Any) -> list[Row]:
    """Open time and replay rate of cassettes of growing size."""
    sizes = [settings.size(n, max(20, n // 50)) for n in GROWTH_SIZES]
    rows: list[Row] = []
    per_call: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-replay-growth-") as tmp,
        started(mock_server(units=20)) as mock,
    ):
        unit = first_unit(mock.url, login(mock.url))
        for size in sizes:
            path = Path(tmp) / f"c{size}.json"
            recorder = cassette_session(path, "all", scrubber())
            recorder.start()
            try:
                asyncio.run(calls_rate(mock.port, unit, size, same_size=True))
            finally:
                recorder.stop()
            player = cassette_session(path, "none", scrubber())
            began = time.perf_counter()
            player.start()
            open_s = time.perf_counter() - began
            try:
                rate = asyncio.run(calls_rate(mock.port, unit, size, same_size=True))
            finally:
                player.stop()
            if player.misses:
                raise RuntimeError(f"replay missed {len(player.misses)}: {player.misses[0]}")
            per_call.append(1 / rate)
            rows.append(
                Row(
                    f"replay growth: {size:,} interactions",
                    f"open {open_s * 1000:.0f} ms",
                    note=f"{open_s / size * 1e6:.0f} us per interaction to open; replay "
                    f"{fmt_rate(rate)}; file {path.stat().st_size / 2**20:.1f} MiB",
                    values={"open_s": open_s, "rate": rate},
                )
            )
    say(
        f"  replay cost per call, largest / smallest cassette: {max(per_call) / min(per_call):.2f}x"
    )
    return rows
