"""Enumerations of Wialon item types, data flags, access (ACL) flags and message flags.

Names follow py-aiowialon so code written for it keeps working (``aiowialon.flags``
re-exports them); values follow the Wialon data format reference (help.wialon.com "data
format" pages, sdk.wialon.com apiref). Where the two differed the documented value wins and
the extra documented members were added:

* ``UnitsDataFlag`` gains ``DRIVER_CODE`` 0x800, ``ROUTES`` 0x4000, ``UNIT_LOG`` 0x10000,
  ``OTHER_SETTINGS`` 0x40000 and ``TASKS`` 0x1000000;
* ``UserDataFlag`` gains ``HOST_CONNECTIVITY`` 0x400 and ``MOBILE_APPS`` 0x800;
* ``MessageTypeFlag`` gains user log, plot, WDC, log-like types and the type masks;
* ``TokenFlag`` in py-aiowialon lists the ACL bits each token level grants, not the values of
  the token's ``fl`` parameter; :class:`TokenAccessFlag` holds those (0x100 ... 0x4000, and
  :data:`TOKEN_ACCESS_UNLIMITED` = -1).

All flags combine with ``|`` and are sent as decimal numbers (``int(flag)``); Python's JSON
encoder writes ``IntFlag``/``IntEnum`` members as plain numbers.

Every ``*DataFlag`` class spells out the eight flags all item classes share (0x1 ... 0x80,
as :class:`ItemDataFlag`) instead of inheriting them: an enum with members cannot be
subclassed, and a class assembled at run time would hide its members from type checkers and
editors. tests/client/test_flags.py checks that the shared part never drifts.
"""

from __future__ import annotations

from enum import IntEnum, IntFlag

from ._acl_flags import TOKEN_ACCESS_UNLIMITED, AccessControlFlags, TokenAccessFlag, TokenFlag
from ._search_flags import (
    AvlResourceSubItem,
    AvlRetranslatorSubItem,
    AvlRouteSubItem,
    AvlUnitSubItem,
    AvlUserSubItem,
    ItemProp,
    ItemPropType,
    ItemType,
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


_ALL_DATA = 0x3FFFFFFFFFFFFFFF  # every data flag; exceeds 2**53, Python ints keep it exact


class ItemDataFlag(IntFlag):
    """Data flags common to every item class."""

    BASE = 0x1
    CUSTOM_PROPS = 0x2
    BILLING_PROPS = 0x4
    CUSTOM_FIELDS = 0x8
    IMAGE = 0x10
    MSGS = 0x20
    GUID = 0x40
    ADMIN_FIELDS = 0x80
    ALL = _ALL_DATA


class UnitsDataFlag(IntFlag):
    """Data flags of units (``avl_unit``)."""

    BASE = 0x1
    CUSTOM_PROPS = 0x2
    BILLING_PROPS = 0x4
    CUSTOM_FIELDS = 0x8
    IMAGE = 0x10
    MSGS = 0x20
    GUID = 0x40
    ADMIN_FIELDS = 0x80
    ADVANCED_PROPS = 0x100
    AVAILABLE_CMDS = 0x200
    LAST_MSG_N_POS = 0x400
    DRIVER_CODE = 0x800
    SENSORS = 0x1000
    COUNTERS = 0x2000
    ROUTES = 0x4000
    MAINTENANCE = 0x8000
    UNIT_LOG = 0x10000
    UNIT_CONFIG_IN_REPORTS = 0x20000
    OTHER_SETTINGS = 0x40000
    POSSIBLE_CMDS = 0x80000
    MSG_PARAMETERS = 0x100000
    UNIT_CONNECTION_STATUS = 0x200000
    POS = 0x400000
    PROFILE_FIELDS = 0x800000
    TASKS = 0x1000000
    ALL = _ALL_DATA


class UnitGroupsDataFlag(IntFlag):
    """Data flags of unit groups (``avl_unit_group``)."""

    BASE = 0x1
    CUSTOM_PROPS = 0x2
    BILLING_PROPS = 0x4
    CUSTOM_FIELDS = 0x8
    IMAGE = 0x10
    MSGS = 0x20
    GUID = 0x40
    ADMIN_FIELDS = 0x80
    ALL = _ALL_DATA


GroupDataFlag = UnitGroupsDataFlag
"""Shorter name of :class:`UnitGroupsDataFlag`."""


class UserDataFlag(IntFlag):
    """Data flags of users (``user``)."""

    BASE = 0x1
    CUSTOM_PROPS = 0x2
    BILLING_PROPS = 0x4
    CUSTOM_FIELDS = 0x8
    IMAGE = 0x10
    MSGS = 0x20
    GUID = 0x40
    ADMIN_FIELDS = 0x80
    OTHER_PROPS = 0x100
    NOTIFS = 0x200
    HOST_CONNECTIVITY = 0x400
    MOBILE_APPS = 0x800
    ALL = _ALL_DATA


class ResourceDataFlag(IntFlag):
    """Data flags of resources (``avl_resource``)."""

    BASE = 0x1
    CUSTOM_PROPS = 0x2
    BILLING_PROPS = 0x4
    CUSTOM_FIELDS = 0x8
    IMAGE = 0x10
    MSGS = 0x20
    GUID = 0x40
    ADMIN_FIELDS = 0x80
    DRIVERS = 0x100
    JOBS = 0x200
    NOTIFS = 0x400
    POIS = 0x800
    GEOFENCES = 0x1000
    REPORT_TEMPLATES = 0x2000
    AUTO_ATTACHABLE_UNITS_FOR_DRIVERS = 0x4000
    DRIVER_GROUPS = 0x8000
    TRAILERS = 0x10000
    TRAILER_GROUPS = 0x20000
    AUTO_ATTACHABLE_UNITS_FOR_TRAILERS = 0x40000
    ORDERS = 0x80000
    GEOFENCES_GROUPS = 0x100000
    TAGS = 0x200000
    AUTOMATIC_UNITS_BINDING_FOR_TAGS = 0x400000
    TAGS_GROUPS = 0x800000
    ALL = _ALL_DATA


class RouteDataFlag(IntFlag):
    """Data flags of routes (``avl_route``)."""

    BASE = 0x1
    CUSTOM_PROPS = 0x2
    BILLING_PROPS = 0x4
    CUSTOM_FIELDS = 0x8
    IMAGE = 0x10
    MSGS = 0x20
    GUID = 0x40
    ADMIN_FIELDS = 0x80
    CONFIG = 0x100
    CHECK_POINTS = 0x200
    SCHEDULES = 0x400
    ROUNDS = 0x800
    ALL = _ALL_DATA


class RetranslatorDataFlag(IntFlag):
    """Data flags of retranslators (``avl_retranslator``)."""

    BASE = 0x1
    CUSTOM_PROPS = 0x2
    BILLING_PROPS = 0x4
    CUSTOM_FIELDS = 0x8
    IMAGE = 0x10
    MSGS = 0x20
    GUID = 0x40
    ADMIN_FIELDS = 0x80
    STATE_N_CONFIG = 0x100
    UNITS = 0x200
    ALL = _ALL_DATA


class UpdateDataFlagsMode(IntEnum):
    """``mode`` of a ``core/update_data_flags`` spec entry."""

    REPLACE = 0
    ADD = 1
    REMOVE = 2


class MessageTypeFlag(IntFlag):
    """Message type (``f & TYPE_MASK``) of unit and resource messages.

    Deleting needs ACL rights: data, SMS and command messages ``DEL_MSGS`` (0x800000),
    events ``REGISTER_EVENTS`` (0x2000000), log messages ``MANAGE_ITEM_LOG`` (0x800).
    """

    UNIT_MSGS_WITH_DATA = 0x0000
    UNIT_SMS = 0x0100
    UNIT_CMD = 0x0200
    RESOURCE_NOTIFICATION = 0x0300
    USER_LOG = 0x0400
    RESOURCE_BILLING_MSG = 0x0500
    UNIT_EVENT = 0x0600
    PLOT = 0x0700
    WDC = 0x0800
    RESOURCE_SMS_FOR_DRIVER = 0x0900
    LOG_MSGS = 0x1000
    UNIT_VIDEO_USAGE = 0x2000
    NOTIFICATION_TRIGGERING = 0x4000
    TASK = 0x5000
    TYPE_MASK = 0xFF00
    EVENT_TYPE_MASK = 0x0F
    MAINTENANCE_MASK = 0xF0


class MessagesWithDataFlags(IntFlag):
    """The ``f`` bits of a data message (``tp: "ud"``)."""

    HAS_POS_INFO = 0x01
    HAS_INPUT_DATA = 0x02
    HAS_OUTPUT_DATA = 0x04
    HAS_STATE_INFO = 0x08
    HAS_ALARM_BIT = 0x10
    HAS_AVL_DRIVER_CODE = 0x20
    WAS_CORRECTED_BY_LBS = 0x20000
    HAS_WIFI_POS = 0x80000


class MessagesEventTypeFlags(IntFlag):
    """The ``f`` bits of an event message (``tp: "evt"``)."""

    SIMPLE = 0x0
    VIOLATION = 0x1
    MAINTENANCE = 0x2
    ROUTE_CTRL = 0x4
    MAINTENANCE_IS_REGISTERED = 0x10
    REGISTERED_FILLING = 0x20


class BatchFlag(IntEnum):
    """``flags`` of ``core/batch``."""

    EXECUTE_ALL = 0
    STOP_ON_ERROR = 1


class ReportColumnValueType(IntEnum):
    """Value types of report table cells (``header_type`` / ``vt``)."""

    UNEXPECTED_TEXT_VALUE = 0
    ADDRESS_VALUE = 1
    UNSPECIFIED_CUSTOM_INT_VALUE = 2
    UNSPECIFIED_CUSTOM_DOUBLE_VALUE = 3
    COUNTER_VALUE = 4
    DISTANCE_IN_METERS = 10
    SPEED_IN_KMH = 20
    TIME_YYYY_MM_DD__HH_MM_SS = 30
    TIME_HH_MM_SS = 31
    TIME_YYYY_MM_DD = 32
    TIME_INTERVAL_VALUE_S = 40
    TIME_INTERVAL_VALUE_H = 41
    TIME_INTERVAL_VALUE_HH = 42
    VOLUME_IN_LITRES = 50
    CONSUMPTION_LITRES_PER_100KM = 51
    CONSUMPTION_LITRES_PER_H = 52
    CONSUMPTION_LITRES_PER_HA = 53
    PERCENTAGE_VALUE = 60
    AREA_IN_HA = 70
    AREA_IN_SQUARE_METERS = 72
    INFO_MEASUREMENT = 80
