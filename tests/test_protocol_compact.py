"""``wialon_protocol.compact`` (one reused C encoder) writes what ``json.dumps`` writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wialon_protocol.wire import canonical, compact, compact_bytes

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


def _reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


@given(JSON)
def test_compact_is_json_dumps_without_spaces(value: Any) -> None:
    assert compact(value) == _reference(value)
    assert compact(compact(value)) == _reference(_reference(value))  # a str at the top


@pytest.mark.parametrize(
    "value", [float("nan"), {"x": float("inf")}, {"a": object()}, {(1, 2): 1}, b"bytes"]
)
def test_compact_refuses_what_json_dumps_refuses_with_the_same_error(value: Any) -> None:
    with pytest.raises((TypeError, ValueError)) as expected:
        _reference(value)
    with pytest.raises(expected.type, match="^" + str(expected.value) + "$"):
        compact(value)


def test_compact_bytes_is_utf8_and_reused_encoders_keep_no_state() -> None:
    assert compact_bytes({"ü": [1, None]}) == '{"ü":[1,null]}'.encode()
    with pytest.raises(ValueError, match="not JSON compliant"):
        compact({"a": float("nan")})
    assert compact({"a": [1.5, True]}) == '{"a":[1.5,true]}'  # a failure left nothing behind


@given(JSON)
def test_canonical_is_json_dumps_with_sorted_keys(value: Any) -> None:
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    assert canonical(value) == expected


def test_a_circular_value_fails_as_before() -> None:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    with pytest.raises(ValueError, match="Circular reference detected"):
        canonical(loop)
    with pytest.raises(RecursionError):
        compact(loop)  # compact never checked for circles
