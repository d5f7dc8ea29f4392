"""Benchmark 3b: fleets of 1,000 to 1,000,000 units in the fake server's model.

For each size: generation time, resident memory, one ``core/search_items`` page of 1,000 over
all of them, and one ``avl_evts`` for a session watching 10,000 moving units (all of them in
smaller fleets) after the clock moved on, beside the time the HTTP layer's ``json.dumps``
takes to encode that same reply: serving a poll costs building plus encoding, so building no
slower than encoding keeps the whole at most 2x the encoding alone. Each size runs in a fresh
process (``_fleet_probe``) so the memory is the fleet's. The growth rows say how each cost
grows from one size to the next, against the 10x growth of the fleet. For the largest size
the command line's server is also started, timed until it answers a login: the target is
"to a serving server", so process start and imports count too.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from typing import Any

from ._common import ROOT, Row, Settings, Skip, fmt_seconds, say
from ._mock_proc import TOKEN, login
from ._procs import ServerProcess

NAME = "mock_fleet"
TITLE = "fake server: 1k to 1M-unit fleets (generation, memory, search page, avl_evts)"


def probe(units: int, watch: int, repeat: int) -> dict[str, Any]:
    """Run ``_fleet_probe`` in a fresh interpreter and return its numbers."""
    argv = [sys.executable, "-m", "tests.benchmarks._fleet_probe"]
    argv += ["--units", str(units), "--watch", str(watch), "--repeat", str(repeat)]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"fleet probe failed: {out.stderr.strip()[-1500:]}")
    numbers: dict[str, Any] = json.loads(out.stdout.splitlines()[-1])
    if "skip" in numbers:
        raise Skip(str(numbers["skip"]))
    return numbers


SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (500, 5_000)
#: targets of the issue: 100,000 units in 1 s, 1,000,000 in 10 s and under 1 GB
GENERATE_TARGETS = {100_000: 1.0, 1_000_000: 10.0}
SERVING_TARGETS = {1_000_000: 10.0}
MEMORY_TARGET_MIB = {1_000_000: 1024.0}


def _rows_for(settings: Settings, units: int, n: dict[str, Any]) -> list[Row]:
    mib = n["rss_mib"]
    gen_target = GENERATE_TARGETS.get(units)
    mem_target = MEMORY_TARGET_MIB.get(units)
    build, enc = n["avl_evts_s"], n["avl_evts_encode_s"]
    serve_ratio = (build + enc) / enc
    return [
        Row(
            f"fleet {units:,}: generate",
            fmt_seconds(n["generate_s"]),
            **(
                settings.judge(f"<= {gen_target:.0f} s", n["generate_s"] <= gen_target)
                if gen_target
                else {}
            ),
            values={"generate_s": n["generate_s"]},
        ),
        Row(
            f"fleet {units:,}: resident memory",
            f"{mib:,.0f} MiB",
            **(
                settings.judge(f"<= {mem_target:.0f} MiB", n["peak_mib"] <= mem_target)
                if mem_target
                else {}
            ),
            note=f"fleet itself {n['rss_fleet_mib']:,.0f} MiB, peak {n['peak_mib']:,.0f} MiB",
            values={"rss_mib": mib, "peak_mib": n["peak_mib"]},
        ),
        Row(
            f"fleet {units:,}: core/search_items page of {n['search_items']:,}",
            fmt_seconds(n["search_first_s"]),
            **settings.judge("<= 50 ms", n["search_first_s"] <= 0.050),
            note=f"cold (median of 5, a rename before each); cached {fmt_seconds(n['search_s'])}",
            values={"search_first_s": n["search_first_s"], "search_s": n["search_s"]},
        ),
        Row(
            f"fleet {units:,}: avl_evts, {n['watched']:,} watched units",
            fmt_seconds(build + enc),
            fmt_seconds(enc),
            serve_ratio,
            **settings.judge("<= 2x json.dumps", serve_ratio <= 2.0),
            note=f"{n['avl_evts_events']:,} events; build {fmt_seconds(build)} + encode; "
            "baseline: json.dumps of the same reply",
            values={"avl_evts_s": build, "encode_s": enc, "events": n["avl_evts_events"]},
        ),
    ]


def _growth(small: int, big: int, a: dict[str, Any], b: dict[str, Any]) -> Row:
    def x(key: str) -> str:
        return f"{b[key] / max(a[key], 1e-9):.1f}x"

    per_event_a = a["avl_evts_s"] / max(1, a["avl_evts_events"])
    per_event_b = b["avl_evts_s"] / max(1, b["avl_evts_events"])
    return Row(
        f"fleet growth {small:,} -> {big:,} ({big // small}x units)",
        f"generate {x('generate_s')}",
        note=(
            f"memory {x('rss_fleet_mib')}, search page {x('search_first_s')}, avl_evts "
            f"{x('avl_evts_s')} ({per_event_b / max(per_event_a, 1e-12):.1f}x per event)"
        ),
        values={"generate_growth": b["generate_s"] / max(a["generate_s"], 1e-9)},
    )


def serving_s(units: int) -> float:
    """Seconds from starting ``python -m wialon_mock serve`` with ``units`` units to its first
    answered ``token/login``: process start, imports, the fleet and the listening socket."""
    argv = [sys.executable, "-m", "wialon_mock", "serve", "--units", str(units), "--port", "0"]
    argv += ["--token", TOKEN, "--seed", "7"]
    started = time.perf_counter()
    with ServerProcess(argv, start_timeout=300) as server:
        login(server.url)
        return time.perf_counter() - started


def _serving_row(settings: Settings, units: int) -> Row:
    seconds = serving_s(units)
    target = SERVING_TARGETS.get(units)
    return Row(
        f"fleet {units:,}: start to a serving server",
        fmt_seconds(seconds),
        **(settings.judge(f"<= {target:.0f} s", seconds <= target) if target else {}),
        note="python -m wialon_mock serve until a token/login is answered over HTTP",
        values={"serving_s": seconds},
    )


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    base: tuple[int, ...] = QUICK_SIZES if settings.quick else SIZES
    sizes = [max(100, round(n * settings.scale)) for n in base]
    results: list[tuple[int, dict[str, Any]]] = []
    rows: list[Row] = []
    for units in sizes:
        watch = min(units, settings.size(10_000, 500))
        say(f"  generating {units:,} units in a fresh process ...")
        n = probe(units, watch, repeat=3 if settings.quick else 5)
        results.append((units, n))
        rows += _rows_for(settings, units, n)
    say(f"  starting a server of {sizes[-1]:,} units ...")
    rows.append(_serving_row(settings, sizes[-1]))
    for (small, a), (big, b) in itertools.pairwise(results):
        rows.append(_growth(small, big, a, b))
    return rows
