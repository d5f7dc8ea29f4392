"""user/* calls: locale."""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model.errors import ApiError
from ...model.items import User
from ..params import as_int, obj
from ..registry import Ctx, SessionCtx, endpoint
from ..rights import EDIT_OTHER, VIEW_DETAILED, require
from ._common import item_of


def _user(ctx: Ctx, p: dict[str, Any]) -> User:
    item = item_of(ctx, p, "userId")
    if not isinstance(item, User):
        raise ApiError(E.ACCESS_DENIED)
    return item


@endpoint("user/get_locale")
def get_locale(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """The user's date format and first weekday; ``{}`` while never set.

    https://help.wialon.com/en/api/user-guide/api-reference/user/get_locale
    """
    return dict(_user(ctx, obj(params)).locale)


@endpoint("user/update_locale")
def update_locale(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the user's date format (``fd``) and first weekday (``wd``, 1..7); answers
    ``{"locale": {"fd","wd"}}``.

    https://help.wialon.com/en/api/user-guide/api-reference/user/update_locale: the answer
    echoes the stored locale under ``locale`` (not an empty object).

    Error 7 when the user cannot be fetched with ADF_ACL_ITEM_VIEW_PROPERTIES (0x2 "view
    detailed properties"); the page names only that fetch right. Changing another user's
    settings is a change to that user, so this fake also wants 0x80 "edit not mentioned
    properties" (core/check_items_billing) on a user other than the caller: a sub-user sets
    its own locale, not its neighbours'. The account owner holds every right.
    """
    p = obj(params)
    user = _user(ctx, p)
    wanted = VIEW_DETAILED if user.id == ctx.session.user_id else VIEW_DETAILED | EDIT_OTHER
    require(ctx, user, wanted)
    locale = p.get("locale")
    if not isinstance(locale, dict):
        raise ApiError(E.INVALID_INPUT)
    fd, wd = locale.get("fd", ""), as_int(locale.get("wd", 1))
    if not isinstance(fd, str) or not 1 <= wd <= 7:
        raise ApiError(E.INVALID_INPUT)
    user.locale = {"fd": fd, "wd": wd}
    return {"locale": dict(user.locale)}
