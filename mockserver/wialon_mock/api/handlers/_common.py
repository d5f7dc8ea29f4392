"""Lookups the service modules share: the session of a call, items by ``itemId``."""

from __future__ import annotations

from typing import Any

from ...model.errors import ApiError
from ...model.items import Item, Resource, Unit
from ...model.state import Session
from ..params import req_int
from ..registry import Ctx


def session_of(ctx: Ctx) -> Session:
    """The caller's session (the registry refuses session calls without one)."""
    if ctx.session is None:
        raise ApiError(1)
    return ctx.session


def item_of(ctx: Ctx, p: dict[str, Any], key: str = "itemId") -> Item:
    """The item named by ``p[key]``; error 7 when it does not exist."""
    item = ctx.world.item(req_int(p, key))
    if item is None:
        raise ApiError(7)
    return item


def unit_of(ctx: Ctx, p: dict[str, Any], key: str = "itemId") -> Unit:
    """The unit named by ``p[key]``; error 7 for anything else."""
    item = item_of(ctx, p, key)
    if not isinstance(item, Unit):
        raise ApiError(7)
    return item


def resource_of(ctx: Ctx, p: dict[str, Any], key: str = "itemId") -> Resource:
    """The resource named by ``p[key]``; error 7 for anything else."""
    item = item_of(ctx, p, key)
    if not isinstance(item, Resource):
        raise ApiError(7)
    return item


def upload_event(ctx: Ctx, p: dict[str, Any], extra: dict[str, Any] | None = None) -> None:
    """Queue the ``i:-1`` completion event of a multipart upload to the uploading session.

    The event carries the client's ``eventHash`` (empty when it sent none) and no ``t`` key,
    as the real server's does.
    """
    event_hash = p.get("eventHash", "")
    data: dict[str, Any] = {"hash": event_hash if isinstance(event_hash, str) else str(event_hash)}
    if extra:
        data.update(extra)
    session_of(ctx).queue(ctx.world.clock.now(), {"i": -1, "d": data})
