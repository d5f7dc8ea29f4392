"""Flag values checked against the wire specification (sections 4, 5, 7, 10)."""

from __future__ import annotations

import json

from aiowialon import flags


def test_item_data_flags_match_the_data_format() -> None:
    assert int(flags.ItemDataFlag.BASE) == 1
    assert int(flags.ItemDataFlag.ALL) == 4611686018427387903
    assert int(flags.UnitsDataFlag.LAST_MSG_N_POS) == 1024
    assert int(flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS) == 1025
    assert int(flags.UnitsDataFlag.ADVANCED_PROPS) == 0x100
    assert int(flags.UnitsDataFlag.DRIVER_CODE) == 0x800
    assert int(flags.UnitsDataFlag.SENSORS) == 0x1000
    assert int(flags.UnitsDataFlag.MAINTENANCE) == 0x8000
    assert int(flags.UnitsDataFlag.UNIT_CONFIG_IN_REPORTS) == 0x20000
    assert int(flags.UnitsDataFlag.MSG_PARAMETERS) == 0x100000
    assert int(flags.UnitsDataFlag.POS) == 0x400000
    assert int(flags.UnitsDataFlag.PROFILE_FIELDS) == 0x800000
    assert int(flags.UnitsDataFlag.TASKS) == 0x1000000
    assert int(flags.ResourceDataFlag.DRIVERS) == 0x100
    assert int(flags.ResourceDataFlag.GEOFENCES) == 0x1000
    assert int(flags.ResourceDataFlag.REPORT_TEMPLATES) == 0x2000
    assert int(flags.ResourceDataFlag.TRAILERS) == 0x10000
    assert int(flags.ResourceDataFlag.TAGS_GROUPS) == 0x800000
    assert int(flags.UserDataFlag.OTHER_PROPS) == 0x100
    assert int(flags.UserDataFlag.MOBILE_APPS) == 0x800
    assert int(flags.GroupDataFlag.IMAGE) == 0x10


def test_batch_and_update_mode() -> None:
    assert int(flags.BatchFlag.EXECUTE_ALL) == 0
    assert int(flags.BatchFlag.STOP_ON_ERROR) == 1
    assert [m.value for m in flags.UpdateDataFlagsMode] == [0, 1, 2]


def test_message_flags() -> None:
    assert int(flags.MessagesWithDataFlags.HAS_POS_INFO) == 0x1
    assert int(flags.MessagesWithDataFlags.WAS_CORRECTED_BY_LBS) == 0x20000
    assert int(flags.MessagesWithDataFlags.HAS_WIFI_POS) == 0x80000
    assert int(flags.MessageTypeFlag.UNIT_EVENT) == 0x600
    assert int(flags.MessageTypeFlag.TASK) == 0x5000
    assert int(flags.MessageTypeFlag.TYPE_MASK) == 0xFF00


def test_access_flags() -> None:
    acl = flags.AccessControlFlags
    assert int(acl.QUERY_REPORTS_OR_MSGS) == 0x200
    assert int(acl.EXECUTE_CMDS) == 0x1000000
    assert int(acl.VIEW_CMDS) == 0x400000000
    assert int(acl.USE_UNIT_IN_JOBS_NOTIFS_ROUTES_RETRANSLATORS) == 0x8000000000
    assert int(acl.CRUD_TRAILERS_N_GROUPS) == 0x200000000000
    assert int(acl.ALL) == 0xFFFFFFFFFFFFFFF
    # the unit access value seen on a real search_items reply decomposes into known bits
    assert 880333094911 & ~int(acl.ALL) == 0


def test_token_access_levels() -> None:
    level = flags.TokenAccessFlag
    assert int(level.ONLINE_TRACKING | level.VIEW_DATA) == 768
    assert int(level.MODIFY_CRITICAL) == 0x1000
    assert int(level.COMMUNICATION) == 0x2000
    assert int(flags.TOKEN_ACCESS_UNLIMITED) == -1


def test_enums_serialise_as_plain_json() -> None:
    spec = {
        "itemsType": flags.ItemType.AVL_UNIT,
        "propName": flags.ItemProp.SYS_NAME,
        "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.POS,
    }
    assert json.dumps(spec) == '{"itemsType": "avl_unit", "propName": "sys_name", "flags": 4194305}'
    assert str(flags.ItemType.AVL_UNIT_GROUP) == "avl_unit_group"


def test_every_data_flag_class_shares_the_item_flags() -> None:
    # flags.py repeats the common part in each class (enums cannot inherit members)
    common = {name: int(member) for name, member in flags.ItemDataFlag.__members__.items()}
    classes = [
        flags.UnitsDataFlag,
        flags.UnitGroupsDataFlag,
        flags.UserDataFlag,
        flags.ResourceDataFlag,
        flags.RouteDataFlag,
        flags.RetranslatorDataFlag,
    ]
    for cls in classes:
        own = {name: int(member) for name, member in cls.__members__.items()}
        assert {name: own.get(name) for name in common} == common, cls.__name__
        extra = {name: value for name, value in own.items() if name not in common}
        assert all(value > 0x80 for value in extra.values()), cls.__name__
    assert common["ALL"] == 0x3FFFFFFFFFFFFFFF


def test_search_names_are_part_of_flags() -> None:
    assert isinstance(flags.ItemType.AVL_UNIT, str)
    assert flags.ItemType.AVL_UNIT.value == "avl_unit"
    assert str(flags.ItemProp.REL_CUSTOM_FIELD_NAME) == "rel_customfield_name"
    assert json.dumps({"itemsType": flags.ItemType.USER}) == '{"itemsType": "user"}'
