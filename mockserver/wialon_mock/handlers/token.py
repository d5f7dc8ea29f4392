"""token/* calls (a minimal first cut: login only)."""

from __future__ import annotations

from typing import Any

from ..errors import ApiError
from ..registry import Ctx, endpoint


@endpoint("token/login", session=False, batchable=False)
def login(ctx: Ctx, params: Any) -> dict[str, Any]:
    """Open a session with an access token."""
    if not isinstance(params, dict) or not isinstance(params.get("token"), str):
        raise ApiError(4)
    token = params["token"]
    if len(token) != 72:
        raise ApiError(4)
    user_id = ctx.world.tokens.get(token)
    if user_id is None:
        raise ApiError(8)
    session = ctx.world.open_session(user_id, token)
    return {"eid": session.sid, "tm": int(ctx.world.clock.now())}
