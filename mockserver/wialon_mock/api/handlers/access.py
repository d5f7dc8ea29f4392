"""user/* access rights: grant or revoke a user's access to an item, and list it.

A user nobody restricted sees every item (the generated fleet shares everything with its
users). The first ``user/update_item_access`` for a user makes that explicit: every existing
item keeps full access except the one changed. From then on the user's sessions find,
describe and register only items whose mask has the view bit (0x1): ``core/search_items``,
``core/search_item`` (error 7 otherwise) and ``core/update_data_flags`` all filter by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...model import edits
from ...model.errors import ApiError
from ...model.items import CLASSES, Group, Resource, Unit, User
from ...model.state import Session, World
from .. import search
from ..params import as_int, flags, obj, opt_int, req_str
from ..registry import SessionCtx, endpoint
from ._common import item_of, session_of

_TYPES: dict[str, type] = {
    "avl_unit": Unit,
    "avl_resource": Resource,
    "avl_unit_group": Group,
    "user": User,
}


def _user(ctx: SessionCtx, p: dict[str, Any]) -> User:
    item = item_of(ctx, p, "userId")
    if not isinstance(item, User):
        raise ApiError(7)
    acting = ctx.world.users.get(session_of(ctx).user_id)
    # only the account owner, a user's creator or the user itself manages its rights here
    if acting is None or not (acting.is_owner or item.crt == acting.id or item.id == acting.id):
        raise ApiError(7)
    return item


def visible_items(world: World, session: Session, found: Sequence[Any]) -> Sequence[Any]:
    """The part of a search result the session's user may see (the whole of it, usually)."""
    restricted = world.edits.acl.get(session.user_id) is not None
    skip_inactive = world.edits.session_props.get(session.sid, {}).get("skip_nonactive_items")
    if not restricted and skip_inactive != "1":
        return found
    out = []
    for item in found:
        if isinstance(item, Unit | Resource | Group | User):
            if restricted and not edits.visible(world, session.user_id, item.id):
                continue
            if skip_inactive == "1" and isinstance(item, Unit) and not item.act:
                continue
        out.append(item)
    return out


def with_uacl(world: World, session: Session, item_id: int, data: Any) -> Any:
    """Item JSON with ``uacl`` showing the session user's own mask once rights were set."""
    restricted = world.edits.acl.get(session.user_id)
    if isinstance(data, dict) and "uacl" in data and restricted and world.item(item_id):
        data["uacl"] = edits.access_mask(world, session.user_id, item_id)
    return data


def can_see(world: World, session: Session | None, item_id: int) -> bool:
    """Whether the session's user may see one item."""
    return session is None or edits.visible(world, session.user_id, item_id)


@endpoint("user/update_item_access")
def update_item_access(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set a user's access mask to an item; ``{}``. Without the view bit the item disappears
    from that user's searches.

    https://help.wialon.com/en/api/user-guide/api-reference/user/update_item_access; the es
    page (newer) adds that only bits the current user has are stored and dependent rights are
    not added. Sessions of that user registered on the item get ``t:"u"`` with the new
    ``uacl``.

    Every live session of that user also gets the access-change event ``i:-5`` whenever the
    mask really changed: ``{"r": [ids it can no longer see], "a": [{"ids": [ids granted or
    changed]}]}`` (avl_evts page, special events;
    https://help.wialon.com/en/api/user-guide/api-reference/other-methods/avl_evts). The page
    shows ``a`` as a list of objects with ``ids`` and no other key; one change of one item
    gives one such object here, and both keys are always there (empty when nothing moved).
    """
    p = obj(params)
    user = _user(ctx, p)
    item = item_of(ctx, p)
    if "accessMask" not in p:
        raise ApiError(4)
    world = ctx.world
    mask = flags(p["accessMask"])
    mine = edits.access_mask(world, session_of(ctx).user_id, item.id)
    mask &= mine
    before = edits.access_mask(world, user.id, item.id)
    edits.set_access(world, user.id, item.id, mask)
    now = world.clock.now()
    for session in world.sessions.values():
        if session.user_id == user.id and item.id in session.subs:
            session.queue(now, {"i": item.id, "t": "u", "d": {"uacl": mask}})
    if mask != before:
        _announce_access(world, user.id, item.id, visible=bool(mask & edits.ACL_VIEW))
    return {}


def _announce_access(world: World, user_id: int, item_id: int, *, visible: bool) -> None:
    """Queue the ``i:-5`` access-change event to every session of ``user_id``."""
    change = {"r": [], "a": [{"ids": [item_id]}]} if visible else {"r": [item_id], "a": []}
    now = world.clock.now()
    for session in world.sessions.values():
        if session.user_id == user_id:
            session.queue(now, {"i": -5, "d": change})


def _of_type(world: World, superclass: str) -> list[Any]:
    kind = _TYPES.get(superclass)
    if superclass not in CLASSES or superclass not in search.ITEMS_TYPES:
        raise ApiError(4)
    if kind is None:
        return []
    return list(world.items_of(superclass))


@endpoint("user/get_items_access")
def get_items_access(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """A user's access masks to the items of a type: ``{id: mask}`` or, with ``flags``,
    ``{id: {"cacl","dacl"}}``.

    https://help.wialon.com/en/api/user-guide/api-reference/user/get_items_access; the es
    page (newer) gives the two answer forms: plain masks when ``directAccess`` is true or
    ``flags`` is 0, else the combined (0x1) and direct (0x2) levels. Items without access
    are left out; combined and direct levels are the same here (no rights come via groups).
    """
    p = obj(params)
    user = _user(ctx, p)
    direct = bool(opt_int(p, "directAccess", 0))
    which = opt_int(p, "flags", 0)
    world = ctx.world
    out: dict[str, Any] = {}
    for item in _of_type(world, req_str(p, "itemSuperclass")):
        mask = edits.access_mask(world, user.id, item.id)
        if not mask:
            continue
        if direct or not which:
            out[str(item.id)] = mask
            continue
        entry: dict[str, int] = {}
        if which & 0x1:
            entry["cacl"] = mask
        if which & 0x2:
            entry["dacl"] = mask
        out[str(item.id)] = entry
    return out


@endpoint("user/get_items_by_access")
def get_items_by_access(ctx: SessionCtx, params: Any) -> dict[str, list[int]]:
    """Ids of the items of a type the user has at least ``reqAccess`` to: ``{"ids":[...]}``.

    https://help.wialon.com/en/api/user-guide/api-reference/user/get_items_by_access
    """
    p = obj(params)
    user = _user(ctx, p)
    need = flags(p.get("reqAccess", 0))
    world = ctx.world
    ids = [
        item.id
        for item in _of_type(world, req_str(p, "itemSuperclass"))
        if edits.access_mask(world, user.id, item.id) & need == need
        and edits.access_mask(world, user.id, item.id)
    ]
    return {"ids": ids}


def require_visible(ctx: SessionCtx, item_id: int) -> None:
    """Error 7 unless the caller's user may see ``item_id``."""
    if not can_see(ctx.world, ctx.session, as_int(item_id)):
        raise ApiError(7)
