"""Each benchmark runs end to end at a tiny size. No timing is asserted: only that it ran and
produced finite, positive numbers, so ``make bench`` cannot rot unnoticed."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.benchmarks import __main__ as runner
from tests.benchmarks._common import Benchmark, Row, Settings, Skip, table

TINY = Settings(quick=True, scale=0.1, allow_pyaw=False)


@pytest.mark.slow  # a few seconds each, 30 s in all
@pytest.mark.parametrize("bench", runner.benchmarks(), ids=lambda b: b.name)
def test_benchmark_runs_at_tiny_size(bench: Benchmark) -> None:
    try:
        rows = bench.run(TINY)
    except Skip as exc:
        pytest.skip(str(exc))
    measured = [row for row in rows if row.values]
    assert measured, f"{bench.name} measured nothing: {rows}"
    for row in measured:
        for key, value in row.values.items():
            assert math.isfinite(value), (row.name, key)
            assert value > 0, (row.name, key)
        if row.ratio is not None:
            assert math.isfinite(row.ratio)
            assert row.ratio > 0


def test_table_lists_every_row_with_its_verdict() -> None:
    rows = [
        Row("a", "1/s", "2/s", 0.5, ">= 0.8x", False),
        Row("b", "skipped", note="not there"),
    ]
    text = table(rows)
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[2].split()[-1] == "NO"
    assert "0.50x" in lines[2]
    markdown = table(rows, markdown=True).splitlines()
    assert markdown[0].startswith("| benchmark |")
    assert markdown[3].split("|")[-2].strip() == "-"


def test_unknown_benchmark_name_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        runner.main(["--only", "nosuchbench"])
    assert raised.value.code == 2
    assert "nosuchbench" in capsys.readouterr().err


def test_json_report_holds_the_rows_and_the_machine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bench.json"
    assert runner.main(["--only", "events", "--quick", "--json", str(path)]) == 0
    report = json.loads(path.read_text())
    assert report["quick"] is True
    assert report["machine"]["nproc"].isdigit()
    row, *growth = report["rows"]
    assert row["name"].startswith("events: 10,000 events")
    assert row["values"]["ours_s"] > 0
    assert [g["name"] for g in growth] == [
        "events: 10 events per reply",
        "events: 1,000 events per reply",
        "events: 10,000 events per reply",  # capped at the quick run's total
    ]
    assert all(g["values"]["ours_ns"] > 0 for g in growth)
    assert row["name"] in capsys.readouterr().out
