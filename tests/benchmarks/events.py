"""Benchmark 5: 100,000 AVL events through 10 filtered handlers (``aiowialon.events``).

The events come as ``avl_evts`` replies of 1,000 events each, are parsed with
``parse_avl_events`` and routed by an ``EventDispatcher`` holding 10 handlers, each filtered
on its own tenth of the units (``filters.items``) so an event is tried against 5.5 filters on
average. The clock stops when every handler's callback has seen all of its events. Baseline:
the same routing written as a bare Python loop over the raw dicts (the least work possible).
"""

from __future__ import annotations

import asyncio
import importlib
import time
from typing import Any

from ._common import Row, Settings, Skip, fmt_seconds, median, say

NAME = "events"
TITLE = "event dispatch: 100,000 events through 10 filtered handlers"
HANDLERS = 10
UNITS = 1_000
PER_REPLY = 1_000
TARGET_S = 1.0


def replies(total: int) -> list[dict[str, Any]]:
    """``avl_evts`` replies carrying ``total`` events: mostly messages, some updates."""
    out: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for n in range(total):
        unit = 5_000 + n % UNITS
        t = 1_700_000_000 + n
        if n % 10 == 9:
            events.append({"i": unit, "t": "u", "d": {"pos": {"t": t, "x": 27.5, "y": 53.9}}})
        else:
            pos = {"y": 53.9, "x": 27.5, "z": 210, "s": n % 90, "c": n % 360, "sc": 9}
            message = {"t": t, "f": 3, "tp": "ud", "pos": pos, "i": 0, "o": 0}
            events.append({"i": unit, "t": "m", "d": message | {"p": {"pwr_ext": 12.6}}})
        if len(events) == PER_REPLY:
            out.append({"tm": t, "events": events})
            events = []
    if events:
        out.append({"tm": 1_700_000_000 + total, "events": events})
    return out


def _groups() -> list[frozenset[int]]:
    return [
        frozenset(5_000 + u for u in range(UNITS) if u % HANDLERS == k) for k in range(HANDLERS)
    ]


async def ours_time(data: list[dict[str, Any]], total: int) -> float:
    """Seconds to parse, route and run the callbacks of every event."""
    try:
        events_mod: Any = importlib.import_module("aiowialon.events")
        dispatcher_cls = events_mod.EventDispatcher
        parse = events_mod.parse_avl_events
        items = events_mod.filters.items
    except (ImportError, AttributeError) as exc:
        raise Skip(f"aiowialon.events is not there yet: {exc}") from exc
    dispatcher = dispatcher_cls()
    seen = [0] * HANDLERS
    for k, group in enumerate(_groups()):

        async def callback(event: Any, k: int = k) -> None:
            seen[k] += 1

        dispatcher.register(callback, items(*group), name=f"handler{k}")
    started = time.perf_counter()
    for reply in data:
        await dispatcher.dispatch(parse(reply))
    await dispatcher.stop_workers(grace=60.0)
    elapsed = time.perf_counter() - started
    if sum(seen) != total:
        raise RuntimeError(f"handlers saw {sum(seen)} of {total} events")
    return elapsed


def baseline_time(data: list[dict[str, Any]], total: int) -> float:
    """Seconds for the same routing as a bare loop: no objects, no queues, no tasks."""
    routes: list[tuple[frozenset[int], list[Any]]] = [(group, []) for group in _groups()]
    started = time.perf_counter()
    for reply in data:
        for event in reply["events"]:
            unit = event["i"]
            for group, sink in routes:
                if unit in group:
                    sink.append(event)
                    break
    elapsed = time.perf_counter() - started
    if sum(len(sink) for _group, sink in routes) != total:
        raise RuntimeError("baseline lost events")
    return elapsed


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    total = settings.size(100_000, 10_000)
    data = replies(total)
    rounds = 1 if settings.quick else 5
    ours, base = [], []
    for _ in range(rounds):
        ours.append(asyncio.run(ours_time(data, total)))
        base.append(baseline_time(data, total))
    say(f"  aiowialon.events: {', '.join(fmt_seconds(x) for x in ours)}")
    mine, bare = median(ours), median(base)
    return [
        Row(
            f"events: {total:,} events, {HANDLERS} filtered handlers",
            fmt_seconds(mine),
            fmt_seconds(bare),
            mine / bare,
            **settings.judge(f"<= {TARGET_S:.0f} s", mine <= TARGET_S),
            note="baseline: the same routing as a bare loop over the raw dicts",
            values={"ours_s": mine, "bare_s": bare},
        )
    ]
