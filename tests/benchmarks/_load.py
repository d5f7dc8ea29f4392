"""The load generator: bare aiohttp, a fixed number of calls, a fixed number in flight.

The same code is the "bare aiohttp" baseline of the client benchmark and the load for the
server benchmark, so every contender meets exactly the same requests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import NamedTuple

import aiohttp


class Speed(NamedTuple):
    """Calls per second of wall-clock time, and CPU seconds this process spent per call.

    The CPU figure counts every thread of this process (aiohttp may use a thread pool) and
    nothing of the server's process, so it is the client's own cost per call, and much less
    disturbed by the other work on a shared machine than the wall-clock rate.
    """

    rate: float
    cpu_per_call: float


async def run_workers(call: Callable[[], Awaitable[object]], total: int, in_flight: int) -> Speed:
    """Await ``call()`` ``total`` times with ``in_flight`` at once.

    Workers take calls from one shared counter, so the total is exact whatever the speed of
    each worker.
    """
    if total < 1:
        raise ValueError("total must be at least 1")
    left = total

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await call()

    cpu = time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(in_flight, total))))
    elapsed = time.perf_counter() - started
    return Speed(total / elapsed, (time.process_time() - cpu) / total)


async def bare_aiohttp_rate(
    url: str,
    form: Mapping[str, str],
    total: int,
    in_flight: int = 10,
    warmup: int = 50,
    *,
    strict: bool = False,
) -> Speed:
    """Calls/s of plain ``session.post(url, data=form)`` + ``json.loads`` of the answer.

    ``strict``: an answer carrying ``error`` stops the run (a server that answers errors fast
    must not look fast).
    """
    connector = aiohttp.TCPConnector(limit=in_flight)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def call() -> object:
            async with session.post(url, data=dict(form)) as response:
                response.raise_for_status()
                answer = await response.json()
                if strict and isinstance(answer, dict) and "error" in answer:
                    raise RuntimeError(f"{url} answered {answer}")
                return answer

        if warmup:
            await run_workers(call, warmup, in_flight)
        return await run_workers(call, total, in_flight)
