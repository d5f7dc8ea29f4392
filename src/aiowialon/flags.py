"""Enumerations of Wialon item types, data flags, access (ACL) flags and message flags.

The values are facts of the protocol and live in :mod:`wialon_protocol.flags`, which the fake
server reads too; this module is the client's name for them (py-aiowialon's ``flags``), so
``from aiowialon.flags import UnitsDataFlag`` and ``aiowialon.flags.BatchFlag`` keep working.
All flags combine with ``|`` and are sent as decimal numbers.
"""

from __future__ import annotations

from wialon_protocol.flags import (
    TOKEN_ACCESS_UNLIMITED,
    AccessControlFlags,
    AvlResourceSubItem,
    AvlRetranslatorSubItem,
    AvlRouteSubItem,
    AvlUnitSubItem,
    AvlUserSubItem,
    BatchFlag,
    GroupDataFlag,
    ItemDataFlag,
    ItemProp,
    ItemPropType,
    ItemType,
    MessagesEventTypeFlags,
    MessagesWithDataFlags,
    MessageTypeFlag,
    ReportColumnValueType,
    ResourceDataFlag,
    RetranslatorDataFlag,
    RouteDataFlag,
    TokenAccessFlag,
    TokenFlag,
    UnitGroupsDataFlag,
    UnitsDataFlag,
    UpdateDataFlagsMode,
    UserDataFlag,
)

__all__ = [
    "TOKEN_ACCESS_UNLIMITED",
    "AccessControlFlags",
    "AvlResourceSubItem",
    "AvlRetranslatorSubItem",
    "AvlRouteSubItem",
    "AvlUnitSubItem",
    "AvlUserSubItem",
    "BatchFlag",
    "GroupDataFlag",
    "ItemDataFlag",
    "ItemProp",
    "ItemPropType",
    "ItemType",
    "MessageTypeFlag",
    "MessagesEventTypeFlags",
    "MessagesWithDataFlags",
    "ReportColumnValueType",
    "ResourceDataFlag",
    "RetranslatorDataFlag",
    "RouteDataFlag",
    "TokenAccessFlag",
    "TokenFlag",
    "UnitGroupsDataFlag",
    "UnitsDataFlag",
    "UpdateDataFlagsMode",
    "UserDataFlag",
]
