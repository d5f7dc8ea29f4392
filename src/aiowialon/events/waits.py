"""Waiting for one AVL event: ``wait_for_event`` and ``upload_and_wait``.

With a polling loop running, the loop shows every event to the waiters; without one, the
waiting call polls ``avl_evts`` itself about once a second (times ``polling_delay_factor``).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..calls import MultipartField
from ..errors import WialonRequestLimitExceededError, WialonTimeoutError, WialonTransportError
from .dispatch import EventDispatcher
from .handler import log
from .types import AvlEvent, parse_avl_events

if TYPE_CHECKING:
    from ..calls import Call

__all__ = ["WaitMixin"]

_SELF_POLL_INTERVAL = 1.0  # avl_evts is limited to 10 calls per 10 s per session


class _Host(Protocol):
    async def avl_evts(self) -> Any: ...

    def call(self, svc: str, **params: Any) -> Call[Any]: ...

    def multipart(self, call: Call[Any], *fields: MultipartField) -> Awaitable[Any]: ...


class WaitMixin:
    """Event waits, mixed into ``Wialon`` through :class:`~aiowialon.events.PollingMixin`."""

    _dispatcher: EventDispatcher
    _polling_stop: asyncio.Event | None
    _delay_factor: float

    def __init__(self) -> None:
        super().__init__()
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
            call = cast(_Host, self).call(call.service, **{**params, "eventHash": event_hash})
        if not any(f.name == "eventHash" for f in fields):
            fields = (*fields, MultipartField("eventHash", event_hash))
        expected = event_hash
        future = self._dispatcher.add_waiter(lambda e: e.data.upload_hash == expected)
        try:
            await cast(_Host, self).multipart(call, *fields)
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
            if self._polling_stop is not None:
                # the loop feeds waiters; look again now and then in case it stops
                await asyncio.wait((future,), timeout=_SELF_POLL_INTERVAL)
                continue
            if self._self_poll_lock is None:
                self._self_poll_lock = asyncio.Lock()
            async with self._self_poll_lock:
                if not future.done() and self._polling_stop is None:
                    try:
                        reply = await cast(_Host, self).avl_evts()
                    except (WialonTransportError, WialonRequestLimitExceededError) as exc:
                        # transient: the overall timeout bounds the retries
                        log.debug("avl_evts while waiting failed: %s", _describe(exc))
                    else:
                        self._dispatcher.feed_waiters(parse_avl_events(reply))
            if not future.done():
                pause = _SELF_POLL_INTERVAL * self._delay_factor
                if pause > 0:
                    await asyncio.wait((future,), timeout=pause)
                else:
                    await asyncio.sleep(0)
        return future.result()


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
