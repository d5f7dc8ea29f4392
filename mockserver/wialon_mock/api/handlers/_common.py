"""Lookups the service modules share: items by ``itemId``, sub-items by ``id``, the upload
completion event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model.errors import ApiError
from ...model.items import Item, Resource, Unit
from ...model.state import Session
from ..params import as_int, req_int
from ..registry import Ctx, SessionCtx, Upload


def session_of(ctx: SessionCtx) -> Session:
    """The caller's session (always there for calls that need one)."""
    return ctx.session


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


def next_id(table: Mapping[str, Any]) -> int:
    """The id of a new sub-item (sensor, command, field, geofence, driver, trailer) of
    ``table``, whose keys are ids as text: one above the highest."""
    return max((int(k) for k in table), default=0) + 1


def sub_item(
    table: Mapping[str, dict[str, Any]], p: dict[str, Any], code: int = E.INVALID_INPUT
) -> tuple[int, dict[str, Any]]:
    """The sub-item of ``table`` that ``p["id"]`` names, with a copy of it to change;
    ``code`` (each page names its own) when there is none."""
    sub_id = as_int(p.get("id"))
    found = table.get(str(sub_id))
    if found is None:
        raise ApiError(code)
    return sub_id, dict(found)


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


def image_type(upload: Upload) -> str:
    """The content type of an uploaded picture, from its first bytes (clients often send
    ``application/octet-stream``)."""
    head = upload.head(12)  # not .data: a big upload waits on disk, whole
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    return upload.content_type or "application/octet-stream"
