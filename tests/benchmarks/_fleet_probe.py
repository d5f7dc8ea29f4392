"""Measures one large fleet inside a fresh process (so its memory is the fleet's and nothing
else's) and prints the numbers as one JSON line.

``python -m tests.benchmarks._fleet_probe --units 100000 --watch 10000``. It uses the model's
Python API (``World`` and ``registry.dispatch``): HTTP is not what is measured here.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

TOKEN = "probetoken" + "0" * 62  # not a secret: a made-up token the model is told to accept


NEEDED = {"token/login", "core/search_items", "core/update_data_flags", "avl_evts"}


def rss_mib() -> tuple[float, float]:
    """Resident memory now and at its peak, in MiB (``/proc``; ``getrusage`` for the peak
    where ``/proc`` is missing)."""
    now = peak = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    if not peak:
        # ru_maxrss is KiB on Linux, bytes on macOS
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    return now or peak, peak


def timed(func: Any, repeat: int) -> tuple[float, Any]:
    """Median seconds of ``repeat`` runs of ``func()``, and its last result."""
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(args: argparse.Namespace) -> dict[str, Any]:
    from wialon_mock import Limits, MockConfig, World
    from wialon_mock.api.registry import dispatch, load_handlers

    # importing every handler first: import cost is not the fleet's
    missing = NEEDED - set(load_handlers())
    if missing:
        return {"skip": f"the fake server does not implement {sorted(missing)} yet"}
    before, _ = rss_mib()
    started = time.perf_counter()
    world = World(MockConfig(seed=args.seed, units=args.units, tokens=[TOKEN], limits=Limits.off()))
    generate_s = time.perf_counter() - started
    after, peak = rss_mib()
    out: dict[str, Any] = {
        "units": args.units,
        "generate_s": generate_s,
        "rss_mib": after,
        "rss_fleet_mib": after - before,
        "peak_mib": peak,
    }

    def call(svc: str, params: Any, sid: str | None) -> Any:
        return dispatch(world, svc, params, sid=sid)

    sid = call("token/login", {"token": TOKEN, "fl": 1}, None)["eid"]
    page = min(1000, args.units)
    search = {
        "spec": {
            "itemsType": "avl_unit",
            "propName": "sys_name",
            "propValueMask": "*",
            "sortType": "sys_name",
        },
        "force": 1,
        "flags": 1,
        "from": 0,
        "to": page - 1,
    }
    # The fake server caches a search until the world changes, so the same page again is
    # cheap. Both are reported. Renaming a unit (as a user might between two searches)
    # changes the world, so each cold sample finds its page afresh.
    first_s, answer = timed(lambda: call("core/search_items", search, sid), 1)
    cold = [first_s]
    some_unit = answer["items"][-1]["id"]
    if "item/update_name" in load_handlers():
        for n in range(args.repeat - 1):
            call("item/update_name", {"itemId": some_unit, "name": f"zz bench {n}"}, sid)
            cold.append(timed(lambda: call("core/search_items", search, sid), 1)[0])
    first_s = statistics.median(cold)
    search_s, answer = timed(lambda: call("core/search_items", search, sid), args.repeat)
    out.update(
        search_first_s=first_s,
        search_s=search_s,
        search_items=len(answer["items"]),
        search_total=answer["totalItemsCount"],
    )

    # every unit, in sys_name order, then the first `watch` of them in the session
    everything = dict(search, to=0)
    ids = [item["id"] for item in call("core/search_items", everything, sid)["items"]]
    watched = ids[: args.watch]
    spec = [{"type": "col", "data": watched, "flags": 0x401, "mode": 0}]
    call("core/update_data_flags", {"spec": spec}, sid)
    call("avl_evts", {}, sid)  # drain what registering queued
    # the HTTP layer's encoder, spelled the same way: compact, raw UTF-8
    encode = json.JSONEncoder(
        ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
    ).encode
    evts_times, encode_times, events = [], [], 0
    for _ in range(args.repeat):
        world.advance(args.advance)
        seconds, answer = timed(lambda: call("avl_evts", {}, sid), 1)
        evts_times.append(seconds)
        encode_times.append(timed(functools.partial(encode, answer), 1)[0])
        events = len(answer["events"])
    out.update(
        watched=len(watched),
        advance_s=args.advance,
        avl_evts_s=statistics.median(evts_times),
        avl_evts_encode_s=statistics.median(encode_times),
        avl_evts_events=events,
    )
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--watch", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--advance", type=float, default=30.0)
    print(json.dumps(main(parser.parse_args())), flush=True)
