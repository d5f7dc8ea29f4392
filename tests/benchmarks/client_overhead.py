"""Benchmark 1: calls/s of our client vs bare aiohttp vs py-aiowialon 2.0.0, same server.

The server is the minimal aiohttp one (``_bare_server``) in another process; every contender
makes the same form-encoded ``core/search_item`` POSTs with 10 in flight. Rounds alternate
the order of the contenders and the median of each is reported, because the machine is shared.
``--profile`` adds a cProfile of our client's hot path.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import io
import pstats
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import aiohttp

from . import _ours, _pyaw
from ._common import Row, Settings, Skip, fmt_rate, fmt_seconds, median, paired_ratio, say
from ._load import Speed, bare_aiohttp_rate, run_workers
from ._procs import bare_server

NAME = "client"
TITLE = "client overhead: calls/s vs bare aiohttp and py-aiowialon"
TOKEN = "b" * 72  # not a secret: the bench server accepts anything
IN_FLIGHT = 10
TARGET = 0.8


async def ours_rate(
    port: int, total: int, *, rps: int | None, warmup: int = 50, plain_session: bool = False
) -> Speed:
    """Calls/s and CPU per call of our client (``rps=None``: its default settings).

    ``plain_session``: hand it a default ``aiohttp.ClientSession()`` (as the bare baseline
    uses) instead of the one it makes itself, to show what the client's own session costs.
    """
    options: dict[str, Any] = {} if rps is None else {"rps": rps}
    async with contextlib.AsyncExitStack() as stack:
        if plain_session:
            options["session"] = await stack.enter_async_context(aiohttp.ClientSession())
        wialon = await stack.enter_async_context(_ours.make_client(port, TOKEN, **options))
        await wialon.login()

        async def call() -> object:
            return await wialon.core_search_item(id=1001, flags=1)

        if warmup:
            await run_workers(call, warmup, IN_FLIGHT)
        speed = await run_workers(call, total, IN_FLIGHT)
        await wialon.logout()
    return speed


def _form() -> dict[str, str]:
    return {"svc": "core/search_item", "params": '{"id":1001,"flags":1}', "sid": "0" * 32}


def profile_ours(port: int, total: int) -> str:
    """A cProfile of our client's calls: time by package, then the top functions."""
    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(ours_rate(port, total, rps=10_000, warmup=0))
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_package: dict[str, float] = defaultdict(float)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]  # pstats keeps it untyped
    for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        by_package[_package(filename)] += tottime
    total_time = sum(by_package.values()) or 1.0
    out = io.StringIO()
    out.write(f"cProfile of {total} calls, own time by package:\n")
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        out.write(f"  {package:<28} {seconds * 1e3:8.1f} ms  {seconds / total_time:6.1%}\n")
    out.write("top functions by own time:\n")
    stats.stream = out  # type: ignore[attr-defined]  # documented attribute, missing in stubs
    stats.sort_stats("tottime").print_stats(15)
    out.write("aiowialon functions by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(r"aiowialon", 15)
    return out.getvalue()


def _package(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/src/", "/lib/python3"):
        if marker in path:
            tail = path.split(marker, 1)[1]
            if marker == "/lib/python3":
                tail = "stdlib/" + tail.split("/", 1)[-1]
            parts = tail.split("/")
            return "/".join(parts[:2]) if parts[0] == "stdlib" else parts[0]
    return "builtins" if filename.startswith("~") else filename.rsplit("/", 1)[-1]


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    # many short rounds rather than a few long ones: the paired ratio then rides out the
    # bursts of other work on a shared machine
    total = settings.size(1000, 300)
    rounds = 1 if settings.quick else 9
    try:
        _ours.wialon_class()
        ours_ok, ours_why = True, ""
    except Skip as exc:
        ours_ok, ours_why = False, str(exc)
    pyaw_exe = None
    pyaw_why = "not run (--no-pyaw)"
    if settings.allow_pyaw:
        try:
            pyaw_exe = _pyaw.python()
        except Skip as exc:
            pyaw_why = str(exc)

    rates: dict[str, list[Speed]] = {}
    rows: list[Row] = []
    with bare_server() as server:
        url = f"{server.url}/wialon/ajax.html"
        port = server.port
        contenders: dict[str, Callable[[], Speed]] = {
            "bare": lambda: asyncio.run(bare_aiohttp_rate(url, _form(), total, IN_FLIGHT))
        }
        if ours_ok:
            contenders["ours"] = lambda: asyncio.run(ours_rate(port, total, rps=10_000))
            contenders["ours_plain"] = lambda: asyncio.run(
                ours_rate(port, total, rps=10_000, plain_session=True)
            )
        if pyaw_exe is not None:
            exe = pyaw_exe
            contenders["pyaw"] = lambda: _pyaw.rate(exe, port, total, rps=10_000)
        names = list(contenders)
        for round_no in range(rounds):
            # alternate the order so a slow spell of the machine hits everyone alike
            for name in names if round_no % 2 == 0 else names[::-1]:
                rates.setdefault(name, []).append(contenders[name]())
            say(
                f"  round {round_no + 1}/{rounds}: "
                + ", ".join(
                    f"{n} {rates[n][-1].rate:,.0f}/s ({rates[n][-1].cpu_per_call * 1e6:.0f} us)"
                    for n in names
                )
            )
        base = median([s.rate for s in rates["bare"]])
        rows.append(
            Row(
                "client: bare aiohttp (baseline)",
                fmt_rate(base),
                note=f"{total} calls x {rounds} rounds, {IN_FLIGHT} in flight",
                values={"bare": base},
            )
        )
        if ours_ok:
            rows.append(_row("client: aiowialon rps=10000", rates, "ours", f">= {TARGET}x"))
            rows.append(_cpu_row("client: aiowialon CPU per call", rates, "ours", f">= {TARGET}x"))
            rows.append(
                _row(
                    "client: aiowialon given a plain ClientSession()",
                    rates,
                    "ours_plain",
                    "(diagnostic)",
                )
            )
        else:
            rows.append(Row("client: aiowialon rps=10000", "skipped", note=ours_why))
        if pyaw_exe is not None:
            label = f"client: py-aiowialon {_pyaw.version(pyaw_exe)} rps=10000"
            rows.append(_row(label, rates, "pyaw", "(reference ~0.32x)"))
            rows.append(_cpu_row("client: py-aiowialon CPU per call", rates, "pyaw", "(reference)"))
        else:
            rows.append(Row("client: py-aiowialon 2.0.0", "skipped", note=pyaw_why))
        if not settings.quick and ours_ok and pyaw_exe is not None:
            rows.append(_default_settings(port, pyaw_exe))
        if settings.profile and ours_ok:
            print(profile_ours(port, total))
    return rows


def _row(label: str, speeds: dict[str, list[Speed]], key: str, target: str) -> Row:
    mine = [s.rate for s in speeds[key]]
    bare = [s.rate for s in speeds["bare"]]
    paired = paired_ratio(mine, bare)
    value, base = median(mine), median(bare)
    wanted = TARGET if target.startswith(">=") else None
    return Row(
        label,
        fmt_rate(value),
        fmt_rate(base),
        paired,
        target,
        None if wanted is None else paired >= wanted,
        values={key: value, "bare": base, "ratio": paired},
    )


def _cpu_row(label: str, speeds: dict[str, list[Speed]], key: str, target: str) -> Row:
    # Inverted (bare cost / our cost) so that, like the calls/s ratio, higher is better and
    # the same 0.8x target applies: 0.8x means a call costs us 1.25 times what bare aiohttp
    # spends on it.
    mine = [s.cpu_per_call for s in speeds[key]]
    bare = [s.cpu_per_call for s in speeds["bare"]]
    paired = paired_ratio(bare, mine)
    value, base = median(mine), median(bare)
    wanted = TARGET if target.startswith(">=") else None
    return Row(
        label,
        fmt_seconds(value),
        fmt_seconds(base),
        paired,
        target,
        None if wanted is None else paired >= wanted,
        note="client process CPU per call (all threads); ratio = bare / this",
        values={f"{key}_cpu": value, "bare_cpu": base, "ratio": paired},
    )


def _default_settings(port: int, pyaw_exe: Any) -> Row:
    # At the default 10 requests/s both clients are held by their limiter, so this row checks
    # the limiter costs nothing beyond its rate, not the overhead (that is the rps=10000 row).
    calls = 30
    say(f"  default settings: {calls} calls each (about 2 s per client, rate-limited)")
    ours = asyncio.run(ours_rate(port, calls, rps=None, warmup=0)).rate
    theirs = _pyaw.rate(pyaw_exe, port, calls, rps=10, warmup=0).rate
    return Row(
        "client: aiowialon default rps (vs py-aiowialon default)",
        fmt_rate(ours),
        fmt_rate(theirs),
        ours / theirs,
        "~1x (both limiter-bound)",
        None,
        values={"ours": ours, "pyaw": theirs},
    )
