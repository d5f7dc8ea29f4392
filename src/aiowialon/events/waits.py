"""Waiting for one AVL event: :class:`EventWaits` (``wait_for_event``, ``upload_and_wait``).

With a polling loop running, the loop shows every event to the waiters; without one, the
waiting call polls ``avl_evts`` itself about once a second (times ``polling_delay_factor``).
The :class:`~aiowialon.events.poller.EventPoller` of a client owns one.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from ..calls import Call, MultipartField
from ..errors import WialonRequestLimitExceededError, WialonTimeoutError, WialonTransportError
from .dispatch import EventDispatcher
from .handler import log
from .types import AvlEvent, parse_avl_events

__all__ = ["EventWaits", "WaitingClient", "describe"]

_SELF_POLL_INTERVAL = 1.0  # avl_evts is limited to 10 calls per 10 s per session


class WaitingClient(Protocol):
    """What the event waits use of their client: public calls only."""

    async def avl_evts(self) -> Any: ...

    def call(self, action_name: str, /, **params: Any) -> Call[Any]: ...

    def multipart(self, call: Call[Any], *fields: MultipartField) -> Awaitable[Any]: ...


class EventWaits:
    """The event waits of one client.

    :param client: what a wait polls and uploads through.
    :param dispatcher: holds the waiters; the polling loop, while it runs, feeds them.
    :param polling: whether the polling loop runs (then the waits do not poll themselves).
    :param delay_factor: the factor of the self-poll pause (``polling_delay_factor``).
    """

    def __init__(
        self,
        client: WaitingClient,
        dispatcher: EventDispatcher,
        polling: Callable[[], bool],
        delay_factor: Callable[[], float],
    ) -> None:
        self._client = client
        self._dispatcher = dispatcher
        self._polling = polling
        self._delay_factor = delay_factor
        self._self_poll_lock: asyncio.Lock | None = None

    # -- waiting for events -------------------------------------------------------------

    async def wait_for_event(
        self, predicate: Callable[[AvlEvent], bool], timeout: float = 30
    ) -> AvlEvent:
        """The next event ``predicate`` accepts (handlers still get it when polling runs).

        Without a running polling loop this polls ``avl_evts`` itself (and the other events
        it reads are seen by waiters only; transient failures are retried, an invalid
        session is raised). Raises ``WialonTimeoutError`` after ``timeout`` s.
        """
        future = self._dispatcher.add_waiter(predicate)
        return await self._wait_future(future, timeout, "avl_evts")

    async def upload_and_wait(
        self, call: Call[Any], *fields: MultipartField, timeout: float = 30
    ) -> AvlEvent:
        """Send a multipart call and wait for its ``-1`` completion event.

        The event is matched by ``eventHash``; a call without one gets a fresh hash. Returns
        the completion event (``event.data.d`` holds ``hash`` and, for imports, ``files``).
        """
        params = call.params if isinstance(call.params, dict) else {}
        event_hash = params.get("eventHash")
        if not isinstance(event_hash, str) or not event_hash:
            event_hash = f"aiowialon_{secrets.token_hex(8)}"
            call = self._client.call(call.service, **{**params, "eventHash": event_hash})
        if not any(f.name == "eventHash" for f in fields):
            fields = (*fields, MultipartField("eventHash", event_hash))
        expected = event_hash
        future = self._dispatcher.add_waiter(lambda e: e.data.upload_hash == expected)
        try:
            await self._client.multipart(call, *fields)
        except BaseException:
            self._dispatcher.discard_waiter(future)
            future.cancel()
            raise
        return await self._wait_future(future, timeout, call.service)

    async def _wait_future(
        self, future: asyncio.Future[AvlEvent], timeout: float, action: str
    ) -> AvlEvent:
        try:
            return await asyncio.wait_for(self._drive(future), timeout)
        except asyncio.TimeoutError:
            raise WialonTimeoutError(
                f"no matching AVL event within {timeout}s", action_name=action
            ) from None
        finally:
            self._dispatcher.discard_waiter(future)
            future.cancel()

    async def _drive(self, future: asyncio.Future[AvlEvent]) -> AvlEvent:
        while not future.done():
            if self._polling():
                # the loop feeds waiters; look again now and then in case it stops
                await asyncio.wait((future,), timeout=_SELF_POLL_INTERVAL)
                continue
            if self._self_poll_lock is None:
                self._self_poll_lock = asyncio.Lock()
            async with self._self_poll_lock:
                if not future.done() and not self._polling():
                    try:
                        reply = await self._client.avl_evts()
                    except (WialonTransportError, WialonRequestLimitExceededError) as exc:
                        # transient: the overall timeout bounds the retries
                        log.debug("avl_evts while waiting failed: %s", describe(exc))
                    else:
                        self._dispatcher.feed_waiters(parse_avl_events(reply))
            if not future.done():
                pause = _SELF_POLL_INTERVAL * self._delay_factor()
                if pause > 0:
                    await asyncio.wait((future,), timeout=pause)
                else:
                    await asyncio.sleep(0)
        return future.result()


def describe(exc: BaseException) -> str:
    """``Type: message`` of an exception, for the warnings of the loop and the waits."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
