"""item/* calls: rename and delete any item."""

from __future__ import annotations

from typing import Any

from ...model.errors import ApiError
from ...model.items import Resource, User
from ..params import obj, req_str
from ..registry import Ctx, endpoint
from ._common import item_of

#: item names the real server accepts (create_* and rename)
NAME_MIN, NAME_MAX = 1, 50


@endpoint("item/update_name")
def update_name(ctx: Ctx, params: Any) -> dict[str, str]:
    """Rename an item; sessions that registered it get a ``t:"u"`` event with ``nm``."""
    p = obj(params)
    item = item_of(ctx, p)
    name = req_str(p, "name").strip()
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise ApiError(4)
    ctx.world.rename(item, name)
    return {"nm": name}


@endpoint("item/delete_item")
def delete_item(ctx: Ctx, params: Any) -> dict[str, Any]:
    """Delete an item; sessions that registered it get a ``t:"d"`` event."""
    p = obj(params)
    item = item_of(ctx, p)
    world = ctx.world
    # the account itself and the user the session acts as cannot be deleted from inside
    acting = ctx.session.user_id if ctx.session else None
    if isinstance(item, Resource) and item.is_account:
        raise ApiError(7)
    if isinstance(item, User) and (item.is_owner or item.id == acting):
        raise ApiError(7)
    world.delete(item)
    return {}
