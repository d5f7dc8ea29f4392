"""The load generator: bare aiohttp, a fixed number of calls, a fixed number in flight.

The same code is the "bare aiohttp" baseline of the client benchmark and the load for the
server benchmark, so every contender meets exactly the same requests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

import aiohttp


async def run_workers(call: Callable[[], Awaitable[object]], total: int, in_flight: int) -> float:
    """Await ``call()`` ``total`` times with ``in_flight`` at once; return calls per second.

    Workers take calls from one shared counter, so the total is exact whatever the speed of
    each worker.
    """
    left = total

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await call()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(in_flight, total))))
    return total / (time.perf_counter() - started)


async def bare_aiohttp_rate(
    url: str,
    form: Mapping[str, str],
    total: int,
    in_flight: int = 10,
    warmup: int = 50,
    *,
    strict: bool = False,
) -> float:
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

        await run_workers(call, warmup, in_flight)
        return await run_workers(call, total, in_flight)
