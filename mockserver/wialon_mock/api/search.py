"""``core/search_items`` over the model: property lookup, masks, comparisons, sorting, paging.

The query language of the API, so it sits in ``api/`` over the model; what it caches is its
own and lives here too (the model holds no cache of it): the results per world and version,
and each session's snapshots that a ``force:0`` search pages through.

Matching is case-insensitive with ``*`` (any run) and ``?`` (one character). A mask may start
with a comparison (``>=``, ``<=``, ``>``, ``<``, ``=``) for numeric properties, or with ``!`` to
negate. ``propName`` may list alternatives with ``|`` (any of them matches) and several
criteria with ``,`` (one mask each), ANDed unless ``or_logic`` is set.

Results are cached per world and (criteria, sort, world version): a page through 100,000 units
sorts once, then every further page is a slice. The commonest search (sorted by ``sys_name``
ascending) does not even sort once: each item table keeps a :class:`NameOrder`, built on first
use and kept up to date by :class:`~wialon_mock.model.state.World` on renames, additions and
deletions, so a search after a rename costs a walk over the ids (or nothing, when every item
matches: the answer is then a lazy view that looks items up only for the page asked for).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, overload
from weakref import WeakKeyDictionary

from wialon_protocol.errors import ErrorCode as E

from ..model.edits import current as current_fields
from ..model.errors import ApiError
from ..model.fleet_data import HW_TYPES, HwType
from ..model.items import Group, Resource, Unit, User
from ..model.names import INDEXED, NameOrder
from ..model.state import Session, World

SearchItem = Unit | Resource | Group | User | HwType
Getter = Callable[["World", Any], "str | int"]

ITEMS_TYPES = frozenset(
    {
        "avl_hw",
        "avl_resource",
        "avl_retranslator",
        "avl_unit",
        "avl_unit_group",
        "user",
        "avl_route",
    }
)
_CACHE_SIZE = 32
_HW_NAMES = {hw.id: hw.name for hw in HW_TYPES}


def _name(world: World, item: Any) -> str:
    return str(item.name if isinstance(item, HwType) else item.nm)


def _creator(world: World, item: Any) -> int:
    return item.crt if isinstance(item, User) else world.owner_id


PROPS: dict[str, Getter] = {
    "sys_name": _name,
    "sys_id": lambda w, i: int(i.id),
    "sys_unique_id": lambda w, i: str(getattr(i, "uid", "")),
    "sys_phone_number": lambda w, i: str(getattr(i, "ph", "")),
    "sys_phone_number2": lambda w, i: str(getattr(i, "ph2", "")),
    "sys_user_creator": _creator,
    "rel_user_creator_name": lambda w, i: (
        w.users[_creator(w, i)].nm if _creator(w, i) in w.users else ""
    ),
    "rel_hw_type_id": lambda w, i: int(getattr(i, "hw", 0)),
    "rel_hw_type_name": lambda w, i: _HW_NAMES.get(getattr(i, "hw", 0), ""),
    "rel_creation_time": lambda w, i: int(getattr(i, "ct", 0)),
    "rel_group_unit_count": lambda w, i: len(i.units) if isinstance(i, Group) else 0,
    "rel_is_account": lambda w, i: int(isinstance(i, Resource) and i.is_account),
    "sys_comm_state": lambda w, i: int(getattr(i, "act", 1)),
    "sys_account_disabled": lambda w, i: 0,
    "rel_billing_account_name": lambda w, i: w.resources[w.account_id].nm,
}


@dataclass(frozen=True)
class Criterion:
    """One ``propName``/``propValueMask`` pair."""

    props: tuple[str, ...]
    mask: str


@lru_cache(maxsize=256)
def _mask_regex(mask: str) -> re.Pattern[str]:
    out = []
    for ch in mask:
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def _compare(op: str, value: str | int, operand: str) -> bool:
    try:
        left, right = float(value), float(operand)
    except ValueError:
        left_s, right_s = str(value).lower(), operand.lower()
        return {
            ">=": left_s >= right_s,
            "<=": left_s <= right_s,
            ">": left_s > right_s,
            "<": left_s < right_s,
            "=": left_s == right_s,
        }[op]
    return {
        ">=": left >= right,
        "<=": left <= right,
        ">": left > right,
        "<": left < right,
        "=": left == right,
    }[op]


def mask_matches(mask: str, value: str | int) -> bool:
    """Whether one property value matches one mask."""
    if mask in ("", "*"):
        return True
    if mask.startswith("!"):
        return not mask_matches(mask[1:], value)
    for op in (">=", "<=", ">", "<", "="):
        if mask.startswith(op):
            return _compare(op, value, mask[len(op) :])
    return _mask_regex(mask).fullmatch(str(value)) is not None


def _criteria(prop_name: str, mask: str) -> list[Criterion]:
    names = prop_name.split(",") if prop_name else ["sys_name"]
    masks = mask.split(",") if mask else ["*"]
    if len(masks) < len(names):
        masks += ["*"] * (len(names) - len(masks))
    return [
        Criterion(tuple(n.strip() or "sys_name" for n in name.split("|")), m.strip())
        for name, m in zip(names, masks[: len(names)], strict=True)
    ]


def _value(world: World, item: Any, prop: str) -> str | int:
    getter = PROPS.get(prop)
    return "" if getter is None else getter(world, item)


def _matches(world: World, item: Any, criteria: list[Criterion], or_logic: bool) -> bool:
    results = (any(_hit(world, item, p, c.mask) for p in c.props) for c in criteria)
    return any(results) if or_logic else all(results)


def _hit(world: World, item: Any, prop: str, mask: str) -> bool:
    many = FIELD_PROPS.get(prop)
    if many is not None:
        # a field property matches when any of the item's fields does
        return any(mask_matches(mask, value) for value in many(world, item))
    return mask_matches(mask, _value(world, item, prop))


def _field_values(section: str, part: str) -> Callable[[World, Any], list[str]]:
    def values(world: World, item: Any) -> list[str]:
        if isinstance(item, HwType):
            return []
        fields = current_fields(world, item, section)
        if part == "name_value":
            return [f"{f['n']}:{f['v']}" for f in fields.values()]
        return [str(f[part]) for f in fields.values()]

    return values


#: properties that hold one value per custom / admin / profile field (core/search_items:
#: rel_customfield_name, rel_customfield_value, ..._name_value as "name:value")
FIELD_PROPS: dict[str, Callable[[World, Any], list[str]]] = {
    f"rel_{kind}_{part}": _field_values(section, "name_value" if part == "name_value" else part[0])
    for kind, section in (
        ("customfield", "flds"),
        ("adminfield", "aflds"),
        ("profilefield", "pflds"),
    )
    for part in ("name", "value", "name_value")
}


def _sort_keys(sort_type: str) -> list[tuple[str, bool]]:
    keys = []
    for part in sort_type.split(","):
        part = part.strip()
        if part:
            desc = part.startswith("!")
            keys.append((part.lstrip("!"), desc))
    return keys


def _pool(world: World, items_type: str) -> list[Any]:
    if items_type == "avl_hw":
        return list(HW_TYPES)
    return list(world.items_of(items_type))


def name_order(world: World, items_type: str) -> NameOrder:
    """The table's name order, built now when no search needed it before."""
    return world.name_order(items_type)


class _ByName(Sequence[Any]):
    """Items looked up by id on access, so a page of 1,000 out of 100,000 touches 1,000."""

    __slots__ = ("_ids", "_table")

    def __init__(self, ids: array[int], table: dict[int, Any]) -> None:
        # a copy: the name order changes with the next rename, this answer must not
        self._ids, self._table = ids[:], table

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        table = self._table
        if isinstance(index, slice):
            # an answer kept for a later force:0 search may name items deleted since
            got = table.get
            return [item for item_id in self._ids[index] if (item := got(item_id)) is not None]
        return table[self._ids[index]]


def _by_name(
    world: World, items_type: str, criteria: list[Criterion], everything: bool, or_logic: bool
) -> Sequence[Any]:
    """Matching items in ascending ``sys_name`` order, read off the table's name order."""
    tables: dict[str, dict[int, Any]] = {
        "avl_unit": world.units,
        "avl_resource": world.resources,
        "avl_unit_group": world.groups,
        "user": world.users,
    }
    table = tables[items_type]
    ids = name_order(world, items_type).ids
    if everything:
        return _ByName(ids, table)
    in_order = (table[item_id] for item_id in ids)
    return [item for item in in_order if _matches(world, item, criteria, or_logic)]


def run(
    world: World, items_type: str, prop_name: str, mask: str, sort_type: str, or_logic: bool
) -> Sequence[Any]:
    """All matching items in sort order (cached until the world changes)."""
    if items_type not in ITEMS_TYPES:
        raise ApiError(E.INVALID_INPUT)
    key = (items_type, prop_name, mask, sort_type, or_logic)
    cache = _results_of(world)
    cached: Sequence[Any] | None = cache.get(key)
    if cached is not None:
        return cached
    criteria = _criteria(prop_name, mask)
    everything = all(c.mask in ("", "*") for c in criteria)
    keys = _sort_keys(sort_type)
    found: Sequence[Any]
    if keys == [("sys_name", False)] and items_type in INDEXED:
        found = _by_name(world, items_type, criteria, everything, or_logic)
    else:
        found = _sorted(world, items_type, criteria, everything, or_logic, keys)
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = found
    return found


# Weak keys: a world or a session that goes away takes its entries with it. Each server runs
# in one thread, and a server's entries are only touched from that thread.
_RESULTS: WeakKeyDictionary[World, tuple[int, dict[Any, Sequence[Any]]]] = WeakKeyDictionary()
_SNAPSHOTS: WeakKeyDictionary[Session, dict[tuple[str, ...], Sequence[Any]]] = WeakKeyDictionary()
#: snapshots one session keeps for ``force:0`` (bounded: a script may vary its masks forever)
_SESSION_SNAPSHOTS = 16


def _results_of(world: World) -> dict[Any, Sequence[Any]]:
    """The world's result cache for its current version (a change of names or membership,
    or a reset, bumps the version and so empties it)."""
    held = _RESULTS.get(world)
    if held is None or held[0] != world.version:
        held = _RESULTS[world] = (world.version, {})
    return held[1]


def snapshot(session: Session, key: tuple[str, ...]) -> Sequence[Any] | None:
    """The result of the search ``key`` this session did before (for ``force:0``)."""
    found = _SNAPSHOTS.get(session)
    return None if found is None else found.get(key)


def keep_snapshot(session: Session, key: tuple[str, ...], found: Sequence[Any]) -> None:
    """Remember a search's result for the session's later ``force:0`` pages."""
    kept = _SNAPSHOTS.setdefault(session, {})
    if len(kept) >= _SESSION_SNAPSHOTS:
        kept.clear()
    kept[key] = found


def drop_snapshots(session: Session) -> None:
    """Forget the session's snapshots (what it may see has changed)."""
    _SNAPSHOTS.pop(session, None)


def _sorted(
    world: World,
    items_type: str,
    criteria: list[Criterion],
    everything: bool,
    or_logic: bool,
    keys: list[tuple[str, bool]],
) -> list[Any]:
    pool = _pool(world, items_type)
    found = pool if everything else [i for i in pool if _matches(world, i, criteria, or_logic)]
    # sorts are stable: apply the keys from last to first so the first one dominates
    for prop, desc in reversed(keys):
        if prop == "sys_name" and items_type != "avl_hw":
            found.sort(key=lambda i: i.nm.lower(), reverse=desc)
        elif prop == "sys_name":
            found.sort(key=lambda i: _name(world, i).lower(), reverse=desc)
        else:
            getter = PROPS.get(prop)
            if getter is not None:
                found.sort(key=_by(world, getter), reverse=desc)
    return found


def _by(world: World, getter: Getter) -> Callable[[Any], tuple[int, Any]]:
    def key(item: Any) -> tuple[int, Any]:
        return _sortable(getter(world, item))

    return key


def _sortable(value: str | int) -> tuple[int, Any]:
    # numbers before strings so mixed property types never compare int with str
    return (0, value) if isinstance(value, int) else (1, value.lower())
