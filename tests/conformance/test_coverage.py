"""Every implemented call has a conformance test, and the shape checker can fail."""

from __future__ import annotations

import re
from pathlib import Path

from wialon_mock.api.registry import load_handlers

from ._shape import Exact, MapOf, OneOf, mismatches

HERE = Path(__file__).parent
#: calls whose conformance tests the report work owns (test_report.py and the sensors ones)
ELSEWHERE = re.compile(r"^(report/|unit/calc_)")


def test_every_implemented_call_has_a_conformance_test() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_*.py"))
    named = set(re.findall(r'(?:"|svc=)([a-z_]+/[a-z_0-9]+)', text))
    if "/avl_evts?" in text:
        named.add("avl_evts")
    missing = sorted(
        svc for svc in load_handlers() if not ELSEWHERE.match(svc) and svc not in named
    )
    assert missing == []


def test_shape_checker_reports_what_differs() -> None:
    shape = {"id": int, "n": str, "p": [{"x": float}], "m": MapOf(int), "k": OneOf(None, str)}
    good = {"id": 1, "n": "a", "p": [{"x": 1.5}], "m": {"1": 2}, "k": None, "extra": 0}
    assert mismatches(good, shape) == []
    bad = {"id": "1", "p": [{"x": "no"}], "m": {"1": "2"}, "k": 3}
    found = mismatches(bad, shape)
    assert "$.id: '1' is not an integer" in found
    assert "$: key 'n' missing" in found
    assert any(m.startswith("$.p[0].x") for m in found)
    assert any(m.startswith("$.m.1") for m in found)
    assert mismatches([1, None], [int, {"a": int}]) == ["$[1]: NoneType is not an object"]
    assert mismatches({}, Exact({"a": 1})) != []
    assert mismatches(True, int) != []
