"""A downstream suite recorded against the fake server, then replayed with the network blocked.

Every test passes in both modes, and what it observes through ``wialon_mock`` (each public
member: journal, clear_journal, assert_called, state, faults, add_fault, remove_fault,
expire_sessions, advance, freeze, reset) is written to a file per mode; the two files must be
equal. Re-recording the unchanged suite must leave the cassettes byte for byte as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_wialon.scrub import find_personal

from ._downstream import OBSERVE_CONFTEST, preload, project, run

preload()


TESTS = '''
import asyncio
import pytest
from aiowialon import MultipartField, Wialon, WialonAccessDenied, flags
from aiowialon.events import filters

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}
RESOURCES = {**UNITS, "itemsType": "avl_resource"}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
pytestmark = [pytest.mark.wialon_cassette, pytest.mark.wialon_mock(units=2, seed=5)]


def seen(entries):
    """What a test may compare across modes: whole entries, sid, params and answers too
    (under a cassette both modes show them as the cassette holds them)."""
    return entries


async def unit_ids(client):
    found = await client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)
    return [item["id"] for item in found["items"]]


async def test_members(wialon_client, wialon_mock, observe):
    await wialon_client.login()
    ids = await unit_ids(wialon_client)
    observe("state", wialon_mock.state())
    fault = wialon_mock.add_fault(svc="core/search_item", kind="error", code=7)
    observe("add_fault", fault)
    with pytest.raises(WialonAccessDenied):
        await wialon_client.core_search_item(id=ids[0], flags=1)
    observe("faults", wialon_mock.faults())
    wialon_mock.remove_fault(fault["id"])
    observe("journal", seen(wialon_mock.journal()))
    wialon_mock.clear_journal()
    await wialon_client.core_search_item(id=ids[0], flags=flags.UnitsDataFlag.BASE)
    observe("after_clear", seen(wialon_mock.journal()))
    wialon_mock.assert_called("core/search_item", {"id": ids[0], "flags": 1}, times=1)
    wialon_mock.assert_not_called("core/search_items")
    with wialon_mock.fault(svc="core/search_item", kind="error", code=7):
        with pytest.raises(WialonAccessDenied):
            await wialon_client.core_search_item(id=ids[0], flags=1)
    observe("journal_2", seen(wialon_mock.journal()))
    wialon_mock.freeze()
    observe("expired", wialon_mock.expire_sessions())
    wialon_mock.reset()
    observe("state_after_reset", wialon_mock.state())


async def test_a_dropped_connection_replays(wialon_client, wialon_mock, observe):
    await wialon_client.login()
    ids = await unit_ids(wialon_client)
    with wialon_mock.fault(svc="core/search_item", kind="reset", times=1):
        with pytest.raises(Exception) as caught:
            await wialon_client.core_search_item(id=ids[0], flags=1)
    observe("error", type(caught.value).__name__)
    observe("journal", seen(wialon_mock.journal("core/search_item")))


async def test_advance_keeps_the_session(wialon_client, wialon_mock, observe):
    await wialon_client.login()
    ids = await unit_ids(wialon_client)
    wialon_mock.advance(600)  # twice the idle timeout: the test's session stays alive
    unit = await wialon_client.core_search_item(id=ids[0], flags=1)
    # no error 1 and no second login behind the test's back
    wialon_mock.assert_called("token/login", times=1)
    assert [e["error"] for e in wialon_mock.journal()] == [None, None, None]
    observe("unit", unit)
    observe("journal", seen(wialon_mock.journal("core/search_item")))


@pytest.mark.parametrize("auto", [False, True], ids=["plain", "auto_batch"])
async def test_batch_items_are_journal_entries(wialon_mock, observe, auto):
    client = Wialon(
        wialon_mock.scheme, wialon_mock.host, wialon_mock.port, wialon_mock.token, rps=None,
        auto_batch=auto,
    )
    async with client:
        await client.login()
        ids = await unit_ids(client)
        await asyncio.gather(
            client.item_update_name(itemId=ids[0], name="Alpha truck"),
            client.item_update_name(itemId=ids[1], name="Beta truck"),
        )
        manual = await client.batch(
            client.core_search_item(id=ids[0], flags=1),
            client.core_search_item(id=ids[1], flags=1),
        )
    wialon_mock.assert_called("item/update_name", {"itemId": ids[0], "name": "Alpha truck"})
    wialon_mock.assert_called("item/update_name", times=2)
    wialon_mock.assert_called("core/search_item", {"id": ids[1]}, times=1)
    items = wialon_mock.journal("core/search_item")
    assert [entry["parent"] is not None for entry in items] == [True, True]
    observe("manual", manual)
    observe("journal", seen(wialon_mock.journal()))


async def test_upload_with_a_made_up_event_hash(wialon_client, wialon_mock, observe):
    await wialon_client.login()
    ids = await unit_ids(wialon_client)
    icon = MultipartField("icon_file", PNG, filename="icon.png", content_type="image/png")
    done = await wialon_client.upload_and_wait(wialon_client.unit_upload_image(itemId=ids[0]), icon)
    assert done.data.upload_hash.startswith("aiowialon_")
    wialon_mock.assert_called("unit/upload_image", {"itemId": ids[0]}, times=1)
    observe("kind", done.data.i)


async def test_personal_data_is_read_and_scrubbed(
    wialon_client, wialon_mock, wialon_cassette, observe
):
    login = await wialon_client.login()
    units = await wialon_client.core_search_items(spec=UNITS, force=1, flags=0x101, from_=0, to=0)
    resources = await wialon_client.core_search_items(
        spec=RESOURCES, force=1, flags=0x101, from_=0, to=0
    )
    drivers = [r.get("drvrs") for r in resources["items"]]
    # live the test sees the fake fleet's data, on replay its placeholders: same shape
    observe("shape", [sorted(units["items"][0]), [sorted(d) for d in drivers]])
    if wialon_cassette.replaying:
        observe("login_name:replay-only", login["au"])
        observe("units:replay-only", units["items"])
        observe("drivers:replay-only", drivers)
'''


def _cassettes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*.json"))}


def test_recorded_suite_replays_the_same_with_the_network_blocked(
    pytester: pytest.Pytester,
) -> None:
    project(pytester, test_suite=TESTS)
    pytester.makeconftest(OBSERVE_CONFTEST)
    recorded = run(pytester, "--wialon-record-mode=once")
    recorded.assert_outcomes(passed=7)
    recorded.stdout.fnmatch_lines(["*recording against the fake server*"])
    folder = pytester.path / "cassettes" / "test_suite"
    files = _cassettes(folder)
    assert len(files) == 7

    replayed = run(pytester, "--wialon-block-network=yes")
    replayed.assert_outcomes(passed=7)
    live = json.loads((pytester.path / "observed-live.json").read_text())
    replay = json.loads((pytester.path / "observed-replay.json").read_text())
    assert live.keys() == {key for key in replay if not key.endswith(":replay-only")}
    for key in live:
        assert replay[key] == live[key], key
    # the journal carries the fields of the fake server's, filled in on replay too
    entry = replay["test_members:journal"][-1]
    assert entry["svc"] == "core/search_item"
    assert (entry["error"], entry["status"], entry["fault"]) == (7, 200, 1)
    assert entry["t"] == 1767225600.0  # the pinned clock of the recording

    # personal data never reached the files; the test saw placeholders on replay
    for name, text in files.items():
        assert find_personal(text) == [], name
    personal = "test_personal_data_is_read_and_scrubbed"
    assert replay[f"{personal}:login_name:replay-only"] == "user1"
    unit = replay[f"{personal}:units:replay-only"][0]
    assert unit["uid"].startswith("35999900")
    assert unit["ph"].startswith("+1555010")
    drivers = replay[f"{personal}:drivers:replay-only"][0]
    first = next(iter(drivers.values()))
    assert first["n"].startswith("Person ")
    assert first["p"].startswith("+1555010")
    assert first["c"].startswith("scrubbed-code-")

    # recording again changes nothing: no port, no wall clock, no random value in the files
    run(pytester, "--wialon-record-mode=all").assert_outcomes(passed=7)
    assert _cassettes(folder) == files
