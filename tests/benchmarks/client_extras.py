"""Benchmark 6: what the synchronous facade and catch-up cost against the async client.

* **sync facade**: the same ``core/search_item`` calls, one after the other, through
  ``aiowialon.sync.Wialon`` from a plain thread and through ``aiowialon.Wialon`` awaited in a
  loop, against one fake server in its own process; then 4 threads against 4 workers of the
  async client. The ratio is what hopping into the facade's loop thread adds per call.
* **catch-up**: a polling client watching the fleet; the fake clock moves on by the same span
  twice: once with the session alive (the messages come as ``avl_evts`` events), once after
  the session was killed (``start_polling(catch_up=True)`` logs in again and loads them with
  ``messages/load_interval``). Each time the clock stops when every handler holds every
  message of the span; the ratio is catch-up over ordinary delivery of the same messages.
  The client keeps its default rate limit (10 requests/s), as users run it.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
import time
from typing import Any

from aiowialon import AvlEvent, flags
from aiowialon.events import filters
from wialon_mock import Limits, MockServer
from wialon_mock.model import sim

from . import _ours
from ._common import Row, Settings, Skip, fmt_seconds, median, paired_ratio, say
from ._mock_proc import TOKEN, first_unit, login, mock_server, started

NAME = "client_extras"
TITLE = "client: sync facade and catch-up against the async client"
THREADS = 4


def _sync_class() -> Any:
    try:
        return importlib.import_module("aiowialon.sync").Wialon
    except (ImportError, AttributeError) as exc:
        raise Skip(f"aiowialon.sync is not there yet: {exc}") from exc


def _sync_seconds(port: int, unit: int, total: int, threads: int) -> float:
    sync_wialon = _sync_class()
    with sync_wialon(
        scheme="http", host="127.0.0.1", port=port, token=TOKEN, rps=100_000
    ) as wialon:
        wialon.login()
        per_thread = total // threads

        def work() -> None:
            for _ in range(per_thread):
                wialon.core_search_item(id=unit, flags=1)

        started_at = time.perf_counter()
        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - started_at
        wialon.logout()
    return elapsed


async def _async_seconds(port: int, unit: int, total: int, workers: int) -> float:
    async with _ours.make_client(port, TOKEN, rps=100_000) as wialon:
        await wialon.login()
        per_worker = total // workers

        async def work() -> None:
            for _ in range(per_worker):
                await wialon.core_search_item(id=unit, flags=1)

        started_at = time.perf_counter()
        await asyncio.gather(*(work() for _ in range(workers)))
        elapsed = time.perf_counter() - started_at
        await wialon.logout()
    return elapsed


def _facade_rows(settings: Settings) -> list[Row]:
    total = settings.size(400, 40)
    rounds = 1 if settings.quick else 5
    rows = []
    with started(mock_server(units=20)) as mock:
        unit = first_unit(mock.url, login(mock.url))
        for threads in (1, THREADS):
            sync_s, async_s = [], []
            for _ in range(rounds):
                sync_s.append(_sync_seconds(mock.port, unit, total, threads))
                async_s.append(asyncio.run(_async_seconds(mock.port, unit, total, threads)))
            say(
                f"  {threads} at once: sync {fmt_seconds(median(sync_s))}, "
                f"async {fmt_seconds(median(async_s))}"
            )
            rows.append(
                Row(
                    f"sync facade: {total} calls, {threads} thread(s)",
                    f"{total / median(sync_s):,.0f}/s",
                    f"{total / median(async_s):,.0f}/s",
                    paired_ratio(async_s, sync_s),
                    note="baseline: the async client, as many calls in flight; ratio is "
                    "sync speed / async speed",
                    values={"sync_s": median(sync_s), "async_s": median(async_s)},
                )
            )
    return rows


async def _delivery_seconds(units: int, span: int, kill: bool) -> tuple[float, int]:
    """Seconds until every message of ``span`` fake seconds reached a handler."""
    limits = Limits(avl_evts_per_10s=None)
    async with MockServer(units=units, seed=5, limits=limits) as srv:
        wialon = _ours.make_client(srv.port, srv.token)
        wialon.polling_delay_factor = 0.01
        got = 0
        opened = asyncio.Event()

        async def count(event: AvlEvent) -> None:
            nonlocal got
            got += 1

        async def register(answer: dict[str, Any]) -> None:
            await wialon.core_update_data_flags(
                spec=[{"type": "type", "data": "avl_unit", "mode": 0,
                       "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS}]
            )  # fmt: skip
            opened.set()

        wialon.avl_event_handler(filters.messages)(count)
        wialon.on_session_open(register)
        srv.freeze()
        polling = asyncio.create_task(wialon.start_polling(timeout=1, catch_up=True))
        try:
            await asyncio.wait_for(opened.wait(), 30)
            await asyncio.sleep(0.2)  # the first polls drain what registering queued
            got = 0
            since = srv.world.now()
            target = _expected(srv, since, span)
            started_at = time.perf_counter()
            if kill:
                opened.clear()
                srv.expire_sessions()
            srv.advance(span)
            deadline = time.monotonic() + 60
            while got < target:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"only {got} of {target} messages arrived")
                await asyncio.sleep(0.001)
            elapsed = time.perf_counter() - started_at
        finally:
            await wialon.stop_polling()
            await asyncio.wait_for(polling, 30)
            await wialon.close()
    return elapsed, target


def _expected(srv: Any, since: int, span: int) -> int:
    """Messages the fleet sends in the span (the model's own schedule, not a guess)."""
    return sum(len(sim.times_between(u, since, since + span)) for u in srv.world.units.values())


def _catch_up_rows(settings: Settings) -> list[Row]:
    span = 60 if settings.quick else 600
    units = settings.size(50, 20)
    rounds = 1 if settings.quick else 3
    normal, caught = [], []
    count = 0
    for _ in range(rounds):
        seconds, count = asyncio.run(_delivery_seconds(units, span, kill=False))
        normal.append(seconds)
        caught.append(asyncio.run(_delivery_seconds(units, span, kill=True))[0])
    say(f"  {count:,} messages: polled {fmt_seconds(median(normal))}, caught up "
        f"{fmt_seconds(median(caught))}")  # fmt: skip
    return [
        Row(
            f"catch-up: {count:,} missed messages of {units} units after a lost session",
            fmt_seconds(median(caught)),
            fmt_seconds(median(normal)),
            paired_ratio(caught, normal),
            note="baseline: the same messages delivered by avl_evts to a live session "
            "(re-login and registration are part of the catch-up time)",
            values={"catch_up_s": median(caught), "polled_s": median(normal)},
        )
    ]


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    _ours.wialon_class()
    return _facade_rows(settings) + _catch_up_rows(settings)
