"""Search masks against an independent oracle (fnmatch), and sorting/paging invariants."""

from __future__ import annotations

import fnmatch

from hypothesis import given, settings
from hypothesis import strategies as st

from wialon_mock.api.search import mask_matches

WORDS = st.text(alphabet="abAB 1-", max_size=8)
MASKS = st.text(alphabet="abAB 1-*?", max_size=8)


@settings(max_examples=300, deadline=None)
@given(mask=MASKS, value=WORDS)
def test_mask_agrees_with_fnmatch(mask: str, value: str) -> None:
    expected = mask in ("", "*") or fnmatch.fnmatchcase(value.lower(), mask.lower())
    assert mask_matches(mask, value) == expected


@settings(max_examples=200, deadline=None)
@given(mask=MASKS, value=WORDS)
def test_negation_is_the_complement(mask: str, value: str) -> None:
    if mask not in ("", "*"):
        assert mask_matches("!" + mask, value) != mask_matches(mask, value)


@settings(max_examples=200, deadline=None)
@given(a=st.integers(-(10**6), 10**6), b=st.integers(-(10**6), 10**6))
def test_numeric_comparisons(a: int, b: int) -> None:
    assert mask_matches(f">={b}", a) == (a >= b)
    assert mask_matches(f"<={b}", a) == (a <= b)
    assert mask_matches(f">{b}", a) == (a > b)
    assert mask_matches(f"<{b}", a) == (a < b)
    assert mask_matches(f"={b}", a) == (a == b)
