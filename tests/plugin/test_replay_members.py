"""Every public member of ``wialon_mock`` answers the same on replay as live, or says it cannot.

A downstream suite calls each member while recording against the fake server and again on
replay; what each call returned is written per mode and compared. Calls the recording holds
no note of (another argument, or one call more) raise ``ReplayUnsupported`` naming the
operation, whatever it returns: none of them may do nothing silently.
"""

from __future__ import annotations

import json

import pytest

from wialon_mock.control.ops import ADMIN_OPS

from ._downstream import OBSERVE_CONFTEST, preload, project, run

preload()


TESTS = """
import os
import pytest
from aiowialon import WialonAccessDenied
from pytest_wialon import ReplayUnsupported

pytestmark = [pytest.mark.wialon_cassette, pytest.mark.wialon_mock(units=1, seed=3)]
UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}
SEARCH = "core/search_item"


def lean(entries):
    # whole entries: sid, params and answers too (as the cassette holds them, in both modes)
    return entries


async def test_each_member(wialon_client, wialon_mock, observe):
    called = []

    def call(name, *args, **kwargs):
        called.append(name)
        value = getattr(wialon_mock, name)(*args, **kwargs)
        observe(f"{len(called):02d}-{name}", lean(value) if name == "journal" else value)
        return value

    # connection details: the same shape in both modes (the address itself differs)
    observe("scheme", wialon_mock.scheme)
    await wialon_client.login()
    found = await wialon_client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)
    unit = found["items"][0]["id"]
    call("state")
    call("advance", 30)
    call("freeze", False)
    call("scale", 2.0)
    call("freeze")
    now = call("state")["clock"]["now"]
    call("set_clock", now - 600)
    fault = call("add_fault", svc=SEARCH, kind="error", code=7)
    with pytest.raises(WialonAccessDenied):
        await wialon_client.core_search_item(id=unit, flags=1)
    call("faults")
    call("remove_fault", fault["id"])
    call("remove_fault", 999)
    call("add_fault", svc=SEARCH, kind="error", code=5)
    call("clear_faults")
    call("clear_faults")
    call("journal")
    call("journal", SEARCH)
    call("clear_journal")
    await wialon_client.core_search_item(id=unit, flags=1)
    observe("after-clear", lean(wialon_mock.journal()))
    called.append("assert_called")
    observe("assert_called", lean(wialon_mock.assert_called(SEARCH, {"id": unit}, times=1)))
    called.append("assert_not_called")
    wialon_mock.assert_not_called("core/search_items")
    with pytest.raises(AssertionError) as failed:
        wialon_mock.assert_called(SEARCH, {"id": unit + 1})
    observe("assert_called-miss", str(failed.value))
    called.append("fault")
    with wialon_mock.fault(svc=SEARCH, kind="error", code=7) as installed:
        observe("fault", installed)
        with pytest.raises(WialonAccessDenied):
            await wialon_client.core_search_item(id=unit, flags=1)
    call("expire_sessions")
    call("reset")
    observe("journal-after-reset", lean(wialon_mock.journal()))
    call("state")
    observe("members", sorted(set(called)))


async def test_unrecorded_calls_say_so(wialon_client, wialon_mock, wialon_cassette, observe):
    await wialon_client.login()
    wialon_mock.advance(60)
    wialon_mock.freeze(True)
    if not wialon_cassette.replaying:
        return
    # on replay: each operation with other arguments, or once more than recorded
    raised = {}
    other = {"advance": (61,), "freeze": (False,), "scale": (3.0,), "remove_fault": (1,)}
    for name in ("reset", "state", "advance", "freeze", "scale", "expire_sessions",
                 "remove_fault", "faults", "clear_faults"):
        with pytest.raises(ReplayUnsupported) as caught:
            getattr(wialon_mock, name)(*other.get(name, ()))
        raised[name] = str(caught.value)
    with pytest.raises(ReplayUnsupported) as caught:
        wialon_mock.add_fault(svc=SEARCH, kind="error", code=7)
    raised["add_fault"] = str(caught.value)
    with pytest.raises(ReplayUnsupported):
        with wialon_mock.fault(svc=SEARCH, kind="error", code=7):
            pass
    observe("raised", raised)
"""


def test_each_member_answers_the_same_on_replay_or_says_it_cannot(
    pytester: pytest.Pytester,
) -> None:
    project(pytester, test_members=TESTS)
    pytester.makeconftest(OBSERVE_CONFTEST)
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=2)
    run(pytester, "--wialon-block-network=yes").assert_outcomes(passed=2)
    live = json.loads((pytester.path / "observed-live.json").read_text())
    replay = json.loads((pytester.path / "observed-replay.json").read_text())
    raised = replay.pop("test_unrecorded_calls_say_so:raised")
    assert live == replay
    members = set(live["test_each_member:members"])
    assert members == {*ADMIN_OPS, "assert_called", "assert_not_called", "fault"}
    # the answers are real ones, not empty stand-ins
    assert live["test_each_member:13-clear_faults"] == 1
    assert live["test_each_member:11-remove_fault"] is False
    assert live["test_each_member:15-journal"]  # entries before clear_journal
    assert live["test_each_member:journal-after-reset"] == []
    assert [e["svc"] for e in live["test_each_member:after-clear"]] == ["core/search_item"]
    # the journal's answers are the cassette's in both modes: scrubbed, not masked
    login = live["test_each_member:15-journal"][0]
    assert login["svc"] == "token/login"
    assert login["answer"]["au"] == "user1"
    assert login["answer"]["eid"].startswith("scrubbed-sid-")
    assert "…" not in json.dumps(live, ensure_ascii=False)  # no fake-server mask anywhere
    for name, message in raised.items():
        assert f"wialon_mock.{name}(" in message, message
        assert "cannot be answered on replay" in message
