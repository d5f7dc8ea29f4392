"""``assert_called`` compares numbers by value, in a project of its own, live and replayed."""

from __future__ import annotations

import pytest

from ._downstream import preload, project, run

preload()

TESTS = """
import pytest
from aiowialon import flags

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}
WANTED = flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.POS

@pytest.mark.wialon_cassette
@pytest.mark.wialon_mock(units=1)
async def test_flags(wialon_client, wialon_mock):
    await wialon_client.login()
    await wialon_client.core_search_items(spec=UNITS, force=1, flags=WANTED, from_=0, to=0)
    wialon_mock.assert_called("core/search_items", {"flags": WANTED}, times=1)
    wialon_mock.assert_called("core/search_items", {"flags": int(WANTED), "force": 1.0})
    with pytest.raises(AssertionError, match="params.force: expected true, got 1"):
        wialon_mock.assert_called("core/search_items", {"force": True})
    with pytest.raises(AssertionError, match='params.force: expected "1", got 1'):
        wialon_mock.assert_called("core/search_items", {"force": "1"})
"""


def test_an_int_flag_matches_the_int_on_the_wire(pytester: pytest.Pytester) -> None:
    project(pytester, test_values=TESTS)
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=1)
    run(pytester).assert_outcomes(passed=1)
