"""Items of a big ``core/batch`` are journal entries too, live and on replay.

The fake server keeps params over 2 KB as an excerpt and answers over 16 KB by their size;
a batch that big still lists its items (each call excerpted on its own), so
``assert_called`` about one call holds with ``auto_batch=True`` however many calls went
together. Checked on a plain ``wialon_mock`` and under a cassette, recorded then replayed.
"""

from __future__ import annotations

import json

import pytest

from ._downstream import OBSERVE_CONFTEST, preload, project, run

preload()

TESTS = """
import asyncio
import json
import pytest
from aiowialon import Wialon

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}
ALL_FLAGS = 0x1 | 0x2 | 0x8 | 0x100 | 0x400 | 0x1000 | 0x100000 | 0x200000


async def big_batches(wialon_mock, observe, cassette):
    client = Wialon(
        wialon_mock.scheme, wialon_mock.host, wialon_mock.port, wialon_mock.token, rps=None,
        auto_batch=True,
    )
    async with client:
        await client.login()
        found = await client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)
        ids = [item["id"] for item in found["items"]]
        # 40 renames in one batch: its params pass 2 KB
        names = [f"Truck number {n:03d} of the northern depot fleet" for n in range(40)]
        await asyncio.gather(
            *(client.item_update_name(itemId=ids[n % 2], name=name) for n, name in enumerate(names))
        )
        # 40 full unit reads in one batch: its answer passes 16 KB; one fails (no such item)
        reads = [client.core_search_item(id=ids[n % 2], flags=ALL_FLAGS) for n in range(39)]
        reads.append(client.core_search_item(id=999999, flags=1))
        answers = await asyncio.gather(*reads, return_exceptions=True)
    batches = wialon_mock.journal("core/batch")
    assert len(batches) == 2
    if cassette:
        # under a cassette: params as sent, in both modes
        assert len(json.dumps(batches[0]["params"])) > 2048
    else:
        # the fake server's own journal keeps an excerpt of the batch's params
        assert set(batches[0]["params"]) == {"excerpt", "chars"}
    wialon_mock.assert_called("item/update_name", {"itemId": ids[0], "name": names[38]})
    wialon_mock.assert_called("item/update_name", times=40)
    wialon_mock.assert_called("core/search_item", {"id": ids[1], "flags": ALL_FLAGS}, times=19)
    failed = wialon_mock.assert_called("core/search_item", {"id": 999999}, times=1)
    assert failed[0]["error"] == 7
    items = [e for e in wialon_mock.journal() if e["parent"] is not None]
    assert len(items) == 80
    assert {e["parent"] for e in items} == {b["n"] for b in batches}
    assert [e["index"] for e in items] == list(range(40)) * 2
    omitted = batches[1]["answer"]
    assert set(omitted) == {"omitted_bytes"} and omitted["omitted_bytes"] > 16 * 1024
    reads = [e for e in items if e["svc"] == "core/search_item"]
    assert all(set(e["answer"]) == {"omitted_bytes"} for e in reads)
    observe("errors", [e["error"] for e in items])
    observe("failed", [type(a).__name__ for a in answers if isinstance(a, Exception)])


async def test_plain(wialon_mock):
    await big_batches(wialon_mock, lambda what, value: None, cassette=False)


@pytest.mark.wialon_cassette
async def test_cassette(wialon_mock, observe):
    await big_batches(wialon_mock, observe, cassette=True)
"""


def test_items_of_big_batches_are_journal_entries(pytester: pytest.Pytester) -> None:
    project(pytester, test_big=TESTS)
    pytester.makeconftest(OBSERVE_CONFTEST)
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=2)
    run(pytester, "--wialon-block-network=yes", "-k", "cassette").assert_outcomes(passed=1)
    live = json.loads((pytester.path / "observed-live.json").read_text())
    replay = json.loads((pytester.path / "observed-replay.json").read_text())
    assert live == replay
    assert live["test_cassette:errors"] == [None] * 79 + [7]
    assert live["test_cassette:failed"] == ["WialonAccessDenied"]
