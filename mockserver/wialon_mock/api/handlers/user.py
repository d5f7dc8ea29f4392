"""user/* calls: locale."""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model.errors import ApiError
from ...model.items import User
from ..params import as_int, obj
from ..registry import Ctx, SessionCtx, endpoint
from ._common import item_of


def _user(ctx: Ctx, p: dict[str, Any]) -> User:
    item = item_of(ctx, p, "userId")
    if not isinstance(item, User):
        raise ApiError(E.ACCESS_DENIED)
    return item


@endpoint("user/get_locale")
def get_locale(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """The user's date format and first weekday; ``{}`` while never set."""
    return dict(_user(ctx, obj(params)).locale)


@endpoint("user/update_locale")
def update_locale(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set the user's date format (``fd``) and first weekday (``wd``, 1..7)."""
    p = obj(params)
    user = _user(ctx, p)
    locale = p.get("locale")
    if not isinstance(locale, dict):
        raise ApiError(E.INVALID_INPUT)
    fd, wd = locale.get("fd", ""), as_int(locale.get("wd", 1))
    if not isinstance(fd, str) or not 1 <= wd <= 7:
        raise ApiError(E.INVALID_INPUT)
    user.locale = {"fd": fd, "wd": wd}
    return {}
