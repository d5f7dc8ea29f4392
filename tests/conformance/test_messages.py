"""messages/* calls (not calcSensors, which the report tests cover) and avl_evts against their
reference pages' examples."""

from __future__ import annotations

import pytest

from ._cases import Case, run_case
from ._shape import Exact, OneOf
from .conftest import START, Wire

H = "https://help.wialon.com/en/api/user-guide/api-reference"
MESSAGE = {"t": int, "f": int, "tp": str, "pos": OneOf(None, {"y": float, "x": float, "z": float,
           "s": int, "c": int, "sc": int}), "i": int, "p": dict}  # fmt: skip


def _load(i: dict[str, int]) -> dict[str, int]:
    # the request of help.wialon.com .../messages/messages_requests_examples
    return {"itemId": i["unit"], "timeFrom": START - 3600, "timeTo": START, "flags": 1,
            "flagsMask": 65281, "loadCount": 3}  # fmt: skip


CASES = [
    Case("messages/load_interval", f"{H}/messages/load_interval", _load,
         {"count": int, "messages": [MESSAGE]}),
    Case("messages/load_last", f"{H}/messages/load_last",
         lambda i: {"itemId": i["unit"], "lastTime": START, "lastCount": 5, "flags": 0,
                    "flagsMask": 0, "loadCount": 5}, {"count": int, "messages": [MESSAGE]}),
    Case("messages/get_messages", f"{H}/messages/get_messages",
         lambda i: {"indexFrom": 0, "indexTo": 2}, [MESSAGE],
         before=(("messages/load_interval", _load),),
         note="indexTo is exclusive: ru/es pages (newer, with an example) won over en"),
    Case("messages/delete_message", f"{H}/messages/delete_message",
         lambda i: {"msgIndex": 0}, Exact({}), before=(("messages/load_interval", _load),)),
    Case("messages/unload", f"{H}/messages/unload", lambda i: {}, Exact({})),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_messages_answer_matches_the_reference(wire: Wire, ids: dict[str, int], case: Case) -> None:
    run_case(wire, ids, case)


def test_get_messages_index_range_is_half_open(wire: Wire, ids: dict[str, int]) -> None:
    # ru page example: "indexFrom":8,"indexTo":9 returns the one message with index 8
    wire.call("messages/load_interval", {**_load(ids), "loadCount": 20})
    assert len(wire.call("messages/get_messages", {"indexFrom": 8, "indexTo": 9})) == 1
    assert wire.call("messages/get_messages", {"indexFrom": 9, "indexTo": 9}) == []


def test_avl_evts_matches_the_reference(wire: Wire, ids: dict[str, int]) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/other-methods/avl_evts
    import json
    import urllib.request

    from ._shape import mismatches

    url = f"http://{wire.server.host}:{wire.server.port}/avl_evts?sid={wire.sid}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        answer = json.loads(resp.read())
    assert not mismatches(answer, {"tm": int, "events": [dict]})
