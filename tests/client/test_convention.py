"""Keyword names become Wialon parameter names the way py-aiowialon converts them."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import pytest

from aiowialon.convention import param_name, wire_params


@pytest.mark.parametrize(
    ("keyword", "wire"),
    [
        ("from_", "from"),
        ("ItemId", "itemId"),
        ("_id", "id"),
        ("__class__", "class"),
        ("itemId", "itemId"),
        ("flags", "flags"),
        ("X", "x"),
        ("_", ""),
        ("Spec_", "spec"),
    ],
)
def test_param_name(keyword: str, wire: str) -> None:
    assert param_name(keyword) == wire


def test_nested_dicts_and_lists_are_converted() -> None:
    given: dict[str, Any] = {
        "Spec": [{"Type": "type", "Data": "avl_unit", "from_": 1}, [{"Inner_": 2}], 3],
        "Interval": {"From": 0, "To": 10, "Flags": 0},
        "pair": ({"A": 1}, "x"),
    }
    assert wire_params(given) == {
        "spec": [{"type": "type", "data": "avl_unit", "from": 1}, [{"inner": 2}], 3],
        "interval": {"from": 0, "to": 10, "flags": 0},
        "pair": [{"a": 1}, "x"],
    }
    assert "Spec" in given  # the caller's dict is not changed


def test_values_pass_through_untouched() -> None:
    class Flag(IntEnum):
        ONE = 1

    converted = wire_params({"flags": Flag.ONE, "name": "Some_Name_", "n": None})
    assert converted["flags"] is Flag.ONE
    assert converted["name"] == "Some_Name_"  # values are never renamed
    assert converted["n"] is None
