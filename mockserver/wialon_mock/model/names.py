"""Each item table in name order, kept current as items are renamed, added and deleted.

The model keeps these (:meth:`wialon_mock.model.state.World.name_order`) so the commonest
search, sorted by ``sys_name``, never sorts; :mod:`wialon_mock.api.search` reads them.
A module of its own so the model's core and the search over it do not import each other.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import islice
from operator import attrgetter, lt
from typing import Any

from .items import Group, Resource, Unit, User

#: the item tables a :class:`NameOrder` can index (hardware types are fixed data, never renamed)
INDEXED = {"avl_unit": Unit, "avl_resource": Resource, "avl_unit_group": Group, "user": User}


class NameOrder:
    """The ids of one item table in ``sys_name`` order.

    Two parallel sequences, ``names`` (lower-case) and ``ids``, sorted by name and, between
    equal names, by id: the order a stable sort of the table by name gives, since ids only
    grow. Renames and deletions cost a binary search and one shift each, instead of a fresh
    sort of the whole table. Parallel sequences rather than ``(name, id)`` pairs: a million
    units spare a million tuples (some 56 MB) and sort faster.

    ``ids`` is an array of machine integers, not a list: a search answer keeps a copy of it
    (the order changes with the next rename), and copying, freeing and garbage-collecting a
    list of a million references touched a million scattered int objects each time (most of
    a cold search page over a million units); an array is one block the collector ignores.
    """

    __slots__ = ("ids", "names")

    def __init__(self, items: Iterable[Any]) -> None:
        # map() with C-level callables instead of comprehensions: for a million units the
        # per-item Python steps were most of the time (2.2 s, now about half)
        ordered = list(items)
        ids = array("q", map(_ID, ordered))
        if not all(map(lt, ids, islice(ids, 1, None))):
            # tables are kept in id order (ids only grow), so this is for other callers
            ordered.sort(key=_ID)
            ids = array("q", map(_ID, ordered))
        names = list(map(str.lower, map(_NAME, ordered)))
        order = sorted(range(len(names)), key=names.__getitem__)  # stable: ties keep id order
        self.names: list[str] = list(map(names.__getitem__, order))
        # gathered from an array, not a list: reads one block instead of scattered int objects
        self.ids: array[int] = array("q", map(ids.__getitem__, order))

    def _span(self, lower: str) -> tuple[int, int]:
        return bisect_left(self.names, lower), bisect_right(self.names, lower)

    def add(self, name: str, item_id: int) -> None:
        """Place one item by its name."""
        lower = name.lower()
        lo, hi = self._span(lower)
        at = bisect_left(self.ids, item_id, lo, hi)
        self.names.insert(at, lower)
        self.ids.insert(at, item_id)

    def remove(self, name: str, item_id: int) -> None:
        """Take one item out (nothing happens when it is not there)."""
        lo, hi = self._span(name.lower())
        at = bisect_left(self.ids, item_id, lo, hi)
        if at < hi and self.ids[at] == item_id:
            del self.names[at]
            del self.ids[at]


_ID = attrgetter("id")
_NAME = attrgetter("nm")


def table_of(item: Any) -> str | None:
    """The ``itemsType`` whose table holds ``item`` (``None`` for what no index covers)."""
    for items_type, cls in INDEXED.items():
        if isinstance(item, cls):
            return items_type
    return None
