"""Each item table in name order, kept current as items are renamed, added and deleted.

The model keeps these (:meth:`wialon_mock.model.state.World.name_order`) so the commonest
search, sorted by ``sys_name``, never sorts; :mod:`wialon_mock.model.search` reads them.
A module of its own so the model's core and the search over it do not import each other.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator
from typing import Any

from .items import Group, Resource, Unit, User

#: the item tables a :class:`NameOrder` can index (hardware types are fixed data, never renamed)
INDEXED = {"avl_unit": Unit, "avl_resource": Resource, "avl_unit_group": Group, "user": User}


class NameOrder:
    """The ids of one item table in ``sys_name`` order: ``(lower-case name, id)`` pairs.

    Ties between equal names go by id, which is the table's insertion order (ids only grow), so
    the order is exactly what a stable sort of the table by name gives. Renames and deletions
    cost a binary search and one list shift each, instead of a fresh sort of the whole table.
    """

    __slots__ = ("keys",)

    def __init__(self, items: Iterator[Any]) -> None:
        self.keys: list[tuple[str, int]] = sorted((item.nm.lower(), item.id) for item in items)

    def add(self, name: str, item_id: int) -> None:
        """Place one item by its name."""
        insort(self.keys, (name.lower(), item_id))

    def remove(self, name: str, item_id: int) -> None:
        """Take one item out (nothing happens when it is not there)."""
        key = (name.lower(), item_id)
        at = bisect_left(self.keys, key)
        if at < len(self.keys) and self.keys[at] == key:
            del self.keys[at]


def table_of(item: Any) -> str | None:
    """The ``itemsType`` whose table holds ``item`` (``None`` for what no index covers)."""
    for items_type, cls in INDEXED.items():
        if isinstance(item, cls):
            return items_type
    return None
