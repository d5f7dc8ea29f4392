"""Ready-made event filters for ``@wialon.avl_event_handler(filter=...)``.

Every function here returns a plain synchronous predicate, the cheapest kind to dispatch.
Filters of your own may also be ``async``; dispatch awaits them.

    @wialon.avl_event_handler(filters.all_of(filters.items(734455), filters.messages))
    async def on_message(event: AvlEvent) -> None: ...
"""

from __future__ import annotations

from collections.abc import Callable

from .types import AvlEvent, AvlEventType, AvlSpecial

__all__ = [
    "all_of",
    "any_of",
    "deletions",
    "event_types",
    "items",
    "messages",
    "negate",
    "special",
    "updates",
    "upload_done",
]

Predicate = Callable[[AvlEvent], bool]


class _ItemsFilter:
    """The predicate :func:`items` returns; dispatch reads ``ids`` to route without calling it."""

    __slots__ = ("ids",)

    def __init__(self, ids: frozenset[int]) -> None:
        self.ids = ids

    def __call__(self, event: AvlEvent) -> bool:
        return event.data.i in self.ids

    def __repr__(self) -> str:
        return f"filters.items({', '.join(map(str, sorted(self.ids)))})"


def items(*item_ids: int) -> Predicate:
    """Events of the given item ids."""
    return _ItemsFilter(frozenset(item_ids))


def item_ids_of(predicate: object) -> frozenset[int] | None:
    """The ids an :func:`items` filter accepts, or None for any other predicate."""
    return predicate.ids if isinstance(predicate, _ItemsFilter) else None


def event_types(*types: AvlEventType | str) -> Predicate:
    """Events whose ``t`` is one of ``types`` (``"m"``, ``"u"``, ``"d"``)."""
    wanted = frozenset(AvlEventType(t) for t in types)
    return lambda event: event.data.t in wanted


def messages(event: AvlEvent) -> bool:
    """New-message events (``t == "m"``)."""
    return event.data.t is AvlEventType.MESSAGE


def updates(event: AvlEvent) -> bool:
    """Item-update events (``t == "u"``)."""
    return event.data.t is AvlEventType.UPDATE


def deletions(event: AvlEvent) -> bool:
    """Item-deletion events (``t == "d"``)."""
    return event.data.t is AvlEventType.DELETE


def special(*kinds: AvlSpecial | int) -> Predicate:
    """Special (negative ``i``) events; of the given kinds only, when kinds are given."""
    if not kinds:
        return lambda event: event.data.i < 0
    wanted = frozenset(int(k) for k in kinds)
    return lambda event: event.data.i in wanted


def upload_done(event_hash: str | None = None) -> Predicate:
    """Upload-done (``-1``) events; of the given ``eventHash`` only, when one is given."""
    if event_hash is None:
        return lambda event: event.data.is_upload_done
    return lambda event: event.data.upload_hash == event_hash


def all_of(*predicates: Predicate) -> Predicate:
    """Events every predicate accepts."""
    return lambda event: all(p(event) for p in predicates)


def any_of(*predicates: Predicate) -> Predicate:
    """Events at least one predicate accepts."""
    return lambda event: any(p(event) for p in predicates)


def negate(predicate: Predicate) -> Predicate:
    """Events the predicate refuses."""
    return lambda event: not predicate(event)
