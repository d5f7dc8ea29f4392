"""core/* session settings and device commands: core/set_session_property, core/get_hw_cmds."""

from __future__ import annotations

from typing import Any

from ...model.errors import ApiError
from ...model.fleet_data import HW_TYPES
from .. import search
from ..params import as_int, obj, opt_int
from ..registry import SessionCtx, endpoint
from ._common import session_of
from .item_fields import text
from .unit_write import COMMAND_TYPES

#: properties core/set_session_property knows, and the values it takes (1 on, 2 off)
SESSION_PROPERTIES = ("skip_nonactive_items", "long_values")
_ON_OFF = ("1", "2")


@endpoint("core/set_session_property")
def set_session_property(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Set ``skip_nonactive_items`` or ``long_values`` for this session (1 on, 2 off); ``{}``.

    https://help.wialon.com/en/api/user-guide/api-reference/core/set_session_property
    (en/es/ru agree). With ``skip_nonactive_items`` on, this session's searches leave out
    deactivated units. ``long_values`` is stored but answers keep plain JSON numbers: no
    client of this project reads the bracketed strings the page describes.
    """
    p = obj(params)
    name, value = text(p, "prop_name"), text(p, "prop_value")
    if name not in SESSION_PROPERTIES or value not in _ON_OFF:
        raise ApiError(4)
    session = session_of(ctx)
    props = ctx.world.edits.session_props.setdefault(session.sid, {})
    props[name] = value
    # a cached search result may hold units this session no longer wants to see
    search.drop_snapshots(session)
    return {}


def _commands_for(category: str) -> dict[str, list[str]]:
    # which link carries which command type depends on the device; trackers of every
    # category here speak TCP and take SMS, mobile apps only get messages over TCP
    kinds = sorted(COMMAND_TYPES)
    if category == "mobile":
        return {"tcp": ["custom_msg", "driver_msg", "query_pos"]}
    return {"tcp": kinds, "gsm": [k for k in kinds if k not in ("upload_cfg", "upload_sw")]}


def _template(kind: str) -> dict[str, Any]:
    text_field = {"label": "Text", "type": "text", "validate": "", "value": []}
    props = [text_field] if kind in ("custom_msg", "driver_msg") else []
    return {"icon": "", "props": props}


@endpoint("core/get_hw_cmds")
def get_hw_cmds(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Command types a device type (or a unit's device) takes, per link type.

    https://help.wialon.com/en/api/user-guide/api-reference/core/get_hw_cmds (en/es/ru):
    ``deviceTypeId`` is tried first, then ``unitId``; 0 omits one. The answer maps each link
    type to its command types, or with ``template:1`` each command type to its template
    (``icon`` and ``props``). Neither given, or neither found, is error 4.
    """
    p = obj(params)
    hw_id = opt_int(p, "deviceTypeId", 0)
    unit_id = opt_int(p, "unitId", 0)
    hw = next((h for h in HW_TYPES if h.id == hw_id), None) if hw_id else None
    if hw is None and unit_id:
        unit = ctx.world.units.get(unit_id)
        if unit is None:
            raise ApiError(7)
        hw = next((h for h in HW_TYPES if h.id == unit.hw), None)
    if hw is None:
        raise ApiError(4)
    commands = _commands_for(hw.category)
    if as_int(p.get("template", 0)):
        kinds = sorted({k for ks in commands.values() for k in ks})
        return {kind: _template(kind) for kind in kinds}
    return commands
