"""What a session may do to an item: full rights for the account owner, less for a sub-user.

A session opened with ``operateAs`` (token/login, core/use_auth_hash, core/duplicate) acts as a
user the owner created. The reference describes rights per user and item (the 16 standard
bits: help.wialon.com/help/wialon-local/2204/en/user-guide/management-system/access-rights/
standard-acl) and leaves which ones a sub-user holds to the account's administrator. This fake
picks what a monitoring-only user typically gets, the read rights of the "online tracking"
token scope (sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/format/token: view item, view
detailed properties, view custom fields, query reports or messages, view attached files) and
no modify right, so a sub-user session can read everything and meets error 7 ("access
denied", help.wialon.com/en/api/user-guide/error-codes) when it renames or deletes an item or
creates one on the owner's behalf (right 0x200000 "act as given user", same token page).
"""

from __future__ import annotations

from wialon_protocol.errors import ErrorCode as E

from ..model.errors import ApiError
from ..model.items import Item, User
from .registry import SessionCtx

__all__ = ["ACT_AS_USER", "DELETE", "RENAME", "SUBUSER_ITEM_ACL", "item_acl", "require"]

VIEW = 0x1
VIEW_DETAILED = 0x2
MANAGE_ACCESS = 0x4
DELETE = 0x8
RENAME = 0x10
VIEW_CUSTOM_FIELDS = 0x20
QUERY_REPORTS = 0x200
VIEW_FILES = 0x4000
#: on a user: create items and log in on its behalf (the token page's "view access" group)
ACT_AS_USER = 0x200000

#: the rights of a sub-user session on the account's items
SUBUSER_ITEM_ACL = VIEW | VIEW_DETAILED | VIEW_CUSTOM_FIELDS | QUERY_REPORTS | VIEW_FILES
#: every bit: the owner's rights on its account's items
FULL_ACL = -1


def item_acl(ctx: SessionCtx, item: Item) -> int:
    """The access bits the session of ``ctx`` holds on ``item``."""
    session = ctx.session
    if session.user_id == ctx.world.owner_id:
        return FULL_ACL
    if isinstance(item, User) and item.id == session.user_id:
        # a user sees and renames itself (deleting itself is refused by the handler)
        return SUBUSER_ITEM_ACL | RENAME
    return SUBUSER_ITEM_ACL


def require(ctx: SessionCtx, item: Item, bits: int) -> None:
    """Raise ``ApiError(7)`` unless the session holds every one of ``bits`` on ``item``."""
    if item_acl(ctx, item) & bits != bits:
        raise ApiError(E.ACCESS_DENIED)
