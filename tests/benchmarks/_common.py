"""Shared pieces of the benchmarks: result rows, settings, machine facts, the summary table."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: repository root (tests/benchmarks/_common.py -> ../..)
ROOT = Path(__file__).resolve().parents[2]


class Skip(Exception):
    """Raised by a benchmark when what it measures is not there (yet); the reason is printed."""


@dataclass(frozen=True)
class Settings:
    """How hard the benchmarks push: ``quick`` is for a smoke run, not for numbers."""

    quick: bool = False
    #: multiplies the sizes of the full run; the smoke test uses a tiny one
    scale: float = 1.0
    profile: bool = False
    #: a benchmark may use the py-aiowialon virtual environment (it creates it when missing)
    allow_pyaw: bool = True

    @property
    def full(self) -> bool:
        """Whether sizes are the issue's own, so its targets can be judged."""
        return not self.quick and self.scale == 1.0

    def judge(self, target: str, ok: bool) -> dict[str, Any]:
        """``target`` and ``met`` for a :class:`Row`; a target set for the full size is not
        judged at another size."""
        if self.full:
            return {"target": target, "met": ok}
        return {"target": f"({target} at full size)", "met": None}

    def size(self, full: int, quick: int) -> int:
        """The size of a loop: ``full`` normally, ``quick`` with ``--quick``, never below 1."""
        base = quick if self.quick else full
        return max(1, round(base * self.scale))


@dataclass
class Row:
    """One line of the summary table.

    ``ratio`` is measured / baseline when both exist. ``met`` is ``None`` when the benchmark has
    no target or was skipped.
    """

    name: str
    measured: str
    baseline: str = "-"
    ratio: float | None = None
    target: str = "-"
    met: bool | None = None
    note: str = ""
    #: raw numbers for programs (the smoke test, ``--json``)
    values: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Benchmark:
    """A benchmark the runner knows by name."""

    name: str
    title: str
    run: Callable[[Settings], list[Row]]


def median(values: Sequence[float]) -> float:
    """The median; a benchmark repeats its rounds and reports this to damp the noise."""
    return statistics.median(values)


def paired_ratio(measured: Sequence[float], baseline: Sequence[float]) -> float:
    """The median of per-round ratios. Each pair ran back to back, so a slow spell of the
    shared machine cancels out better than in a ratio of two medians."""
    return statistics.median(m / b for m, b in zip(measured, baseline, strict=True))


def fmt_rate(value: float) -> str:
    """Calls per second, rounded to what the noise allows."""
    return f"{value:,.0f}/s"


def fmt_seconds(value: float) -> str:
    """A duration in the unit that reads best."""
    if value < 1e-3:
        return f"{value * 1e6:.0f} us"
    if value < 1.0:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def fmt_ratio(value: float | None) -> str:
    """A ratio as ``0.85x``, or a dash."""
    if value is None:
        return "-"
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"


def machine() -> dict[str, str]:
    """The facts that make two runs comparable: cores, CPU model, Python, OS."""
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count() or "?"),
        "cpu": model,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{platform.system()} {platform.release()}",
    }


def _met(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[value]


def table(rows: Sequence[Row], markdown: bool = False) -> str:
    """The summary table as plain text, or as Markdown for the README."""
    head = ["benchmark", "measured", "baseline", "ratio", "target", "met?"]
    body = [
        [r.name, r.measured, r.baseline, fmt_ratio(r.ratio), r.target, _met(r.met)] for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(head, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += [
        "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)) for cells in body
    ]
    return "\n".join(out)


def say(message: str) -> None:
    """Progress for the person watching ``make bench``; stderr keeps stdout for results."""
    print(message, file=sys.stderr, flush=True)
