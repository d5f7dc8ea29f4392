"""core/create_resource and core/create_user: new items that searches, logins and access
rights then know about."""

from __future__ import annotations

from typing import Any

from ...model import edits
from ...model.errors import ApiError
from ...model.items import Resource, User
from ..item_json import item_json
from ..params import as_int, flags, obj
from ..registry import SessionCtx, endpoint
from ._common import session_of


def _name(p: dict[str, Any]) -> str:
    name = p.get("name")
    # both pages: the name of a new item has 4 to 50 characters
    if not isinstance(name, str) or not 4 <= len(name.strip()) <= 50:
        raise ApiError(4)
    return name.strip()


def _creator(ctx: SessionCtx, p: dict[str, Any], missing: int) -> User:
    creator = ctx.world.users.get(as_int(p.get("creatorId", session_of(ctx).user_id)))
    if creator is None:
        raise ApiError(missing)
    return creator


@endpoint("core/create_resource")
def create_resource(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A new, empty resource (no drivers, geofences or templates); ``{"item","flags"}``.

    https://help.wialon.com/en/api/user-guide/api-reference/core/create_resource (en/es/ru):
    a creator id naming no user is 1002 ("failed to fetch the creator with the desired ID"),
    a bad name 4. The resource lives in the account's city.
    """
    p = obj(params)
    creator = _creator(ctx, p, 1002)
    name = _name(p)
    data_flags = flags(p.get("dataFlags", 1))
    world = ctx.world
    account = world.resources[world.account_id]
    res = Resource(id=world.new_id(), nm=name, city=account.city, ct=world.now())
    world.add(res)
    _share_with_creator(ctx, creator, res.id)
    return {"item": item_json(world, res, data_flags), "flags": data_flags}


@endpoint("core/create_user")
def create_user(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A new user created by ``creatorId``; ``{"item","flags"}``. A taken name is 1002.

    https://help.wialon.com/en/api/user-guide/api-reference/core/create_user (en/es/ru).
    The new user sees no items until rights are granted with user/update_item_access, as
    a freshly created Wialon user does. The password is required and never stored in the
    clear here (nothing logs in with passwords: core/login is not faked).
    """
    p = obj(params)
    creator = _creator(ctx, p, 6)
    name = _name(p)
    password = p.get("password")
    if not isinstance(password, str) or not password:
        raise ApiError(4)
    world = ctx.world
    if any(u.nm.lower() == name.lower() for u in world.users.values()):
        raise ApiError(1002)
    prp = {"dst": "-1", "language": "en", "tz": world.users[world.owner_id].prp.get("tz", "0")}
    user = User(id=world.new_id(), nm=name, ct=world.now(), crt=creator.id, prp=prp)
    world.add(user)
    # an explicit, empty access list: the user sees only what it is given
    world.edits.acl[user.id] = {user.id: edits.FULL_ACCESS}
    data_flags = flags(p.get("dataFlags", 1))
    return {"item": item_json(world, user, data_flags), "flags": data_flags}


def _share_with_creator(ctx: SessionCtx, creator: User, item_id: int) -> None:
    # a restricted creator still sees what it created
    if ctx.world.edits.acl.get(creator.id) is not None:
        edits.set_access(ctx.world, creator.id, item_id, edits.FULL_ACCESS)
