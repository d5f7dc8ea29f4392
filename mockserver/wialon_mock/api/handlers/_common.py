"""Lookups the service modules share: items by ``itemId``, the upload completion event."""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model.errors import ApiError
from ...model.items import Item, Resource, Unit
from ..params import req_int
from ..registry import Ctx, SessionCtx


def item_of(ctx: Ctx, p: dict[str, Any], key: str = "itemId") -> Item:
    """The item named by ``p[key]``; error 7 when it does not exist."""
    item = ctx.world.item(req_int(p, key))
    if item is None:
        raise ApiError(E.ACCESS_DENIED)
    return item


def unit_of(ctx: Ctx, p: dict[str, Any], key: str = "itemId") -> Unit:
    """The unit named by ``p[key]``; error 7 for anything else."""
    item = item_of(ctx, p, key)
    if not isinstance(item, Unit):
        raise ApiError(E.ACCESS_DENIED)
    return item


def resource_of(ctx: Ctx, p: dict[str, Any], key: str = "itemId") -> Resource:
    """The resource named by ``p[key]``; error 7 for anything else."""
    item = item_of(ctx, p, key)
    if not isinstance(item, Resource):
        raise ApiError(E.ACCESS_DENIED)
    return item


def upload_event(ctx: SessionCtx, p: dict[str, Any], extra: dict[str, Any] | None = None) -> None:
    """Queue the ``i:-1`` completion event of a multipart upload to the uploading session.

    The event carries the client's ``eventHash`` (empty when it sent none) and no ``t`` key,
    as the real server's does.
    """
    event_hash = p.get("eventHash", "")
    data: dict[str, Any] = {"hash": event_hash if isinstance(event_hash, str) else str(event_hash)}
    if extra:
        data.update(extra)
    ctx.session.queue(ctx.world.clock.now(), {"i": -1, "d": data})
