"""Replay at the client's transport (``pytest_wialon.client_replay``), over real sockets.

While a cassette replays, an ``aiowialon`` call the replay index knows is answered by the
transport itself, without an aiohttp session; the answers, the journal and the play counts
must be exactly those of the aiohttp path, which a session with ``raise_for_status`` (whose
checks only aiohttp can make) still takes.
"""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from aiowialon import Wialon
from aiowialon.errors import WialonConnectionError
from aiowialon.transport import AiohttpTransport
from pytest_wialon.recorder import CassetteMissError, CassetteSession
from pytest_wialon.scrub import Scrubber

from .conftest import TinyServer
from .test_replay_shortcut import NOWHERE, client_for, port_of

CALLS: list[tuple[str, dict[str, Any]]] = [
    ("echo/a", {"n": 1}),
    ("echo/a", {"n": 1}),  # the same call twice: played in recorded order
    ("echo/a", {"n": "x y&z=ü"}),  # needs quoting in the body
    ("echo/bytes", {}),  # a file answer: bytes
    ("echo/gzip", {}),
    ("core/other", {}),
]


async def _record(path: Path, server: TinyServer) -> None:
    session = CassetteSession(path, "once", Scrubber(), base_url=server.url)
    session.start()
    try:
        async with client_for(port_of(server)) as client:
            await client.login()
            for svc, params in CALLS:
                await client.call(svc, **params)
    finally:
        session.stop()


async def _replay(path: Path, http: aiohttp.ClientSession | None) -> dict[str, Any]:
    """Replay CALLS with the default transport (``http=None``) or one over ``http``."""
    replay = CassetteSession(path, "none", Scrubber())
    transport = AiohttpTransport(http)
    answers: list[Any] = []
    replay.start()
    try:
        client = Wialon(
            scheme="http",
            host="127.0.0.1",
            port=NOWHERE,
            token="scrubbed-token",
            transport=transport,
        )
        async with client:
            answers.append(await client.login())
            for svc, params in CALLS:
                answers.append(await client.call(svc, **params))
            # the default transport opens its aiohttp session on first use
            session_made = transport._session is not None
            with pytest.raises(CassetteMissError):
                await client.call("echo/a", n=1)  # played out: the aiohttp path's failure
    finally:
        replay.stop()
    index = replay.replay_index
    assert index is not None
    return {
        "answers": answers,
        "journal": replay.answers(),
        "sent": replay.sent(),
        "unplayed": replay.unplayed,
        "misses": len(replay.misses),
        "hits": index.shortcut_hits,
        "aiohttp_session_made": session_made,
    }


async def test_client_calls_replay_at_the_transport_as_through_aiohttp(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    await _record(path, tiny_server)
    seen = len(tiny_server.calls)
    fast = await _replay(path, None)
    async with aiohttp.ClientSession(raise_for_status=True) as http:
        through_aiohttp = await _replay(path, http)
    async with aiohttp.ClientSession() as http:
        plain_session_of_the_user = await _replay(path, http)  # answered at the transport
    plain_session_of_the_user.pop("aiohttp_session_made")
    assert len(tiny_server.calls) == seen  # neither reached the server
    assert fast.pop("aiohttp_session_made") is False
    assert through_aiohttp.pop("aiohttp_session_made") is True
    assert fast == through_aiohttp == plain_session_of_the_user
    assert fast["answers"][1]["params"] == fast["answers"][2]["params"] == {"n": 1}
    assert fast["answers"][3]["params"] == {"n": "x y&z=ü"}
    assert fast["answers"][4] == b"\x00\xff binary"
    assert fast["answers"][5] == {"zipped": True}
    assert fast["misses"] == 1
    # the login, every call, and the played-out one (found by its body, then missed)
    assert fast["hits"] == 1 + len(CALLS) + 1


async def test_a_closed_session_of_the_user_fails_as_it_did(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    await _record(path, tiny_server)
    replay = CassetteSession(path, "none", Scrubber())
    http = aiohttp.ClientSession()
    await http.close()
    replay.start()
    try:
        client = Wialon(scheme="http", host="127.0.0.1", port=NOWHERE, token="x", session=http)
        with pytest.raises(WialonConnectionError, match="passed to the client is closed"):
            await client.login()
    finally:
        replay.stop()


async def test_an_answer_the_code_changes_stays_as_recorded_in_the_journal(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    await _record(path, tiny_server)
    replay = CassetteSession(path, "none", Scrubber())
    replay.start()
    try:
        async with client_for(NOWHERE) as client:
            await client.login()
            answer = await client.call("echo/a", n=1)
            assert answer["params"] == {"n": 1}
            answer["params"]["n"] = 99  # the answer is the caller's to change
            again = await client.call("echo/a", n=1)
    finally:
        replay.stop()
    assert again["params"] == {"n": 1}
    bodies = [json.loads(body) for _request, _status, body, _extra in replay.answers()]
    assert [b["params"] for b in bodies[1:3]] == [{"n": 1}, {"n": 1}]


async def test_a_replayed_answer_gives_back_what_this_run_sent(
    tiny_server: TinyServer, tmp_path: Path
) -> None:
    # The e-mail sent first becomes a placeholder in the file; a later answer the file holds
    # with that placeholder (here: echoing a request that carries the placeholder itself, so
    # the transport answers it) must reach the code with the value this run sent.
    calls: list[dict[str, Any]] = [
        {"mail": "driver@fleet.test"},
        {"mail": "user1@example.com"},
        {"n": 2},
    ]

    async def run(session: CassetteSession, port: int) -> list[Any]:
        session.start()
        try:
            async with client_for(port) as client:
                await client.login()
                return [await client.call("echo/a", **params) for params in calls]
        finally:
            session.stop()

    path = tmp_path / "c.json"
    await run(
        CassetteSession(path, "once", Scrubber(), base_url=tiny_server.url), port_of(tiny_server)
    )
    assert "driver@fleet.test" not in path.read_text()
    replay = CassetteSession(path, "none", Scrubber())
    answers = await run(replay, NOWHERE)
    assert [a["params"] for a in answers] == [{"mail": "driver@fleet.test"}] * 2 + [{"n": 2}]
    index = replay.replay_index
    assert index is not None
    assert index.shortcut_hits >= 2
    bodies = [json.loads(body) for _request, _status, body, _extra in replay.answers()]
    # the journal keeps the answers as the file holds them
    assert [b["params"] for b in bodies[1:]] == [{"mail": "user1@example.com"}] * 2 + [{"n": 2}]


@pytest.mark.parametrize("frozen_by_user", [False, True])
async def test_opening_leaves_the_collector_and_a_users_freeze_as_they_were(
    tiny_server: TinyServer, tmp_path: Path, frozen_by_user: bool
) -> None:
    path = tmp_path / "c.json"
    await _record(path, tiny_server)
    cycle: list[Any] = []
    cycle.append(cycle)  # cyclic garbage from before the opening
    gone = weakref.ref(_Cyclic(cycle))
    if frozen_by_user:
        gc.freeze()
    frozen = gc.get_freeze_count()
    replay = CassetteSession(path, "none", Scrubber())
    try:
        replay.start()
        replay.stop()
        assert gc.isenabled()
        if frozen_by_user:
            # neither unfrozen (0) nor frozen further (more); a frozen object that its
            # refcount frees meanwhile (another thread's) lowers the count, which is no change
            assert 0 < gc.get_freeze_count() <= frozen
        else:
            assert gc.get_freeze_count() == 0
    finally:
        if frozen_by_user:
            gc.unfreeze()
    del cycle
    gc.collect()
    assert gone() is None


class _Cyclic:
    def __init__(self, other: Any) -> None:
        self.me = self
        self.other = other
