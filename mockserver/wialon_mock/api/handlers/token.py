"""Logging in and out: token/login, core/use_auth_hash, core/create_auth_hash,
core/duplicate, core/logout."""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E
from wialon_protocol.flags import UserDataFlag
from wialon_protocol.wire import compact

from ...model.errors import ApiError
from ...model.items import CLASSES
from ...model.state import Session, World
from .. import item_json
from ..params import obj, opt_int, opt_str
from ..registry import Ctx, SessionCtx, endpoint

#: ping interval the login reply advertises (seconds between avl_evts polls)
PING_INTERVAL = 2
#: the real server's user-object flags in a login reply
_LOGIN_USER_FLAGS = int(
    UserDataFlag.BASE
    | UserDataFlag.CUSTOM_PROPS
    | UserDataFlag.BILLING_PROPS
    | UserDataFlag.OTHER_PROPS
)

FEATURES: dict[str, Any] = {
    "unlim": 0,
    "svcs": {
        "avl_unit": 1,
        "avl_unit_group": 1,
        "avl_resource": 1,
        "reports": 1,
        "messages": 1,
        "drivers": 1,
        "geofences": 1,
        "import_export": 1,
        "create_units": 1,
        "create_unit_groups": 1,
        "notifications": 1,
        "jobs": 1,
    },
}


def login_reply(world: World, session: Session, host: str, fl: int = 0x1) -> dict[str, Any]:
    """The login-shaped reply shared by token/login, use_auth_hash and duplicate."""
    user = world.users[session.user_id]
    base = item_json.user_json(world, user, _LOGIN_USER_FLAGS)
    # the key order of a captured real login reply (it differs from search results)
    user_obj = {
        "nm": base["nm"],
        "cls": base["cls"],
        "id": base["id"],
        "prp": base["prp"],
        "crt": base["crt"],
        "bact": base["bact"],
        "mu": base["mu"],
        "ct": user.ct,
        "ftp": {"ch": 0, "tp": 0, "fl": 1},
        "fl": base["fl"],
        "hm": base["hm"],
        "ld": base["ld"],
        "pfl": base["pfl"],
        "ap": base["ap"],
        "mapps": {},
        "mappsmax": 0,
        "uacl": base["uacl"],
    }
    now = world.now()
    token_info = {
        "app": session.app,
        "ct": int(session.created),
        "at": int(session.created),
        "dur": 0,
        "fl": -1,
        "p": "{}",
        "items": [],
    }
    reply: dict[str, Any] = {
        "host": host,
        "eid": session.sid,
        "gis_sid": item_json.guid(world.config.seed, session.user_id).replace("-", ""),
        "au": user.nm,
        "tm": now,
        "wsdk_version": "1.149",
        "pi": PING_INTERVAL,
        "base_url": "",
        "hw_gw_ip": "127.0.0.1",
        "hw_gw_dns": "localhost",
        "env": {"max_http_buff": 50 * 1024 * 1024},
        "gis_search": "https://search-maps.wialon.com",
        "gis_render": "https://render-maps.wialon.com",
        "gis_geocode": "https://geocode-maps.wialon.com",
        "gis_routing": "https://routing-maps.wialon.com",
        "user": user_obj,
    }
    if session.token is not None:
        reply["token"] = compact(token_info)
        reply["th"] = world.token_hash(session.token)
    reply["classes"] = dict(CLASSES)
    if fl & 0x10 or fl & 0x1:
        reply["features"] = FEATURES
    return reply


def _operate_as(world: World, user_id: int, name: str) -> int:
    """The user to act as: the token's own, or a user it created (error 8 otherwise)."""
    if not name or name == world.users[user_id].nm:
        return user_id
    for user in world.users.values():
        if user.nm == name and user.crt == user_id:
            return user.id
    raise ApiError(E.INVALID_CREDENTIALS)


@endpoint("token/login")
def login(ctx: Ctx, params: Any) -> dict[str, Any]:
    """Open a session with an access token."""
    p = obj(params)
    token = p.get("token")
    if not isinstance(token, str):
        raise ApiError(E.INVALID_INPUT)
    user_id = ctx.world.tokens.get(token)
    if user_id is None:
        # real tokens are 72 characters; a configured token of another length still logs in
        raise ApiError(E.INVALID_INPUT if len(token) != 72 else 8)
    user_id = _operate_as(ctx.world, user_id, opt_str(p, "operateAs"))
    fl = opt_int(p, "fl", 0x1)
    app = opt_str(p, "appName") or "Wialon Mock"
    session = ctx.world.open_session(user_id, token, app=app, remote=ctx.remote)
    return login_reply(ctx.world, session, ctx.remote, fl)


@endpoint("core/create_auth_hash")
def create_auth_hash(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A one-off hash that opens a session for the same user within two minutes.

    help.wialon.com/en/api/user-guide/api-reference/core/create_auth_hash (single use and
    the end with the creating session are this fake's choice, see World.create_auth_hash).
    """
    obj(params)
    return {"authHash": ctx.world.create_auth_hash(ctx.session.user_id, ctx.session.sid)}


@endpoint("core/use_auth_hash")
def use_auth_hash(ctx: Ctx, params: Any) -> dict[str, Any]:
    """Open a session with a hash from core/create_auth_hash."""
    p = obj(params)
    value = p.get("authHash")
    if not isinstance(value, str) or not value:
        raise ApiError(E.INVALID_INPUT)
    user_id = ctx.world.use_auth_hash(value)
    if user_id is None:
        raise ApiError(E.INVALID_CREDENTIALS)
    user_id = _operate_as(ctx.world, user_id, opt_str(p, "operateAs"))
    session = ctx.world.open_session(user_id, None, remote=ctx.remote)
    return login_reply(ctx.world, session, ctx.remote)


@endpoint("core/duplicate")
def duplicate(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A second session of the same user, or (``restore:1``) the current one described again."""
    p = obj(params)
    session = ctx.session
    if opt_int(p, "restore", 0):
        return login_reply(ctx.world, session, ctx.remote)
    user_id = _operate_as(ctx.world, session.user_id, opt_str(p, "operateAs"))
    app = opt_str(p, "appName") or session.app
    new = ctx.world.open_session(user_id, session.token, app=app, remote=ctx.remote)
    # default false: the old sid dies; true keeps both valid (sdk.wialon.com
    # .../apiref/core/duplicate, help.wialon.com .../core/duplicate)
    if not p.get("continueCurrentSession", False):
        ctx.world.close_session(session.sid)
    return login_reply(ctx.world, new, ctx.remote)


@endpoint("core/logout")
def logout(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Close the session; its sid answers error 1 afterwards."""
    obj(params)
    ctx.world.close_session(ctx.session.sid)
    return {"error": E.SUCCESS}
