"""A replayed answer handed out without a copy: its file's text stands in for the copy.

The journal's bytes and the placeholder check read the answer from the text of the file,
found by the writer's layout; any other layout, an escape or a placeholder in the answer
falls back to the copy. Either way the code, the journal and the bytes see the same thing.
The client's own stages still run before such an answer (the rate limit, last test).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from aiowialon import Wialon
from pytest_wialon.bodies import NOTHING, LazyBody
from pytest_wialon.cassettes import CassettePersister, to_vcr
from pytest_wialon.filetext import FileText
from pytest_wialon.normalize import WialonRequest
from pytest_wialon.recorder import CassetteSession
from pytest_wialon.scrub import Scrubber
from wialon_protocol.wire import compact_bytes

from .conftest import TinyServer
from .test_client_replay import _record, _replay
from .test_replay_shortcut import NOWHERE

URL = "http://wialon.test/wialon/ajax.html"
ANSWERS: list[Any] = [
    {"item": {"id": 1, "nm": "truck ü"}, "flags": 1},
    # the writer's marker inside a string: escaped in the file, so never taken for one
    {"text": '\n    {\n      "request": ', "n": [1, 2.5, None, True, 2**70]},
    {"nm": "scrubbed-email-1", "id": 3},  # holds a placeholder
    {"nm": 'a "quoted" name', "id": 4},  # an escape in the text
]


def _write(path: Path) -> None:
    requests = [
        to_vcr(WialonRequest("POST", URL, svc="core/a", params={"n": n}), n)
        for n in range(len(ANSWERS))
    ]
    responses = [
        {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": ["application/json"]},
            "body": {"string": compact_bytes(answer)},
        }
        for answer in ANSWERS
    ]
    CassettePersister(Scrubber()).save_cassette(
        str(path), {"requests": requests, "responses": responses}, None
    )


def _bodies(path: Path) -> list[LazyBody]:
    _requests, responses = CassettePersister(Scrubber()).load_cassette(str(path), None)
    return [response["body"] for response in responses]


def _reindent(path: Path) -> None:
    path.write_text(json.dumps(json.loads(path.read_text()), indent=4), encoding="utf-8")


def test_the_writers_layout_gives_each_answer_back_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    _write(path)
    text = FileText(path.read_text(encoding="utf-8"), len(ANSWERS))
    assert [text.answer(at) for at in range(len(ANSWERS))] == ANSWERS
    placeholders = ["scrubbed-email-1"]
    assert [text.plain(at, placeholders) for at in range(len(ANSWERS))] == [
        True,
        False,  # the escaped newlines of its string
        False,  # the placeholder
        False,  # the escaped quotes
    ]
    assert text.plain(2, ["scrubbed-email-2"]) is True
    assert text.plain(len(ANSWERS), []) is False  # no such interaction


def test_another_layout_gives_no_spans_and_still_the_answers(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    _write(path)
    _reindent(path)
    text = FileText(path.read_text(encoding="utf-8"), len(ANSWERS))
    assert [text.plain(at, []) for at in range(len(ANSWERS))] == [False] * len(ANSWERS)
    assert [text.answer(at) for at in range(len(ANSWERS))] == ANSWERS  # the whole file again


@pytest.mark.parametrize("reindented", [False, True])
def test_a_handed_out_answer_keeps_its_recorded_bytes(tmp_path: Path, reindented: bool) -> None:
    path = tmp_path / "c.json"
    _write(path)
    if reindented:
        _reindent(path)
    for at, body in enumerate(_bodies(path)):
        value, copied = body.hand_out(["scrubbed-email-1"])
        assert value == ANSWERS[at]
        # no copy only where the text showed the answer plain
        assert (copied is None) == (at == 0 and not reindented)
        value.clear()  # the code's to change
        assert body.hand_out() == (NOTHING, b"")
        assert body["string"] == compact_bytes(ANSWERS[at])


async def test_a_reindented_cassette_replays_as_the_written_one(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    await _record(path, tiny_server)
    written = await _replay(path, None)
    _reindent(path)
    assert await _replay(path, None) == written


async def test_the_rate_limit_still_applies_to_calls_answered_at_the_transport(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    # Replay keeps the client's stages before the transport: with one call per 1,000 s
    # allowed, the login leaves and the next call waits, although the cassette could
    # answer it at once (the loop is let run until nothing else is ready).
    path = tmp_path / "c.json"
    await _record(path, tiny_server)
    replay = CassetteSession(path, "none", Scrubber())
    replay.start()
    try:
        client = Wialon(
            scheme="http", host="127.0.0.1", port=NOWHERE, token="scrubbed-token", rps=0.001
        )
        async with client:
            await client.login()
            waiting = asyncio.ensure_future(client.call("echo/a", n=1))
            for _ in range(20):
                await asyncio.sleep(0)
            assert not waiting.done()
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
    finally:
        replay.stop()
    index = replay.replay_index
    assert index is not None
    assert index.shortcut_hits == 1  # the login, at the transport
    assert len(replay.sent()) == 1
