"""The suite's own start order (tests/conftest.py): waiting tests spread among the others."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import _spread_waiting


class _Item:
    def __init__(self, name: str, waits: bool) -> None:
        self.name, self.waits = name, waits

    def get_closest_marker(self, name: str) -> Any:
        return object() if name == "waits" and self.waits else None


def _spread(names: str) -> str:
    items: list[Any] = [_Item(c, c.isupper()) for c in names]
    return "".join(item.name for item in _spread_waiting(items))


@pytest.mark.parametrize(
    ("collected", "started"),
    [
        ("abcdefghABC", "abAcdBefCgh"),  # eight others, three waiting: after 2, 4 and 6 of them
        ("ABCabcdefgh", "abAcdBefCgh"),  # where they were collected does not matter
        ("abcdefgh", "abcdefgh"),
        ("ABC", "ABC"),
        ("aAB", "aAB"),  # after a third and two thirds of one: both after it
        ("abcA", "abAc"),
    ],
)
def test_waiting_tests_are_spread_evenly_each_kind_in_its_order(
    collected: str, started: str
) -> None:
    assert _spread(collected) == started
    assert sorted(_spread(collected)) == sorted(collected)
