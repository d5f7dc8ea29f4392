"""item/* writes: custom, administrative and profile fields, custom properties, measure units.

Each write is stored in the item's overlay (:mod:`wialon_mock.model.edits`), so later reads
(``core/search_item``, ``core/search_items`` including ``rel_customfield_*`` masks, exports)
see it, and sessions that registered the item get a ``t:"u"`` event carrying the changed
section under its item-JSON name.
"""

from __future__ import annotations

from typing import Any

from ...model import edits
from ...model.errors import ApiError
from ...model.items import Item, Unit, User
from ..params import as_int, obj, opt_int, req_str
from ..registry import SessionCtx, endpoint
from ._common import item_of, next_id, sub_item

#: the data flag whose sessions hear about each section (item data format pages)
SECTION_FLAGS = {"flds": 0x8, "aflds": 0x80, "pflds": 0x800000, "prp": 0x2}
#: profile field names help.wialon.com lists on item/update_profile_field
PROFILE_FIELDS = frozenset(
    {
        "vehicle_type", "vehicle_class", "vin", "registration_plate", "brand", "model", "year",
        "color", "engine_model", "engine_power", "engine_displacement", "primary_fuel_type",
        "co2_emission", "cargo_type", "carrying_capacity", "width", "height", "depth",
        "effective_capacity", "gross_vehicle_weight", "axles",
    }
)  # fmt: skip
CALL_MODES = ("create", "update", "delete")


def notify_section(
    ctx: SessionCtx, item: Item, key: str, data: dict[str, Any] | None = None
) -> None:
    """Queue ``t:"u"`` with the whole section ``key`` (or ``data``) to the item's watchers."""
    world = ctx.world
    payload = {key: dict(edits.current(world, item, key))} if data is None else data
    world.notify(item.id, {"i": item.id, "t": "u", "d": payload}, need=SECTION_FLAGS.get(key, 1))


def text(p: dict[str, Any], key: str) -> str:
    """A required text parameter (numbers are accepted as their decimal text)."""
    value = p.get(key)
    if isinstance(value, bool) or value is None:
        raise ApiError(4)
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        raise ApiError(4)
    return value


def _field_call(ctx: SessionCtx, params: Any, key: str) -> list[Any]:
    p = obj(params)
    item = item_of(ctx, p)
    mode = req_str(p, "callMode")
    if mode not in CALL_MODES:
        raise ApiError(4)
    world = ctx.world
    fields: dict[str, dict[str, Any]] = edits.writable(world, item, key)
    if mode == "create":
        name = text(p, "n").strip()
        if not name:
            raise ApiError(4)
        # the page: the id of a new field is chosen by the system, the one sent is ignored
        field_id = next_id(fields)
    else:
        field_id, _ = sub_item(fields, p)
    if mode == "delete":
        del fields[str(field_id)]
        answer: list[Any] = [field_id, None]
    else:
        name = text(p, "n").strip()
        if not name:
            raise ApiError(4)
        entry = {"id": field_id, "n": name, "v": text(p, "v")}
        fields[str(field_id)] = entry
        answer = [field_id, dict(entry)]
    edits.changed(world)
    notify_section(ctx, item, key)
    return answer


@endpoint("item/update_custom_field")
def update_custom_field(ctx: SessionCtx, params: Any) -> list[Any]:
    """Create, change or delete a custom field (``flds``); answers ``[id, field or null]``.

    https://help.wialon.com/en/api/user-guide/api-reference/item/update_custom_field
    (en/es/ru agree). An ``id`` that names no field, for update or delete, is "wrong input
    parameters" (4): the page lists no other code for it.
    """
    return _field_call(ctx, params, "flds")


@endpoint("item/update_admin_field")
def update_admin_field(ctx: SessionCtx, params: Any) -> list[Any]:
    """Create, change or delete an administrative field (``aflds``); same shape as custom fields.

    https://help.wialon.com/en/api/user-guide/api-reference/item/update_admin_field (the
    request and answer of update_custom_field, on the item's administrative fields).
    """
    return _field_call(ctx, params, "aflds")


@endpoint("item/update_custom_property")
def update_custom_property(ctx: SessionCtx, params: Any) -> dict[str, str]:
    """Set a custom property (``prp``); an empty ``value`` deletes it. Answers ``{"n","v"}``.

    https://help.wialon.com/en/api/user-guide/api-reference/item/update_custom_property
    Watchers get ``prpu`` with only the changed property (``""`` meaning deleted), the
    partial form the avl_evts page names for property changes.
    """
    p = obj(params)
    item = item_of(ctx, p)
    name = text(p, "name")
    if not name:
        raise ApiError(4)
    value = text(p, "value") if "value" in p else ""
    world = ctx.world
    props: dict[str, str] = edits.writable(world, item, "prp")
    if value:
        props[name] = value
    else:
        props.pop(name, None)
    edits.changed(world)
    notify_section(ctx, item, "prp", {"prpu": {name: value}})
    return {"n": name, "v": value}


@endpoint("item/update_profile_field")
def update_profile_field(ctx: SessionCtx, params: Any) -> list[Any]:
    """Set one of a unit's profile fields (``pflds``); answers ``[id, {"id","n","v"}]``.

    https://help.wialon.com/en/api/user-guide/api-reference/item/update_profile_field
    Only units have profile fields here: any other item answers 3 ("item not found or type
    library plugin not enabled"), an unlisted name 4.
    """
    p = obj(params)
    item = item_of(ctx, p)
    if not isinstance(item, Unit):
        raise ApiError(3)
    name = text(p, "n")
    if name not in PROFILE_FIELDS:
        raise ApiError(4)
    value = text(p, "v")
    world = ctx.world
    fields: dict[str, dict[str, Any]] = edits.writable(world, item, "pflds")
    found = next((f for f in fields.values() if f["n"] == name), None)
    field_id = found["id"] if found else next_id(fields)
    entry = {"id": field_id, "n": name, "v": value}
    fields[str(field_id)] = entry
    edits.changed(world)
    notify_section(ctx, item, "pflds")
    return [field_id, dict(entry)]


@endpoint("item/update_measure_units")
def update_measure_units(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Change an item's measure system (``mu``: 0 metric, 1 U.S., 2 imperial).

    https://help.wialon.com/en/api/user-guide/api-reference/item/update_measure_units
    Setting the system the item already has is error 6, as the page says ("new type == old
    type"). ``flags:1`` (convert stored values) changes nothing more here: generated items
    store no values in units of measure.
    """
    p = obj(params)
    item = item_of(ctx, p)
    kind = as_int(p.get("type"))
    if kind not in (0, 1, 2) or opt_int(p, "flags", 0) not in (0, 1):
        raise ApiError(4)
    world = ctx.world
    if isinstance(item, User) and not item.is_owner and item.id != _acting(ctx):
        raise ApiError(7)
    if edits.current(world, item, "mu") == kind:
        raise ApiError(6)
    overlay = world.edits.overlays.setdefault(item.id, edits.Overlay())
    overlay.sections["mu"] = kind
    world.notify(item.id, {"i": item.id, "t": "u", "d": {"mu": kind}})
    return {}


def _acting(ctx: SessionCtx) -> int:
    return ctx.session.user_id if ctx.session is not None else 0
