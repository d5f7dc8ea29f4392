"""Drives py-aiowialon 2.0.0 against a local server; runs in ``.venv-pyaw``, never in our venv.

It has the same import name as our client, so it lives in its own virtual environment and this
script runs in that interpreter (isolated mode, so our checkout is not on ``sys.path``). It
prints one JSON line: ``{"rate": calls_per_second, "cpu_per_call": seconds, "version": ...}``.
Standard library and py-aiowialon only.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.metadata
import json
import time
import warnings
from collections.abc import Awaitable, Callable
from typing import Any


async def _workers(
    call: Callable[[], Awaitable[object]], total: int, in_flight: int
) -> tuple[float, float]:
    # the same worker scheme as tests/benchmarks/_load.py, so the contenders meet the same load
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
    return total / elapsed, (time.process_time() - cpu) / total


async def main(args: argparse.Namespace) -> dict[str, object]:
    # imported by name at run time: mypy would check it against OUR aiowialon, a different API
    pyaw: Any = importlib.import_module("aiowialon")
    Wialon = pyaw.Wialon

    wialon = Wialon(scheme="http", host=args.host, port=args.port, token=args.token, rps=args.rps)
    try:
        await wialon.login()

        async def call() -> object:
            return await wialon.core_search_item(id=args.item, flags=1)

        if args.gather:
            # what a user writes: gather every call at once; the limiter spaces them out
            await asyncio.sleep(1.0)  # refill the limiter after the login, as ours gets
            started = time.perf_counter()
            await asyncio.gather(*(call() for _ in range(args.total)))
            return {"seconds": time.perf_counter() - started}
        if args.warmup:
            await _workers(call, args.warmup, args.in_flight)
        rate, cpu_per_call = await _workers(call, args.total, args.in_flight)
    finally:
        await wialon.logout()
        await wialon._close_http_session()
    return {
        "rate": rate,
        "cpu_per_call": cpu_per_call,
        "version": importlib.metadata.version("py-aiowialon"),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", default="b" * 72)
    parser.add_argument("--total", type=int, default=1000)
    parser.add_argument("--in-flight", type=int, default=10)
    parser.add_argument("--rps", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--item", type=int, default=1001)
    parser.add_argument("--gather", action="store_true", help="time one gather of --total")
    # logging stays as a user gets it by default (nothing configured)
    warnings.simplefilter("ignore")
    print(json.dumps(asyncio.run(main(parser.parse_args()))), flush=True)
