"""``python -m tests.benchmarks [--only NAME ...] [--quick] [--profile] [--markdown] [--json P]``.

Runs the benchmarks one after the other, prints each one's numbers as it goes, then a summary
table and the machine it ran on.
"""

from __future__ import annotations

import argparse
import importlib
import json
import signal
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path

from ._common import Benchmark, Row, Settings, Skip, machine, say, table

#: module names in running order; each has NAME, TITLE and run(settings) -> list[Row]
MODULES = [
    "client_overhead",
    "client_extras",
    "autobatch",
    "mock_server",
    "mock_sessions",
    "mock_fleet",
    "replay",
    "events",
]


def benchmarks() -> list[Benchmark]:
    """Every benchmark, in running order."""
    found = []
    for module_name in MODULES:
        module = importlib.import_module(f"{__package__}.{module_name}")
        found.append(Benchmark(module.NAME, module.TITLE, module.run))
    return found


def run_one(bench: Benchmark, settings: Settings) -> list[Row]:
    """Run one benchmark; a skip or a failure becomes a row instead of ending the run."""
    say(f"== {bench.name}: {bench.title}")
    started = time.perf_counter()
    try:
        rows = bench.run(settings)
    except Skip as exc:
        rows = [Row(bench.name, "skipped", note=str(exc))]
    except Exception as exc:  # one broken benchmark must not hide the others
        traceback.print_exc()
        rows = [Row(bench.name, "FAILED", note=f"{type(exc).__name__}: {exc}")]
    for row in rows:
        print(f"{row.name}: {row.measured}" + (f" ({row.note})" if row.note else ""), flush=True)
    say(f"   ({time.perf_counter() - started:.1f} s)")
    return rows


def _stop_on_sigterm() -> None:
    # SIGTERM would end the process without unwinding, leaving the servers it started
    # running; as an exception it unwinds through every ``with`` that stops one.
    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    """Command line entry; returns the exit status (1 when a benchmark failed to run)."""
    everything = benchmarks()
    names = [b.name for b in everything]
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help=f"one of {names}"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: proves it runs")
    parser.add_argument("--profile", action="store_true", help="cProfile our client")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--no-pyaw", action="store_true", help="skip py-aiowialon")
    parser.add_argument("--json", metavar="PATH", help="also write the rows and machine as JSON")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.list:
        for bench in everything:
            print(f"{bench.name:<10} {bench.title}")
        return 0
    wanted = {n for item in args.only for n in item.split(",") if n}
    unknown = wanted - set(names)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; choose from {names}")
    settings = Settings(quick=args.quick, profile=args.profile, allow_pyaw=not args.no_pyaw)
    rows: list[Row] = []
    for bench in everything:
        if not wanted or bench.name in wanted:
            rows += run_one(bench, settings)
    facts = machine()
    print()
    print(table(rows))
    print()
    print(
        f"machine: {facts['nproc']} cores, {facts['cpu']}, {facts['python']}, {facts['os']}"
        + (" (--quick: sizes too small for real numbers)" if args.quick else "")
    )
    for row in rows:
        if row.note and row.measured in ("skipped", "FAILED"):
            print(f"  {row.name}: {row.measured}: {row.note}")
    if args.markdown:
        print()
        print(table(rows, markdown=True))
    if args.json:
        report = {"machine": facts, "quick": args.quick, "rows": [asdict(r) for r in rows]}
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    return 1 if any(r.measured == "FAILED" for r in rows) else 0


if __name__ == "__main__":
    _stop_on_sigterm()
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # the servers were stopped while the exception unwound; no traceback for a Ctrl-C
        say("interrupted")
        sys.exit(130)
