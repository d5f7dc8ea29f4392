"""The polling loop as a collaborator: ``EventPoller`` needs only a ``PollingClient``.

The poller reaches its client through public calls (login, logout, avl_evts, call, batch,
multipart, session_lock, the polling settings), so it runs over any object that has them,
and a ``Wialon`` subclass that overrides one of them is what the loop goes through.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiowialon import Wialon
from aiowialon.calls import Call, MultipartField
from aiowialon.events import AvlEvent, EventPoller
from aiowialon.lock import SessionLock
from aiowialon.testing import MockTransport
from aiowialon.transport import Request

SIDS = ["a" * 32, "b" * 32]


class Bare:
    """A PollingClient that is not a Wialon: two polls of events, then a -2 event."""

    polling_grace = 1.0
    polling_backoff_base: float | None = None
    polling_backoff_cap = 5.0
    polling_backoff_factor = 1.3
    polling_backoff_jitter = 0.1

    def __init__(self) -> None:
        self.sid: str | None = None
        self.logins: list[dict[str, Any]] = []
        self.polls = 0
        self.logged_out = False
        self._lock = SessionLock()

    async def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> Any:
        self.logins.append({"token": token, **params})
        self.sid = SIDS[len(self.logins) - 1]
        return {"eid": self.sid, "tm": 100}

    async def logout(self) -> Any:
        self.logged_out = True
        self.sid = None
        return {}

    async def avl_evts(self) -> Any:
        self.polls += 1
        if self.polls == 1:
            return {"tm": 101, "events": [{"i": 7, "t": "m", "d": {"t": 101, "tp": "ud"}}]}
        if self.polls == 2:
            return {"tm": 102, "events": [{"i": -2, "t": "", "d": {}}]}
        return {"tm": 103, "events": [{"i": 8, "t": "m", "d": {"t": 103, "tp": "ud"}}]}

    def call(self, action_name: str, /, **params: Any) -> Call[Any]:
        raise AssertionError(f"no call expected, got {action_name}")

    def batch(self, *calls: Call[Any], flags_: int = 0) -> Call[list[Any]]:
        raise AssertionError("no batch expected")

    def multipart(self, call: Call[Any], *fields: MultipartField) -> Call[Any]:
        raise AssertionError("no upload expected")

    @property
    def session_lock(self) -> Any:
        return self._lock.exclusive


async def test_the_poller_runs_over_any_polling_client() -> None:
    client = Bare()
    poller = EventPoller(client, lambda: {"token": "t", "appName": "again"})
    poller.delay_factor = 0.0
    seen: list[int] = []

    async def handler(event: AvlEvent) -> None:
        seen.append(event.data.i)
        if event.data.i == 8:
            await poller.stop()

    poller.dispatcher.register(handler, None, name="all", once=False)
    await asyncio.wait_for(poller.run(1, token="t"), 10)
    # the -2 event made it log in again with the login parameters it was given
    assert client.logins == [{"token": "t"}, {"token": "t", "appName": "again"}]
    assert seen == [7, -2, 8]
    assert client.logged_out
    assert not poller.running


class CountingWialon(Wialon):
    """A subclass whose own login the polling loop must go through."""

    logins = 0

    async def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> dict[str, Any]:
        self.logins += 1
        return await super().login(token, auth_hash, **params)


async def test_polling_logs_in_again_through_the_clients_own_login() -> None:
    polls = 0

    def server(request: Request) -> Any:
        nonlocal polls
        if request.service == "token/login":
            return {"eid": SIDS[0], "tm": 100, "user": {"id": 1, "nm": "me"}}
        if request.service == "core/logout":
            return {"error": 0}
        assert request.name == "avl_evts"
        polls += 1
        if polls == 2:
            return {"error": 1}  # the session died: the loop logs in again
        return {"tm": 100 + polls, "events": []}

    client = CountingWialon(token="t", transport=MockTransport(server))
    client.polling_delay_factor = 0.0

    async def stop_after_the_relogin() -> None:
        while polls < 3:
            await asyncio.sleep(0)
        await client.stop_polling()

    stopper = asyncio.ensure_future(stop_after_the_relogin())
    await asyncio.wait_for(client.start_polling(1), 10)
    await stopper
    assert client.logins == 2
    assert client.avl_event_poller.dispatcher is client.avl_event_dispatcher
    assert not client.is_polling
