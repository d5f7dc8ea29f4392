"""Parsing of every avl_evts event shape (wire spec section 9) without raising."""

from __future__ import annotations

from typing import Any

import pytest

from aiowialon.events import AvlEvent, AvlEventData, AvlEventType, AvlSpecial, parse_avl_events

MESSAGE = {
    "i": 734455,
    "t": "m",
    "d": {
        "t": 1364760081, "f": 3, "tp": "ud", "pos": {"y": 53.83, "x": 27.56, "z": 213, "s": 0,
        "c": 51, "sc": 9}, "i": 0, "o": 0, "lc": 0, "rt": 1364760085, "p": {"pwr_ext": 12.6},
    },
}  # fmt: skip


def test_full_reply_keeps_order_and_server_time() -> None:
    reply = {
        "tm": 1500039089,
        "events": [
            MESSAGE,
            {"i": 734455, "t": "u", "d": {"nm": "renamed", "prpu": {"color": ""}}},
            {"i": 17, "t": "d"},
            {"i": -1, "d": {"hash": "jUploadForm137"}},
            {"i": -2, "d": {}},
            {"i": -3, "d": {"unlim": 0, "svcs": {"reports": 1}}},
            {"i": -4, "d": {}},
            {"i": -5, "d": {"r": [1, 2], "a": [{"ids": [3]}]}},
        ],
        "sensors": [],
    }
    events = parse_avl_events(reply)
    assert [e.data.i for e in events] == [734455, 734455, 17, -1, -2, -3, -4, -5]
    assert {e.tm for e in events} == {1500039089}
    message, update, deletion, upload, invalid, features, stats, access = events
    assert message.data.t is AvlEventType.MESSAGE
    assert message.data.is_message
    assert message.data.d["pos"]["sc"] == 9
    assert update.data.is_update
    assert update.data.d["nm"] == "renamed"
    assert deletion.data.is_delete
    assert deletion.data.d is None
    assert upload.data.t is None
    assert upload.data.is_upload_done
    assert upload.data.upload_hash == "jUploadForm137"
    assert upload.data.special is AvlSpecial.UPLOAD_DONE
    assert invalid.data.is_session_invalidated
    assert invalid.data.special is AvlSpecial.SESSION_INVALIDATED
    assert features.data.special is AvlSpecial.FEATURES_CHANGED
    assert features.data.d["svcs"] == {"reports": 1}
    assert stats.data.special is AvlSpecial.STATISTICS_READY
    assert access.data.special is AvlSpecial.ACCESS_CHANGED
    assert access.data.d["r"] == [1, 2]
    assert not message.data.is_special
    assert message.data.special is None
    assert message.data.upload_hash is None


def test_import_completion_carries_files() -> None:
    (event,) = parse_avl_events(
        {
            "tm": 1,
            "events": [{"i": -1, "d": {"hash": "h1", "files": {"a.wlp": {"type": "avl_unit"}}}}],
        }
    )
    assert event.data.upload_hash == "h1"
    assert event.data.d["files"]["a.wlp"]["type"] == "avl_unit"


@pytest.mark.parametrize(
    "raw",
    [
        {"i": 5, "t": "x", "d": {}},
        {"i": "12", "t": "m", "d": {}},
        {"i": None},
        {},
        [1, 2],
        "garbage",
        None,
        {"i": 3, "t": 7, "d": [1]},
        {"i": -9, "d": "text"},
    ],
)
def test_odd_events_do_not_raise(raw: Any) -> None:
    (event,) = parse_avl_events({"tm": 1, "events": [raw]})
    assert isinstance(event.data.i, int)
    assert event.data.upload_hash is None


def test_unknown_letter_and_keys_are_kept() -> None:
    (event,) = parse_avl_events({"tm": 2, "events": [{"i": 5, "t": "x", "d": {}, "zz": 1}]})
    assert event.data.t == "x"
    assert dict(event.data.extra) == {"zz": 1}
    (numeric,) = parse_avl_events({"tm": 2, "events": [{"i": "12", "t": "u"}]})
    assert numeric.data.i == 12
    assert numeric.data.is_update


@pytest.mark.parametrize(
    "reply",
    [
        None,
        [],
        "x",
        {"tm": 1},
        {"tm": 1, "events": None},
        {"tm": 1, "events": {"i": 1}},
        {"error": 1},
    ],
)
def test_odd_replies_give_no_events(reply: Any) -> None:
    assert parse_avl_events(reply) == []


def test_string_server_time_is_converted() -> None:
    (event,) = parse_avl_events({"tm": "77", "events": [MESSAGE]})
    assert event.tm == 77


def test_py_aiowialon_construction_still_works() -> None:
    event = AvlEvent(10, {"i": 1, "t": "m", "d": {"x": 1}})  # type: ignore[arg-type]  # old style
    assert event.data.is_message
    assert event.data.d == {"x": 1}
    data = AvlEventData(i=2, t="u", d={})
    assert data.t is AvlEventType.UPDATE
    assert AvlEvent.parse_avl_events_response({"tm": 1, "events": [MESSAGE]})[0].data.i == 734455
