"""Say how two Wialon ``params`` differ, for failure messages a person can act on.

Used twice: ``wialon_mock.assert_called`` (a call the server never got) and record/replay
(a request the cassette does not hold). Both show the closest calls of the same service and
the paths where their params part from what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wialon_protocol.wire import canonical

_MISSING = object()


def _show(value: Any) -> str:
    if value is _MISSING:
        return "<missing>"
    text = canonical(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(expected: Any, actual: Any) -> bool:
    """Equal leaves; numbers by value, whatever their class.

    A test writes ``flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.POS`` (an ``IntFlag``) or
    ``1.0`` where the wire carried a plain int: the same number on the wire. Text compares
    as text. ``True`` and ``1`` stay apart (JSON tells them apart), and so do ``1`` and ``"1"``.
    """
    if _is_number(expected) and _is_number(actual):
        return bool(expected == actual)
    if isinstance(expected, str) and isinstance(actual, str):
        return str.__eq__(expected, actual)  # a StrEnum member is its text on the wire
    return bool(expected == actual) and type(expected) is type(actual)


#: How the two sides of a difference are named by default: an assertion against the journal.
EXPECTED_GOT = ("expected", "got")


def differences(
    expected: Any,
    actual: Any,
    path: str = "params",
    *,
    subset: bool,
    words: tuple[str, str] = EXPECTED_GOT,
) -> list[str]:
    """Paths where ``actual`` departs from ``expected``, one line each.

    With ``subset=True`` keys absent from ``expected`` do not count (a test names only the
    params it cares about); lists always compare item by item and must have equal lengths.
    ``words`` name the two sides in the lines (``("sent", "recorded")`` for a cassette miss,
    where "expected" would leave the reader guessing which side is the recording).
    """
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines: list[str] = []
        keys = list(expected) + ([] if subset else [k for k in actual if k not in expected])
        for key in keys:
            lines += differences(
                expected.get(key, _MISSING),
                actual.get(key, _MISSING),
                f"{path}.{key}",
                subset=subset,
                words=words,
            )
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} items {words[0]}, {len(actual)} {words[1]}"]
        lines = []
        for index, (exp, act) in enumerate(zip(expected, actual, strict=True)):
            lines += differences(exp, act, f"{path}[{index}]", subset=subset, words=words)
        return lines
    if expected is _MISSING and actual is _MISSING:
        return []
    if _same(expected, actual):
        return []
    return [f"{path}: {words[0]} {_show(expected)}, {words[1]} {_show(actual)}"]


def matches(expected: Any, actual: Any, *, subset: bool = True) -> bool:
    """Whether ``actual`` holds everything ``expected`` names (all of it without subset)."""
    return not differences(expected, actual, subset=subset)


@dataclass
class Candidate:
    """One recorded or journaled call offered as a near miss."""

    label: str
    params: Any
    note: str = ""
    #: Differences outside ``params`` (uploaded files, other form fields), already worded.
    extra: list[str] = field(default_factory=list)


def closest(
    expected: Any,
    candidates: Sequence[Candidate],
    *,
    subset: bool,
    limit: int = 3,
    words: tuple[str, str] = EXPECTED_GOT,
) -> list[str]:
    """Text lines showing the ``limit`` candidates nearest to ``expected`` and how they differ."""
    scored = []
    for order, candidate in enumerate(candidates):
        diff = differences(expected, candidate.params, subset=subset, words=words) + candidate.extra
        scored.append((len(diff), order, candidate, diff))
    scored.sort(key=lambda item: (item[0], item[1]))
    lines: list[str] = []
    for _count, _order, candidate, diff in scored[:limit]:
        note = f" ({candidate.note})" if candidate.note else ""
        lines.append(f"  {candidate.label}{note}:")
        lines += [f"      {line}" for line in diff[:6]] or ["      same params"]
        if len(diff) > 6:
            lines.append(f"      ... and {len(diff) - 6} more differences")
    return lines
