"""Unit data flags against the data-format page of units, one flag at a time.

https://help.wialon.com/en/api/user-guide/data-format/units: the page's flag table lists 0x800
(driver code), 0x4000 (routes), 0x10000 (unit logs), 0x40000 (other settings) and 0x1000000
(tasks), but shows a JSON section for tasks only. A flag without a section adds no keys (the
fake server does not make keys up); tasks adds the ten keys the page shows.
"""

from __future__ import annotations

import pytest

from ._shape import mismatches
from .conftest import Wire

PAGE = "https://help.wialon.com/en/api/user-guide/data-format/units"

#: the tasks section exactly as the page shows it (flag 0x1000000)
TASKS = {
    "task_sub_type": int,
    "task_reg_type": int,
    "task_evt_name": str,
    "task_id": str,
    "task_update_time": int,
    "task_status": int,
    "task_priority": int,
    "task_assignee": int,
    "task_comments": str,
    "task_account": int,
}


def _item(wire: Wire, unit: int, flags: int) -> dict[str, object]:
    answer = wire.call("core/search_item", {"id": unit, "flags": flags})
    assert "item" in answer, answer
    item: dict[str, object] = answer["item"]
    return item


def test_tasks_flag_adds_the_section_the_page_shows(wire: Wire, ids: dict[str, int]) -> None:
    item = _item(wire, ids["unit"], 0x1000000)
    assert not mismatches(item, TASKS), f"differs from {PAGE}: {mismatches(item, TASKS)}"
    assert set(item) == set(TASKS), "without the base flag only the section's own keys"
    spec = {"spec": [{"type": "id", "data": ids["unit"], "flags": 0x1000000, "mode": 0}]}
    registered = wire.call("core/update_data_flags", spec)
    assert not mismatches(registered, [{"i": int, "d": TASKS, "f": int}]), registered


def test_tasks_section_comes_with_the_base_flag_too(wire: Wire, ids: dict[str, int]) -> None:
    item = _item(wire, ids["unit"], 0x1000001)
    assert {"nm", "cls", "id", "mu", "uacl"} <= set(item)
    assert set(TASKS) <= set(item)


@pytest.mark.parametrize("flag", [0x800, 0x4000, 0x10000, 0x40000])
def test_flags_the_page_gives_no_section_add_nothing(
    wire: Wire, ids: dict[str, int], flag: int
) -> None:
    alone = _item(wire, ids["unit"], flag)
    assert alone == {}, f"{PAGE} shows no JSON for flag {flag:#x}"
    assert _item(wire, ids["unit"], 1 | flag) == _item(wire, ids["unit"], 1)
