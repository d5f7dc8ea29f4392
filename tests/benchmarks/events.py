"""Benchmark 5: 100,000 AVL events through 10 filtered handlers (``aiowialon.events``).

The events come as ``avl_evts`` replies of 1,000 events each, are parsed with
``parse_avl_events`` and routed by an ``EventDispatcher`` holding 10 handlers, each filtered
on its own tenth of the units (``filters.items``) so an event is tried against 5.5 filters on
average. The clock stops when every handler's callback has seen all of its events. Baseline:
the same routing written as a bare Python loop over the raw dicts (the least work possible).

The input (100,000 events, about half a million dicts) is built once and held for the whole
run; a real polling loop frees each reply after dispatching it. So that a full garbage
collection walking the held input is not charged to whichever side happens to allocate, the
input is frozen out of the collector (``gc.freeze``) while both sides are timed; the objects
each side makes itself are still collected as usual.

A second measurement keeps the number of events fixed and varies the events per reply
(10 / 1,000 / 100,000): the cost per event should not grow with the size of a reply.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import time
from typing import Any

from ._common import Row, Settings, Skip, fmt_seconds, median, say

NAME = "events"
TITLE = "event dispatch: 100,000 events through 10 filtered handlers"
HANDLERS = 10
UNITS = 1_000
PER_REPLY = 1_000
TARGET_RATIO = 3.0
REPLY_SIZES = (10, 1_000, 100_000)


def replies(total: int, per_reply: int = PER_REPLY) -> list[dict[str, Any]]:
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
        if len(events) == per_reply:
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


def _timed_rounds(data: list[dict[str, Any]], total: int, rounds: int) -> tuple[float, float]:
    """Median seconds of ours and of the bare loop over ``rounds`` back-to-back pairs."""
    ours, base = [], []
    gc.collect()
    gc.freeze()
    try:
        for _ in range(rounds):
            ours.append(asyncio.run(ours_time(data, total)))
            base.append(baseline_time(data, total))
    finally:
        gc.unfreeze()
    say(f"  aiowialon.events: {', '.join(fmt_seconds(x) for x in ours)}")
    return median(ours), median(base)


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    total = settings.size(100_000, 10_000)
    rounds = 1 if settings.quick else 5
    mine, bare = _timed_rounds(replies(total), total, rounds)
    ratio = mine / bare
    rows = [
        Row(
            f"events: {total:,} events, {HANDLERS} filtered handlers",
            fmt_seconds(mine),
            fmt_seconds(bare),
            ratio,
            **settings.judge(f"<= {TARGET_RATIO:.0f}x the bare loop", ratio <= TARGET_RATIO),
            note="baseline: the same routing as a bare loop over the raw dicts",
            values={"ours_s": mine, "bare_s": bare},
        )
    ]
    per_event: list[float] = []
    for size in REPLY_SIZES:
        per_reply = min(size, total)
        ours_s, bare_s = _timed_rounds(replies(total, per_reply), total, max(1, rounds // 2))
        per_event.append(ours_s / total)
        rows.append(
            Row(
                f"events: {per_reply:,} events per reply",
                f"{ours_s / total * 1e9:,.0f} ns/event",
                f"{bare_s / total * 1e9:,.0f} ns/event",
                ours_s / bare_s,
                note="growth: the cost per event should stay flat as replies grow",
                values={"ours_ns": ours_s / total * 1e9, "bare_ns": bare_s / total * 1e9},
            )
        )
    spread = max(per_event) / min(per_event)
    say(f"  cost per event, largest / smallest reply size: {spread:.2f}x")
    return rows
