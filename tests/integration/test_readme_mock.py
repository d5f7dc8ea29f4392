"""The README's "Faults and limits in a test" example runs as printed and says what it claims."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from wialon_mock import MockServer
from wialon_mock.model import sim

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "### Faults and limits in a test"


def example() -> str:
    """The first Python block under the heading."""
    text = README.read_text(encoding="utf-8")
    _, found, rest = text.partition(HEADING)
    assert found, f"README lost its {HEADING!r} section"
    block = re.search(r"```python\n(.*?)```", rest, re.DOTALL)
    assert block is not None
    return block.group(1)


async def test_faults_and_limits_example(capsys: pytest.CaptureFixture[str]) -> None:
    code = compile(example(), str(README), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    namespace: dict[str, Any] = {}
    # the block uses top-level await, so eval gives a coroutine to run here
    await eval(code, namespace)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "502 core/search_item"
    counts = ast.literal_eval(lines[1])
    server: MockServer = namespace["server"]
    world = server.world
    ids = [item["id"] for item in namespace["units"]["items"]]
    assert len(counts) == len(ids) == 3
    end = world.now()
    for unit_id, count in zip(ids, counts, strict=True):
        unit = world.units[unit_id]
        # the clock runs: the count lies between the history a minute ago and now
        assert len(sim.times_between(unit, -1, end - 60)) <= count
        assert count <= len(sim.times_between(unit, -1, end))
    loads = server.journal("messages/load_interval")
    assert [entry["error"] for entry in loads] == [None, None, None]
