"""messages/delete_message: delete one message of the loaded set from the unit's history."""

from __future__ import annotations

from typing import Any

from ...model import commands, sim
from ...model.errors import ApiError
from ...model.state import Loader
from ..params import obj, req_int
from ..registry import SessionCtx, endpoint
from ._common import session_of


@endpoint("messages/delete_message")
def delete_message(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Delete the loaded message at ``msgIndex``; later loads of the unit no longer find it.

    https://help.wialon.com/en/api/user-guide/api-reference/messages/delete_message (en/es):
    error 4 when there is no such message or it is the unit's last message (which cannot be
    deleted). The message leaves the session's loader at once, so the indexes after it move
    down by one. Every later read of the unit's history skips it (``edits.live``): loads,
    unit/get_trips, report tables (their ``i1``/``i2`` count only the messages left) and
    the sensor values calculated over the loader.
    """
    p = obj(params)
    index = req_int(p, "msgIndex")
    session = session_of(ctx)
    loader = session.loader
    if loader is None or not 0 <= index < len(loader.times):
        raise ApiError(4)
    world = ctx.world
    unit = world.units.get(loader.unit_id)
    if unit is None:
        raise ApiError(4)
    command = loader.extra.get(index)
    if command is not None:
        # a command message (unit/exec_cmd, unit/send_cmd) leaves the stored commands
        commands.forget(world, unit.id, command)
    else:
        when = loader.times[index]
        if when == sim.last_time_at(unit, world.now()):
            raise ApiError(4)
        world.edits.deleted.setdefault(unit.id, set()).add(when)
    times = list(loader.times)
    del times[index]
    extra = {i - (i > index): m for i, m in loader.extra.items() if i != index}
    session.loader = Loader(unit.id, times, extra)
    return {}
