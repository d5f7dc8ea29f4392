"""Every implemented call has a conformance test, and the shape checker can fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wialon_mock.api.registry import load_handlers

from ._shape import Exact, MapOf, OneOf, check, mismatches

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


def test_the_one_checker_keeps_both_old_checkers_rules() -> None:
    # the report/sensor tests' checker (once _report_wire.check) was merged into _shape: its
    # rules must still hold there. Any of several types, booleans never numbers:
    assert mismatches(2.5, (int, float, str)) == []
    assert mismatches("2", (int, float, str)) == []
    assert mismatches(True, (int, float)) != []
    assert mismatches(True, (int, bool)) == []
    assert mismatches(None, (int, str)) != []
    # keys the page does not show: allowed by default, reported when closed, unless named
    answer = {"a": 1, "z": 0}
    assert mismatches(answer, {"a": int}) == []
    assert mismatches(answer, {"a": int}, closed=True) == ["$: key 'z' the page does not show"]
    assert mismatches(answer, {"a": int}, closed=True, extra=frozenset({"z"})) == []
    # closed reaches into nested objects, maps and either-forms
    nested = {"m": {"1": {"v": 1, "w": 2}}}
    assert mismatches(nested, {"m": MapOf({"v": int})}, closed=True) != []
    cell = OneOf({"t": str, "v": float}, {"t": str})
    assert mismatches({"t": "x", "v": 1}, cell, closed=True) == []
    assert mismatches({"t": "x", "y": 1}, cell, closed=True) != []
    check({"a": 1}, {"a": int})
    with pytest.raises(AssertionError, match="the page does not show"):
        check(answer, {"a": int})
