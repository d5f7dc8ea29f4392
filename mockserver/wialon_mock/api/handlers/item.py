"""item/* calls: rename and delete any item."""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model.errors import ApiError
from ...model.items import Resource, User
from ..params import obj, req_str
from ..registry import SessionCtx, endpoint
from ..rights import DELETE, RENAME, require
from ._common import item_of

#: item names the real server accepts (create_* and rename)
NAME_MIN, NAME_MAX = 1, 50


@endpoint("item/update_name")
def update_name(ctx: SessionCtx, params: Any) -> dict[str, str]:
    """Rename an item; sessions that registered it get a ``t:"u"`` event with ``nm``."""
    p = obj(params)
    item = item_of(ctx, p)
    name = req_str(p, "name").strip()
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise ApiError(E.INVALID_INPUT)
    # right 0x10 "rename item" (see wialon_mock.api.rights); checked before anything changes
    require(ctx, item, RENAME)
    ctx.world.rename(item, name)
    return {"nm": name}


@endpoint("item/delete_item")
def delete_item(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Delete an item; sessions that registered it get a ``t:"d"`` event."""
    p = obj(params)
    item = item_of(ctx, p)
    world = ctx.world
    # the account itself and the user the session acts as cannot be deleted from inside
    acting = ctx.session.user_id
    if isinstance(item, Resource) and item.is_account:
        raise ApiError(E.ACCESS_DENIED)
    if isinstance(item, User) and (item.is_owner or item.id == acting):
        raise ApiError(E.ACCESS_DENIED)
    require(ctx, item, DELETE)  # right 0x8 "delete item"
    world.delete(item)
    return {}
