"""Benchmark 3b: a fleet of 100,000 units in the fake server's model.

Generation time, resident memory, one ``core/search_items`` page of 1,000 over all of them, and
one ``avl_evts`` for a session watching 10,000 moving units after the clock moved on. It runs
in a fresh process (``_fleet_probe``) so the memory is the fleet's. These targets are absolute
(the issue's budgets), so the baseline column stays empty.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from ._common import ROOT, Row, Settings, Skip, fmt_seconds, say

NAME = "mock_fleet"
TITLE = "fake server: 100,000-unit fleet (generation, memory, search page, avl_evts)"


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


def run(settings: Settings) -> list[Row]:
    """Measure and return the rows of this benchmark."""
    units = settings.size(100_000, 5_000)
    watch = settings.size(10_000, 500)
    say(f"  generating {units:,} units in a fresh process ...")
    n = probe(units, watch, repeat=3 if settings.quick else 5)
    mib = n["rss_mib"]
    return [
        Row(
            f"fleet: generate {units:,} units",
            fmt_seconds(n["generate_s"]),
            **settings.judge("<= 10 s", n["generate_s"] <= 10.0),
            values={"generate_s": n["generate_s"]},
        ),
        Row(
            f"fleet: resident memory, {units:,} units",
            f"{mib:,.0f} MiB",
            **settings.judge("<= 1 GB", n["peak_mib"] <= 1024),
            note=f"fleet itself {n['rss_fleet_mib']:,.0f} MiB, peak {n['peak_mib']:,.0f} MiB",
            values={"rss_mib": mib, "peak_mib": n["peak_mib"]},
        ),
        Row(
            f"fleet: core/search_items page of {n['search_items']:,} of {n['search_total']:,}",
            fmt_seconds(n["search_first_s"]),
            **settings.judge("<= 50 ms", n["search_first_s"] <= 0.050),
            note="cold: median of 5, a rename changed the world before each",
            values={"search_first_s": n["search_first_s"]},
        ),
        Row(
            "fleet: core/search_items, same page again (cached)",
            fmt_seconds(n["search_s"]),
            **settings.judge("<= 50 ms", n["search_s"] <= 0.050),
            values={"search_s": n["search_s"]},
        ),
        Row(
            f"fleet: avl_evts, {n['watched']:,} watched units, {n['advance_s']:.0f} s later",
            fmt_seconds(n["avl_evts_s"]),
            **settings.judge("<= 100 ms", n["avl_evts_s"] <= 0.100),
            note=f"{n['avl_evts_events']:,} events",
            values={"avl_evts_s": n["avl_evts_s"], "events": n["avl_evts_events"]},
        ),
    ]
