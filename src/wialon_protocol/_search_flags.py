"""Names used in item searches: item types, search properties and sub-item names.

Part of :mod:`wialon_protocol.flags` (import them from there or from ``aiowialon.flags``);
kept apart because the tables are long and hold strings, not bit flags.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "AvlResourceSubItem",
    "AvlRetranslatorSubItem",
    "AvlRouteSubItem",
    "AvlUnitSubItem",
    "AvlUserSubItem",
    "ItemProp",
    "ItemPropType",
    "ItemType",
]


class _StrEnum(str, Enum):
    """A str-valued enum whose ``str()`` is its value (``enum.StrEnum`` is 3.11+)."""

    def __str__(self) -> str:
        return str(self.value)


class ItemType(_StrEnum):
    """``itemsType`` of ``core/search_items`` and ``core/update_data_flags``."""

    AVL_HW = "avl_hw"
    AVL_RESOURCE = "avl_resource"
    AVL_RETRANSLATOR = "avl_retranslator"
    AVL_UNIT = "avl_unit"
    AVL_UNIT_GROUP = "avl_unit_group"
    USER = "user"
    AVL_ROUTE = "avl_route"


class ItemProp(_StrEnum):
    """``propName`` / ``sortType`` values of ``core/search_items``."""

    SYS_NAME = "sys_name"
    SYS_ID = "sys_id"
    SYS_UNIQUE_ID = "sys_unique_id"
    SYS_PHONE_NUMBER = "sys_phone_number"
    SYS_PHONE_NUMBER2 = "sys_phone_number2"
    SYS_USER_CREATOR = "sys_user_creator"
    REL_USER_CREATOR_NAME = "rel_user_creator_name"
    SYS_BILLING_ACCOUNT_GUID = "sys_billing_account_guid"
    REL_BILLING_ACCOUNT_NAME = "rel_billing_account_name"
    REL_BILLING_PARENT_ACCOUNT_NAME = "rel_billing_parent_account_name"
    REL_BILLING_PLAN_NAME = "rel_billing_plan_name"
    SYS_COMM_STATE = "sys_comm_state"
    REL_HW_TYPE_NAME = "rel_hw_type_name"
    REL_HW_TYPE_ID = "rel_hw_type_id"
    SYS_ACCOUNT_BALANCE = "sys_account_balance"
    SYS_ACCOUNT_DAYS = "sys_account_days"
    SYS_ACCOUNT_ENABLE_PARENT = "sys_account_enable_parent"
    SYS_ACCOUNT_DISABLED = "sys_account_disabled"
    REL_ACCOUNT_DISABLED_MOD_TIME = "rel_account_disabled_mod_time"
    REL_ACCOUNT_UNITS_USAGE = "rel_account_units_usage"
    REL_LAST_MSG_DATE = "rel_last_msg_date"
    REL_IS_ACCOUNT = "rel_is_account"
    LOGIN_DATE = "login_date"
    RETRANSLATOR_ENABLED = "retranslator_enabled"
    REL_CREATION_TIME = "rel_creation_time"
    REL_GROUP_UNIT_COUNT = "rel_group_unit_count"
    REL_CUSTOM_FIELD_NAME = "rel_customfield_name"
    REL_CUSTOM_FIELD_VALUE = "rel_customfield_value"
    PROFILE_FIELD = "profilefield"
    REL_PROFILE_FIELD_NAME = "rel_profilefield_name"
    REL_PROFILE_FIELD_VALUE = "rel_profilefield_value"
    REL_ADMIN_FIELD_NAME = "rel_adminfield_name"
    REL_ADMIN_FIELD_VALUE = "rel_adminfield_value"
    REL_CUSTOM_FIELD_NAME_VALUE = "rel_customfield_name_value"
    REL_PROFILE_FIELD_NAME_VALUE = "rel_profilefield_name_value"
    REL_ADMIN_FIELD_NAME_VALUE = "rel_adminfield_name_value"


class ItemPropType(_StrEnum):
    """``propType`` values of ``core/search_items``."""

    PROPERTY = "property"
    LIST = "list"
    PROP_ITEM_NAME = "propitemname"
    CREATOR_TREE = "creatortree"
    ACCOUNT_TREE = "accounttree"
    CUSTOM_FIELD = "customfield"
    PROFILE_FIELD = "profilefield"
    ADMIN_FIELD = "adminfield"
    SERVICE_NAME = "servicename"


class AvlUnitSubItem(_StrEnum):
    """Unit sub-item names for ``propType: "propitemname"`` searches."""

    UNIT_SENSORS = "unit_sensors"
    UNIT_COMMANDS = "unit_commands"
    SERVICE_INTERVALS = "service_intervals"
    CUSTOM_FIELDS = "custom_fields"
    ADMIN_FIELDS = "admin_fields"


class AvlResourceSubItem(_StrEnum):
    """Resource sub-item names for ``propType: "propitemname"`` searches."""

    DRIVERS = "drivers"
    DRIVER_GROUPS = "driver_groups"
    JOBS = "jobs"
    NOTIFICATIONS = "notifications"
    POIS = "pois"
    TRAILERS = "trailers"
    TRAILER_GROUPS = "trailer_groups"
    ZONES_LIBRARY = "zones_library"
    REPORT_TEMPLATES = "reporttemplates"
    ORDERS = "orders"
    CUSTOM_FIELDS = "custom_fields"
    ADMIN_FIELDS = "admin_fields"


class AvlRouteSubItem(_StrEnum):
    """Route sub-item names for ``propType: "propitemname"`` searches."""

    ROUNDS = "rounds"
    ROUTE_SCHEDULES = "route_schedules"


class AvlRetranslatorSubItem(_StrEnum):
    """Retranslator sub-item names for ``propType: "propitemname"`` searches."""

    RETRANSLATOR_UNITS = "retranslator_units"


class AvlUserSubItem(_StrEnum):
    """User sub-item names for ``propType: "propitemname"`` searches."""

    CUSTOM_FIELDS = "custom_fields"
    ADMIN_FIELDS = "admin_fields"
