"""A long answer is written a slice at a time: other clients are answered while it is built."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wialon_mock import ThreadedMockServer
from wialon_mock.api.json_input import ENCODE_CHUNK, encode_answer, encode_answer_async


def _post(server: ThreadedMockServer, form: dict[str, str]) -> Any:
    data = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(f"{server.url}/wialon/ajax.html", data=data, timeout=120) as resp:
        return json.loads(resp.read())


def test_a_cheap_call_is_answered_while_a_long_answer_is_written() -> None:
    with ThreadedMockServer(units=1, limits=False) as server:
        sid = _post(server, {"svc": "token/login", "params": json.dumps({"token": server.token})})[
            "eid"
        ]
        unit_id = next(iter(server.world.units))
        now = server.world.now()
        load = {
            "itemId": unit_id, "timeFrom": now - 30 * 86400, "timeTo": now,
            "flags": 0, "flagsMask": 0, "loadCount": 0xFFFFFFFF,
        }  # fmt: skip
        session = server.world.sessions[sid]
        long_form = {"svc": "messages/load_interval", "params": json.dumps(load), "sid": sid}
        answers: list[Any] = []
        worker = threading.Thread(target=lambda: answers.append(_post(server, long_form)))
        worker.start()
        # the loader is set when the handler is done: the answer is being written now
        for _ in range(6000):
            if session.loader is not None:
                break
            time.sleep(0.005)
        else:
            pytest.fail("the long call never loaded its messages")
        assert _post(server, {"svc": "no/such"}) == {"error": 2}
        worker.join(120)
        assert answers[0]["count"] > ENCODE_CHUNK
        order = [entry["svc"] for entry in server.journal() if entry["svc"] != "token/login"]
        # before: the long answer was written in one go, the cheap call waited for all of it
        assert order == ["no/such", "messages/load_interval"]


json_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)


@settings(max_examples=30, deadline=None)
@given(
    items=st.lists(json_leaf | st.dictionaries(st.text(), json_leaf), max_size=3 * ENCODE_CHUNK),
    wrap=st.booleans(),
)
async def test_the_sliced_answer_has_the_same_bytes(items: list[Any], wrap: bool) -> None:
    data: Any = {"count": len(items), "messages": items, "tail": "\udc80"} if wrap else items
    assert await encode_answer_async(data) == encode_answer(data)
