"""core/* calls: batch, search, data-flag registration, hardware types, account data."""

from __future__ import annotations

import random
from typing import Any

from wialon_protocol.errors import ErrorCode as E
from wialon_protocol.flags import UnitsDataFlag

from ...model import sim
from ...model.errors import ApiError
from ...model.fleet import make_unit
from ...model.fleet_data import HW_TYPES, HwType
from ...model.items import Group
from ...model.state import World
from .. import batch as batch_calls
from .. import item_json, search
from ..params import as_int, flags, id_list, obj, opt_int, opt_str
from ..registry import SessionCtx, endpoint
from ..rights import ACT_AS_USER, as_seen_by, require
from .access import can_see, visible_items, with_uacl

#: data-flag bits that make a unit report to the session as it moves: its new messages
#: (0x400 last message, 0x20 messages) or, with 0x400000 alone, its new position
MESSAGE_FLAGS = int(UnitsDataFlag.LAST_MSG_N_POS | UnitsDataFlag.MSGS | UnitsDataFlag.POS)
#: the QA suite's exact hardware type with includeType (ATrack has a second uid)
_UID2_HW = frozenset({8})


@endpoint("core/batch")
def batch(ctx: SessionCtx, params: Any) -> list[Any]:
    """Run several calls in one request; ``flags:1`` stops at the first error.

    https://help.wialon.com/en/api/user-guide/api-reference/core/batch; the bounds, and how the HTTP
    layer runs it without holding the event loop, are in :mod:`wialon_mock.api.batch`.
    """
    plan = batch_calls.parse(params)
    return batch_calls.run(ctx.world, plan, ctx.session.sid, ctx.remote, ctx.batch_fault)


def _spec_echo(spec: dict[str, Any]) -> dict[str, Any]:
    def text(key: str) -> str:
        value = spec.get(key, "")
        return value if isinstance(value, str) else str(value)

    return {
        "itemsType": text("itemsType"),
        "propName": text("propName"),
        "propValueMask": text("propValueMask"),
        "sortType": text("sortType"),
        "propType": text("propType"),
        "or_logic": str(opt_int(spec, "or_logic", 0)),
    }


def _seen(ctx: SessionCtx, item: Any, rendered: dict[str, Any]) -> dict[str, Any]:
    # hardware types are not items anyone holds rights on
    return rendered if isinstance(item, HwType) else as_seen_by(ctx, item, rendered)


def _json_of(world: World, item: Any, data_flags: int) -> dict[str, Any]:
    if isinstance(item, HwType):
        return item_json.hw_json(item.id, data_flags)
    return item_json.item_json(world, item, data_flags)


@endpoint("core/search_items")
def search_items(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Find items by property masks, sorted and paged.

    https://help.wialon.com/en/api/user-guide/api-reference/core/search_items
    """
    p = obj(params)
    spec = p.get("spec")
    if not isinstance(spec, dict) or not isinstance(spec.get("itemsType"), str):
        raise ApiError(E.INVALID_INPUT)
    echo = _spec_echo(spec)
    data_flags = flags(p.get("flags", 1))
    start = opt_int(p, "from", 0)
    end = opt_int(p, "to", 0)
    if start < 0 or end < 0:
        raise ApiError(E.INVALID_INPUT)
    world = ctx.world
    session = ctx.session
    key = tuple(echo.values())
    # sdk.wialon.com .../apiref/core/search_items: force 0 answers from the result of the
    # same search done before in this session (a snapshot to page through), 1 searches anew;
    # without force the search is new, as it always was here
    found = search.snapshot(session, key) if opt_int(p, "force", 1) == 0 else None
    reused = found is not None
    if found is None:
        found = search.run(
            world,
            echo["itemsType"],
            echo["propName"],
            echo["propValueMask"],
            echo["sortType"],
            echo["or_logic"] != "0",
        )
        # user/update_item_access and skip_nonactive_items narrow what this session sees
        found = visible_items(world, session, found)
        search.keep_snapshot(session, key, found)
    page = found[start:] if end == 0 else found[start : end + 1]
    if reused:
        # items deleted since the snapshot was taken cannot be described any more
        page = [item for item in page if isinstance(item, HwType) or world.item(item.id)]
    return {
        "searchSpec": echo,
        "dataFlags": data_flags,
        "totalItemsCount": len(found),
        "indexFrom": start if page else 0,
        "indexTo": start + len(page) - 1 if page else 0,
        "items": [
            with_uacl(world, session, item.id, _seen(ctx, item, _json_of(world, item, data_flags)))
            for item in page
        ],
    }


@endpoint("core/search_item")
def search_item(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """One item by id (error 7 when it does not exist or is not visible).

    https://help.wialon.com/en/api/user-guide/api-reference/core/search_item
    """
    p = obj(params)
    if "id" not in p:
        raise ApiError(E.INVALID_INPUT)
    item = ctx.world.item(as_int(p["id"]))
    if item is None or not can_see(ctx.world, ctx.session, item.id):
        raise ApiError(E.ACCESS_DENIED)
    data_flags = flags(p.get("flags", 1))
    rendered = as_seen_by(ctx, item, item_json.item_json(ctx.world, item, data_flags))
    return {"item": with_uacl(ctx.world, ctx.session, item.id, rendered), "flags": data_flags}


def _targets(world: World, kind: str, data: Any) -> list[Any]:
    if kind == "type":
        if not isinstance(data, str) or data not in search.ITEMS_TYPES:
            raise ApiError(E.INVALID_INPUT)
        return list(world.items_of(data))
    ids = [as_int(data)] if kind == "id" else id_list(data)
    return [item for item in map(world.item, ids) if item is not None]


@endpoint("core/update_data_flags")
def update_data_flags(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Register items in the session (modes 0 set, 1 add, 2 remove flags).

    https://help.wialon.com/en/api/user-guide/api-reference/core/update_data_flags
    """
    p = obj(params)
    specs = p.get("spec")
    if not isinstance(specs, list):
        raise ApiError(E.INVALID_INPUT)
    session = ctx.session
    world = ctx.world
    now = world.now()
    out: list[dict[str, Any]] = []
    for spec in specs:
        if not isinstance(spec, dict):
            raise ApiError(E.INVALID_INPUT)
        kind = spec.get("type")
        mode = opt_int(spec, "mode", 0)
        if kind not in ("type", "id", "col", "access") or mode not in (0, 1, 2):
            raise ApiError(E.INVALID_INPUT)
        if kind == "access":
            session.access = bool(as_int(spec.get("data", 1))) and mode != 2
            continue
        want = flags(spec.get("flags", 0))
        targets = [
            t for t in _targets(world, str(kind), spec.get("data")) if can_see(world, session, t.id)
        ]
        limit = spec.get("max_items")
        if kind == "type" and limit is not None and as_int(limit) > 0:
            targets = targets[: as_int(limit)]
        for item in targets:
            old = session.subs.get(item.id)
            if mode == 2:
                if old is None:
                    continue
                new = old & ~want
            else:
                new = want if mode == 0 or old is None else old | want
            if new == 0 or (mode == 2 and old is not None and old & 0x1 and not new & 0x1):
                session.subs.pop(item.id, None)
                session.msg_start.pop(item.id, None)
                out.append({"i": item.id, "d": None, "f": 0})
                continue
            session.subs[item.id] = new
            if new & MESSAGE_FLAGS:
                session.msg_start.setdefault(item.id, now)
            else:
                session.msg_start.pop(item.id, None)
            # help.wialon.com .../core/update_data_flags: mode 2 answers "d":null
            data = (
                None if mode == 2 else as_seen_by(ctx, item, item_json.item_json(world, item, want))
            )
            data = with_uacl(world, session, item.id, data)
            out.append({"i": item.id, "d": data, "f": new})
    return out


@endpoint("core/get_hw_types")
def get_hw_types(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """Device types, optionally filtered by name, id or category.

    https://help.wialon.com/en/api/user-guide/api-reference/core/get_hw_types
    """
    p = obj(params)
    filter_type = opt_str(p, "filterType")
    values = p.get("filterValue", [])
    if not isinstance(values, list):
        raise ApiError(E.INVALID_INPUT)
    include = bool(opt_int(p, "includeType", 0))
    out = []
    for hw in HW_TYPES:
        if filter_type == "name" and hw.name not in values:
            continue
        if filter_type == "id" and hw.id not in [as_int(v) for v in values]:
            continue
        if filter_type == "type" and hw.category not in values:
            continue
        # help.wialon.com .../core/get_hw_types also filters by "feature" (hw_features); no
        # generated device type declares any, so such a filter matches none of them
        if filter_type == "feature":
            continue
        entry: dict[str, Any] = {
            "id": hw.id,
            "uid2": 1 if hw.id in _UID2_HW else 0,
            "name": hw.name,
        }
        if include:
            # help.wialon.com/es .../core/get_hw_types: hw_features (text) sits between
            # hw_category and the ports; generated device types declare no features
            entry.update(hw_category=hw.category, hw_features="", tp=hw.tp, up=hw.tp)
        out.append(entry)
    return out


@endpoint("core/get_account_data")
def get_account_data(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Billing data of the account (type 1 short, type 2 with settings).

    https://help.wialon.com/en/api/user-guide/api-reference/core/get_account_data
    """
    p = obj(params)
    kind = opt_int(p, "type", 1)
    if kind not in (1, 2):
        raise ApiError(E.INVALID_INPUT)
    world = ctx.world
    account = world.resources[world.account_id]
    services = _services(len(world.units))
    # key order and types of sdk.wialon.com .../apiref/core/get_account_data (type 1 as on
    # help.wialon.com .../core/get_account_data): the top-level balance is text with currency
    data: dict[str, Any] = {
        "parentAccountName": "wialon-mock",
        "parentAccountId": world.owner_id - 1,
        "parentEnabled": 1,
        "plan": "Mock plan",
        "enabled": 1,
        "switchTime": 0,
        "created": account.ct,
        "flags": 0,
        "balance": "0.00",
        "daysCounter": 0,
        "services": services,
        "dealerRights": 0,
        "subPlans": [],
    }
    if kind == 2:
        # the settings balance is a number, and the billing plan, the account's own
        # ("personal") and the combined settings all have the plan-settings format
        data["settings"] = {
            "balance": 0.0,
            "plan": _plan_settings(services),
            "personal": _plan_settings(services),
            "combined": _plan_settings(services),
        }
        data["siteAccess"] = 1
    return data


def _services(units: int) -> dict[str, Any]:
    def service(usage: int) -> dict[str, Any]:
        return {"type": 1, "usage": usage, "maxUsage": -1, "cost": "", "interval": 0, "descr": ""}

    return {"avl_unit": service(units), "reports": service(0)}


def _plan_settings(services: dict[str, Any]) -> dict[str, Any]:
    return {
        "flags": 0,
        "blockBalance": 0,
        "denyBalance": 0,
        "minDaysCounter": 0,
        "historyPeriod": 0,  # 0 keeps messages for ever
        "services": {name: dict(svc) for name, svc in services.items()},
    }


@endpoint("core/check_unique")
def check_unique(ctx: SessionCtx, params: Any) -> dict[str, int]:
    """Whether an item of a type with that name exists (``result:1``) or not (0).

    https://help.wialon.com/en/api/user-guide/api-reference/core/check_unique
    """
    p = obj(params)
    kind = opt_str(p, "type")
    value = p.get("value")
    if kind not in search.ITEMS_TYPES or not isinstance(value, str):
        raise ApiError(E.INVALID_INPUT)
    lowered = value.lower()
    taken = any(item.nm.lower() == lowered for item in ctx.world.items_of(kind))
    return {"result": 1 if taken else 0}


def _new_name(p: dict[str, Any]) -> str:
    name = p.get("name")
    # the documented bounds for names of new items
    if not isinstance(name, str) or not 4 <= len(name.strip()) <= 50:
        raise ApiError(E.INVALID_INPUT)
    return name.strip()


def _creator(ctx: SessionCtx, p: dict[str, Any]) -> None:
    creator = as_int(p.get("creatorId", ctx.session.user_id))
    user = ctx.world.users.get(creator)
    if user is None:
        raise ApiError(E.ACCESS_DENIED)
    # creating for another user takes its right 0x200000 "act as given user (create items,
    # login, etc.)"; a sub-user session holds it on no one but itself (api/rights.py)
    if creator != ctx.session.user_id:
        require(ctx, user, ACT_AS_USER)


@endpoint("core/create_unit")
def create_unit(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A new unit in the account's city; answers the item for ``dataFlags``.

    https://help.wialon.com/en/api/user-guide/api-reference/core/create_unit
    """
    p = obj(params)
    _creator(ctx, p)
    name = _new_name(p)
    hw_id = as_int(p.get("hwTypeId"))
    if all(hw.id != hw_id for hw in HW_TYPES):
        raise ApiError(E.INVALID_INPUT)
    data_flags = flags(p.get("dataFlags", 1))
    world = ctx.world
    account = world.resources[world.account_id]
    unit_id = world.new_id()
    rng = random.Random(sim.mix(world.config.seed, unit_id))
    unit = make_unit(
        rng, unit_id, account.id, account.city, epoch=world.now(), created=world.now(),
        name=name, hw=hw_id,
    )  # fmt: skip
    world.add(unit)
    return {"item": item_json.item_json(world, unit, data_flags), "flags": data_flags}


@endpoint("core/create_unit_group")
def create_unit_group(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A new, empty unit group; answers the item for ``dataFlags``.

    https://help.wialon.com/en/api/user-guide/api-reference/core/create_unit_group
    """
    p = obj(params)
    _creator(ctx, p)
    name = _new_name(p)
    data_flags = flags(p.get("dataFlags", 1))
    world = ctx.world
    group = Group(id=world.new_id(), nm=name, units=[], ct=world.now())
    world.add(group)
    return {"item": item_json.item_json(world, group, data_flags), "flags": data_flags}
