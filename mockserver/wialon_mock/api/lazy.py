"""A sized list whose elements are made when they are read, a slice at a time.

A year of one unit's messages is 100,000 dicts: building them in the handler took over a
second in one go, with every other client waiting, and held them all in memory until the
answer was written. A handler returns a :class:`LazyList` instead; the HTTP layer's sliced
encoder (:func:`wialon_mock.api.json_input.encode_answer_async`) asks it for
2,000 elements at a time and gives the event loop back between two slices, so making the
elements is spread out the same way writing them is, and only one slice of dicts lives at once.

For everything else it behaves as the list it stands for: ``len``, indexing, slicing,
iteration and ``==`` against a list, and :func:`~wialon_mock.api.json_input.encode_answer`
writes the same bytes as for the list. The elements are made again on every read, so the
maker must be a pure function of the index range (message generation is: see ``model/sim``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

__all__ = ["SLICE", "LazyList"]

#: elements made per step when a lazy list is iterated as a whole
SLICE = 2000


class LazyList(Sequence[Any]):
    """``length`` elements; ``make(lo, hi)`` returns the list of those from ``lo`` to ``hi``."""

    __slots__ = ("_length", "_make")

    def __init__(self, length: int, make: Callable[[int, int], list[Any]]) -> None:
        self._length = length
        self._make = make

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            lo, hi, step = index.indices(self._length)
            if step == 1:
                return self._make(lo, hi) if lo < hi else []
            return [self[i] for i in range(lo, hi, step)]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("lazy list index out of range")
        return self._make(index, index + 1)[0]

    def __iter__(self) -> Iterator[Any]:
        for lo in range(0, self._length, SLICE):
            yield from self._make(lo, min(lo + SLICE, self._length))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, LazyList)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so unhashable like one

    def __repr__(self) -> str:
        return f"LazyList(<{self._length} elements>)"

    def materialize(self) -> list[Any]:
        """Every element, as a plain list."""
        return list(self)
