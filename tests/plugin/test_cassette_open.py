"""Opening a cassette cheaply changes nothing it gives: lazily written bodies, the token scan."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_wialon import scrub
from pytest_wialon.bodies import NOTHING, LazyBody
from pytest_wialon.cassettes import (
    FORMAT,
    CassetteSecretWarning,
    _response_from_stored,
    read_cassette,
)
from pytest_wialon.scrub import find_leaks
from wialon_protocol.wire import compact_bytes

ANSWER = {"item": {"id": 7, "nm": "truck ü"}, "flags": 1}
EXPECTED = {"string": compact_bytes(ANSWER)}


def _reads() -> list[tuple[str, Any]]:
    return [
        ("index", lambda b: b["string"]),
        ("get", lambda b: b.get("string", b"")),
        ("in", lambda b: "string" in b),
        ("len", len),
        ("bool", bool),
        ("list", list),
        ("keys", lambda b: list(b.keys())),
        ("values", lambda b: list(b.values())),
        ("items", lambda b: list(b.items())),
        ("dict", dict),
        ("unpack", lambda b: {**b}),
        ("eq", lambda b: b == EXPECTED),
        ("ne", lambda b: b != EXPECTED),
        ("repr", repr),
        ("copy", lambda b: b.copy()),
        ("copy.copy", copy.copy),
        ("deepcopy", copy.deepcopy),
        ("pickle", lambda b: pickle.loads(pickle.dumps(b))),
        ("json", lambda b: json.dumps({k: v.decode() for k, v in b.items()})),
        ("or", lambda b: b | {}),
        ("reversed", lambda b: list(reversed(b))),
        ("missing key", lambda b: b.get("other", "none")),
    ]


@pytest.mark.parametrize(("how", "read"), _reads(), ids=[name for name, _ in _reads()])
def test_a_lazy_body_reads_like_the_dict_it_stands_for(how: str, read: Any) -> None:
    assert read(LazyBody(ANSWER)) == read(dict(EXPECTED))


def test_a_lazy_body_written_to_is_a_dict_with_the_bytes() -> None:
    body = LazyBody(ANSWER)
    body["other"] = 1
    assert body == {**EXPECTED, "other": 1}
    with pytest.raises(KeyError):
        LazyBody(ANSWER)["nothing"]


def test_a_stored_json_answer_gives_its_exact_bytes() -> None:
    stored = {"status": 200, "reason": "OK", "headers": {}, "json": ANSWER}
    response = _response_from_stored(stored)
    assert response["body"]["string"] == compact_bytes(ANSWER)
    assert response["body"].get("string") == compact_bytes(ANSWER)


def _every_match(text: str) -> list[str]:
    """What find_leaks found before its shortcut: each pattern run over the whole text."""
    patterns = (scrub._TOKEN_RE, scrub._SID_JSON_RE, scrub._SID_ESCAPED_RE, scrub._SID_QUERY_RE)
    return [m.group(0) for pattern in patterns for m in pattern.finditer(text)]


SECRETS = [
    "a1" * 36,  # a token
    '"eid":"' + "0f" * 16 + '"',
    '\\"sid\\": \\"' + "9a" * 16 + '\\"',
    "sid=" + "ab" * 16,
    "C" * 31,  # one digit short
]


@given(
    st.text(alphabet=st.sampled_from('0123456789abcdefABCDEFxz "é:=\\\r\n')),
    st.lists(st.sampled_from(SECRETS), max_size=3),
)
def test_the_leak_scan_finds_what_the_patterns_find(text: str, secrets: list[str]) -> None:
    candidate = text.join(["", *secrets, ""])
    assert find_leaks(candidate) == _every_match(candidate)
    # given the file's bytes, whose line endings a text read changes
    as_read = candidate.replace("\r\n", "\n").replace("\r", "\n")
    assert find_leaks(as_read, candidate.encode()) == _every_match(as_read)


def test_a_cassette_with_other_line_endings_reads_as_a_text_read_gives_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.json"
    document = {"format": FORMAT, "interactions": [], "note": "sid=" + "ab" * 16}
    path.write_bytes(json.dumps(document, indent=2).replace("\n", "\r\n").encode())
    with pytest.warns(CassetteSecretWarning, match="1 string"):
        assert read_cassette(path) == json.loads(path.read_text(encoding="utf-8"))


def test_the_stored_value_is_handed_out_once_with_its_bytes() -> None:
    value = {"a": [1, 2.5, "ü"]}
    body = LazyBody(value)
    raw, taken = body.take_value()
    assert taken is value
    assert json.loads(raw) == value
    assert raw == compact_bytes(value)
    taken["a"].append("changed")  # whoever took it may change it: the bytes stay
    again, nothing = body.take_value()
    assert nothing is NOTHING
    assert again == raw == body["string"]


def test_a_value_handed_out_leaves_a_copy_its_bytes_are_made_from() -> None:
    value: dict[str, Any] = {"a": [1, 2.5, "ü", None, True, 2**70], "b": {"c": -0.0}}
    expected = compact_bytes(value)
    body = LazyBody(value)
    taken, copied = body.hand_out()
    assert taken is value
    assert copied is not None  # no file text to stand in for the copy
    assert "ü".encode() in copied  # strings are kept as their UTF-8 (the placeholder check)
    taken["a"].append("changed")  # the taker's to change: the bytes stay as recorded
    del taken["b"]
    assert body.hand_out() == (NOTHING, b"")
    assert body.take_value() == (expected, NOTHING)
    assert body == {"string": expected}


def test_a_value_marshal_cannot_copy_is_left_to_take_value() -> None:
    value = {"a": object()}
    body = LazyBody(value)
    assert body.hand_out() == (NOTHING, b"")
    with pytest.raises(TypeError):
        body.take_value()  # not JSON either: reading it fails as it always did
