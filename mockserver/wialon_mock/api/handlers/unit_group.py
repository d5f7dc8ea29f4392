"""unit_group/* calls: membership."""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model.errors import ApiError
from ...model.items import Group
from ..params import id_list, obj
from ..registry import SessionCtx, endpoint
from ..rights import EDIT_OTHER, require
from ._common import item_of


@endpoint("unit_group/update_units")
def update_units(ctx: SessionCtx, params: Any) -> dict[str, list[int]]:
    """Replace a group's units; watchers of the group get a ``t:"u"`` event with ``u``.

    https://help.wialon.com/en/api/user-guide/api-reference/unit_group/update_units
    """
    p = obj(params)
    group = item_of(ctx, p)
    if not isinstance(group, Group):
        raise ApiError(E.ACCESS_DENIED)
    require(ctx, group, EDIT_OTHER)  # see wialon_mock.api.rights
    units = id_list(p.get("units"))
    if any(u not in ctx.world.units for u in units):
        raise ApiError(E.ACCESS_DENIED)
    group.units = list(dict.fromkeys(units))
    world = ctx.world
    world.version += 1
    world.notify(group.id, {"i": group.id, "t": "u", "d": {"u": list(group.units)}})
    return {"u": list(group.units)}
