"""token/list and token/update: the user's access tokens; a created token logs in at once."""

from __future__ import annotations

import json
import secrets
from typing import Any

from ...model.errors import ApiError
from ...model.items import User
from ...model.state import World
from ..params import as_int, flags, id_list, obj, opt_int, req_str
from ..registry import SessionCtx, endpoint
from ._common import session_of

#: a real token is 72 characters (help.wialon.com .../token/login)
TOKEN_LENGTH = 72
#: per user (Limitations page)
MAX_TOKENS = 1000


def _meta(world: World, token: str) -> dict[str, Any]:
    """The stored settings of a token (configured tokens get defaults on first sight)."""
    found = world.edits.tokens.get(token)
    if found is None:
        owner = world.users.get(world.tokens.get(token, 0))
        created = owner.ct if owner is not None else 0
        found = {"app": "Wialon Mock", "at": created, "ct": created, "dur": 0, "fl": -1}
        found.update(p="{}", items=[], ll=0)
        world.edits.tokens[token] = found
    return found


def _listed(token: str, meta: dict[str, Any]) -> dict[str, Any]:
    return {"h": token, **{k: meta[k] for k in ("app", "at", "ct", "dur", "fl", "items", "p")}}


def _target(ctx: SessionCtx, p: dict[str, Any]) -> int:
    acting = session_of(ctx).user_id
    if p.get("userId") in (None, ""):
        return acting
    user = ctx.world.users.get(as_int(p["userId"]))
    # a user manages its own tokens and those of the users it created
    if not isinstance(user, User) or (user.id != acting and user.crt != acting):
        raise ApiError(7)
    return user.id


@endpoint("token/list")
def list_tokens(ctx: SessionCtx, params: Any) -> list[dict[str, Any]]:
    """The tokens of the session's user (or of ``userId``, a user it created).

    https://help.wialon.com/es/api/user-guide/api-reference/token/list (newer than en:
    adds ``ll``, the last login time, and error 7 for an unknown or foreign ``userId``).
    """
    p = obj(params)
    user_id = _target(ctx, p)
    world = ctx.world
    out = []
    for token, owner in world.tokens.items():
        if owner == user_id:
            meta = _meta(world, token)
            out.append({**_listed(token, meta), "ll": meta["ll"]})
    return out


@endpoint("token/update")
def update_token(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Create, change or delete a token; answers the token's settings with its ``h``.

    https://help.wialon.com/en/api/user-guide/api-reference/token/update (en/es): create
    needs ``app``, ``at`` (0 = now), ``dur`` (0 = forever), ``fl`` and ``p`` (JSON text of an
    object or array); update and delete name the token by ``h``. ``deleteAll`` with delete
    removes every token of the user. A created token can log in with token/login at once
    (unless ``at`` lies in the future).
    """
    p = obj(params)
    mode = req_str(p, "callMode")
    world = ctx.world
    user_id = _target(ctx, p)
    now = world.now()
    if mode == "delete":
        if p.get("deleteAll") in (True, 1, "1", "true"):
            for token in [t for t, u in world.tokens.items() if u == user_id]:
                world.tokens.pop(token)
                world.edits.tokens.pop(token, None)
            return {}
        token = req_str(p, "h")
        if world.tokens.get(token) != user_id:
            raise ApiError(4)
        world.tokens.pop(token)
        world.edits.tokens.pop(token, None)
        return {}
    if mode == "create":
        if sum(1 for u in world.tokens.values() if u == user_id) >= MAX_TOKENS:
            raise ApiError(4)
        token = secrets.token_hex(TOKEN_LENGTH // 2)
        meta: dict[str, Any] = {"ct": now, "ll": 0, "items": []}
    elif mode == "update":
        token = req_str(p, "h")
        if world.tokens.get(token) != user_id:
            raise ApiError(4)
        meta = _meta(world, token)
    else:
        raise ApiError(4)
    app = p.get("app", meta.get("app"))
    if not isinstance(app, str) or not app:
        raise ApiError(4)
    at = opt_int(p, "at", meta.get("at", 0))
    dur = opt_int(p, "dur", meta.get("dur", 0))
    if at < 0 or dur < 0 or ("fl" not in p and mode == "create"):
        raise ApiError(4)
    extra = p.get("p", meta.get("p", "{}"))
    if isinstance(extra, dict | list):
        extra = json.dumps(extra, separators=(",", ":"))
    if not isinstance(extra, str):
        raise ApiError(4)
    try:
        parsed = json.loads(extra) if extra else {}
    except ValueError:
        raise ApiError(4) from None
    if not isinstance(parsed, dict | list):
        raise ApiError(4)
    raw_fl = flags(p.get("fl", meta.get("fl", -1)))
    meta.update(
        app=app,
        at=at or now,
        dur=dur,
        fl=-1 if raw_fl in (0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF) else raw_fl,
        p=extra,
        items=id_list(p["items"]) if "items" in p else meta.get("items", []),
    )
    world.tokens[token] = user_id
    world.edits.tokens[token] = meta
    return _listed(token, meta)
