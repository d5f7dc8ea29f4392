"""Benchmark 3c: the fake server under 10, 100 and 300 client sessions polling and calling.

Every session logs in with ``token/login``, then for the whole run polls ``avl_evts`` once a
second (the documented limit is 10 per 10 s) for the 100 units of the fleet it registered,
and calls ``core/search_item`` ten times a second, one call at a time, as a dashboard
refreshing its units would. The fake server's clock runs at 10x so every poll carries events.
The rate counts the calls between the first and the last one (log-in and registration are
set-up, not timed); an error answer fails the run. Reported per level: answers per second,
p50 and p99 latency of the calls, and the server process's resident memory at the start and
the end of the run and at its peak. The table shows how each figure grows with the number of
sessions; the load generator (one process, plain aiohttp) is the same for every level, so at
300 sessions the rate may be the generator's limit: the p99 says which side waits.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import aiohttp

from ._common import Row, Settings, fmt_rate, say
from ._mock_proc import TOKEN, admin, first_unit, login, mock_server, started

NAME = "mock_sessions"
TITLE = "fake server: 10 / 100 / 300 sessions polling and calling (rate, latency, memory)"
LEVELS = (10, 100, 300)
CALLS_PER_S = 10.0
POLL_EVERY_S = 1.0


def _rss_mib(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _session(
    http: aiohttp.ClientSession, url: str, unit: int, start: _Start, out: dict[str, Any]
) -> None:
    ajax = f"{url}/wialon/ajax.html"
    params = json.dumps({"token": TOKEN, "fl": 1})
    async with http.post(ajax, data={"svc": "token/login", "params": params}) as response:
        sid = (await response.json())["eid"]
    flags = json.dumps({"spec": [{"type": "type", "data": "avl_unit", "flags": 1025, "mode": 0}]})
    form = {"svc": "core/update_data_flags", "params": flags, "sid": sid}
    async with http.post(ajax, data=form) as response:
        await response.read()
    call = {"svc": "core/search_item", "params": json.dumps({"id": unit, "flags": 1}), "sid": sid}
    until = await start.ready()
    next_poll = time.monotonic()
    while True:  # at least one round, however late a loaded machine starts it
        now = time.monotonic()
        if now >= next_poll:
            next_poll = now + POLL_EVERY_S
            async with http.post(f"{url}/avl_evts", data={"sid": sid}) as response:
                reply = await response.json()
            out["events"] += len(reply.get("events", ()))
            if "error" in reply:
                out["errors"] += 1
        started = time.perf_counter()
        async with http.post(ajax, data=call) as response:
            answer = await response.json()
        out["last"] = done = time.perf_counter()
        if out["first"] is None:
            out["first"] = started
        out["latency"].append(done - started)
        if "error" in answer:
            out["errors"] += 1
        if time.monotonic() >= until:
            return
        await asyncio.sleep(max(0.0, 1.0 / CALLS_PER_S - (time.perf_counter() - started)))


class _Start:
    """The run starts when every session has logged in and registered its units: a slow
    set-up under load must not eat the measured window."""

    def __init__(self, sessions: int, seconds: float) -> None:
        self.waiting, self.seconds = sessions, seconds
        self.go = asyncio.Event()
        self.until = 0.0

    async def ready(self) -> float:
        """Wait for the others; the end of the run, on the monotonic clock."""
        self.waiting -= 1
        if self.waiting == 0:
            self.until = time.monotonic() + self.seconds
            self.go.set()
        await self.go.wait()
        return self.until


async def _level(url: str, pid: int | None, unit: int, sessions: int, seconds: float) -> Row:
    out: dict[str, Any] = {"latency": [], "errors": 0, "events": 0, "first": None, "last": 0.0}
    connector = aiohttp.TCPConnector(limit=0)
    rss = [_rss_mib(pid)]
    async with aiohttp.ClientSession(connector=connector) as http:
        start = _Start(sessions, seconds)
        tasks = [
            asyncio.create_task(_session(http, url, unit, start, out)) for _ in range(sessions)
        ]
        while not all(t.done() for t in tasks):
            await asyncio.wait(tasks, timeout=1.0)
            rss.append(_rss_mib(pid))
        for task in tasks:
            task.result()  # a session that broke is a failed benchmark, not a lower rate
    elapsed = max(1e-6, out["last"] - (out["first"] or out["last"]))
    if out["errors"]:
        raise RuntimeError(f"{sessions} sessions got {out['errors']} error answers")
    latency = out["latency"]
    p50, p99 = _percentile(latency, 0.50), _percentile(latency, 0.99)
    rate = len(latency) / elapsed
    say(
        f"  {sessions} sessions: {rate:,.0f} calls/s, p50 {p50 * 1e3:.1f} ms, p99 "
        f"{p99 * 1e3:.1f} ms, {out['events']:,} events, RSS "
        f"{rss[0]:.0f} -> {rss[-1]:.0f} MiB (peak {max(rss):.0f})"
    )
    return Row(
        f"sessions: {sessions} polling and calling for {seconds:.0f} s",
        fmt_rate(rate),
        note=(
            f"p50 {p50 * 1e3:.1f} ms, p99 {p99 * 1e3:.1f} ms, {out['events']:,} events, "
            f"RSS {rss[0]:.0f} -> {rss[-1]:.0f} MiB (peak {max(rss):.0f})"
        ),
        values={
            "sessions": sessions,
            "rate": rate,
            "p50_ms": p50 * 1e3,
            "p99_ms": p99 * 1e3,
            "rss_start_mib": rss[0],
            "rss_end_mib": rss[-1],
            "rss_peak_mib": max(rss),
        },
    )


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark (one row per number of sessions)."""
    # the smoke test's tiny scale gives about a second per level
    seconds = (3.0 if settings.quick else 60.0) * min(1.0, settings.scale * 3)
    levels = tuple(max(1, round(n * (0.1 if settings.quick else 1.0))) for n in LEVELS)
    rows: list[Row] = []
    for sessions in levels:
        # a fresh server per level, so memory and sessions of one level do not carry over
        with started(mock_server(units=100, many_sessions=True)) as mock:
            unit = first_unit(mock.url, login(mock.url))
            admin(mock.url, "POST", "clock", {"scale": 10.0})
            rows.append(asyncio.run(_level(mock.url, mock.pid, unit, sessions, seconds)))
    base = rows[0].values
    for row in rows[1:]:
        v = row.values
        growth = v["sessions"] / base["sessions"]
        row.note += (
            f"; x{growth:.0f} sessions: rate x{v['rate'] / base['rate']:.1f}, "
            f"p99 x{v['p99_ms'] / max(base['p99_ms'], 1e-6):.1f}, "
            f"RSS growth {v['rss_end_mib'] - v['rss_start_mib']:+.0f} MiB"
        )
    return rows
