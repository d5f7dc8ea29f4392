"""The path every request takes: a chain of stages, each of which calls only the next one.

::

    Wialon ─> AutoBatch ─> Check ─> Limits ─> Wire ─> Transport
              (optional)

* ``AutoBatch`` (:mod:`aiowialon.autobatch`, with ``auto_batch=True``): batchable calls
  awaited in one event-loop turn leave as one ``core/batch`` sent through ``Check``.
* :class:`Check`: an error answer becomes its exception (failed batch items a
  ``WialonBatchError``); the client's hooks hear about lost sessions and data-flag
  registrations.
* :class:`Limits`: the session lock (``@wialon.session_lock``), the rate limiter and the cap on
  requests in flight. The request is encoded only once it may leave, so one that waited
  carries the session id of that moment.
* :class:`Wire`: refuses a request made before the client was closed, and hands it to the
  :class:`~aiowialon.transport.Transport` (aiohttp unless the client was given another).

A stage holds the next one and nothing of the client: what it needs of the client's state (the
session id, the timeout) it gets as small functions, so the stages can be tested and replaced
one by one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiolimiter import AsyncLimiter

from ._options import limiter as make_limiter
from .calls import Call
from .errors import (
    WialonConnectionError,
    WialonInvalidSession,
    WialonTransportError,
    error_from_response,
)
from .lock import SessionLock
from .logs import mask
from .transport import Request, Transport
from .wire import FORM_HEADERS, batch_errors, form_body, multipart_body, query_string

__all__ = ["Check", "Hooks", "Limits", "Wire"]

_log = logging.getLogger("aiowialon.client")

#: Builds the request at the moment it may leave.
Encoder = Callable[[], Request]


def _ignore(*_: Any) -> None:
    return None


@dataclass
class Hooks:
    """What the client wants to hear from the send path (the polling side listens)."""

    #: a call met error 1 (invalid session) while carrying this session id
    session_lost: Callable[[str | None], None] = _ignore
    #: ``core/update_data_flags`` answered: (its params, its answer)
    registered: Callable[[Any, Any], None] = _ignore


class Wire:
    """The last stage: the close guard, then the transport."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    @property
    def epoch(self) -> int:
        """The transport's close count (0 for a transport that does not keep one)."""
        epoch = getattr(self.transport, "epoch", 0)
        return epoch if isinstance(epoch, int) else 0

    async def send(self, request: Request, epoch: int | None) -> Any:
        """Send ``request``, unless the transport was closed since ``epoch`` was read."""
        if epoch is not None and epoch != self.epoch:
            # A call queued before close() must not quietly open a session nobody closes.
            raise WialonConnectionError(
                "the client was closed while this call waited to be sent", action_name=request.name
            )
        try:
            return await self.transport.send(request)
        except WialonTransportError as exc:
            _log.debug("%s failed: %s", request.name, exc)
            raise

    def forget_session(self) -> None:
        """Tell the transport its event loop has ended, when it wants to know."""
        forget = getattr(self.transport, "forget_session", None)
        if callable(forget):
            forget()

    async def close(self) -> None:
        await self.transport.close()


class Limits:
    """The session lock, the rate limit and the in-flight cap, around the next stage."""

    def __init__(
        self, wire: Wire, lock: SessionLock, rps: float | None, max_concurrency: int
    ) -> None:
        self._next = wire
        self.lock = lock
        self._rps = rps
        self._max_concurrency = max_concurrency
        self._limiter: AsyncLimiter | None = make_limiter(rps)
        self._semaphore = asyncio.Semaphore(max_concurrency)

    def rebuild(self) -> None:
        """New limiter and semaphore, for a new event loop (the old ones are bound to theirs)."""
        self._limiter = make_limiter(self._rps)
        self._semaphore = asyncio.Semaphore(self._max_concurrency)

    async def send(self, name: str, encode: Encoder, epoch: int | None = None) -> Any:
        """Wait for the lock, a rate slot and an in-flight slot; then encode and send."""
        if epoch is None:
            epoch = self._next.epoch
        lock = self.lock
        if lock.locked:
            await lock.wait_turn()
        # Counted before any await, so an exclusive function that starts meanwhile waits for
        # this request instead of running beside it.
        lock.started()
        try:
            if self._limiter is not None:
                await self._limiter.acquire()
            async with self._semaphore:
                request = encode()
                if _log.isEnabledFor(logging.DEBUG):
                    # the query string of a multipart URL holds the sid: leave it out
                    where = request.url.partition("?")[0]
                    _log.debug("-> %s %s sid=%s", name, where, mask(request.sid))
                return await self._next.send(request, epoch)
        finally:
            lock.finished()


class Check:
    """Encodes calls for :class:`Limits` and turns error answers into exceptions."""

    def __init__(
        self,
        limits: Limits,
        base_url: str,
        sid: Callable[[], str | None],
        timeout: Callable[[], float],
        hooks: Hooks,
    ) -> None:
        self._next = limits
        self._api_url = base_url + "/wialon/ajax.html"
        self._sid = sid
        self._timeout = timeout
        self.hooks = hooks

    def encode(self, call: Call[Any]) -> Request:
        """The request of ``call``, with the session id of this moment."""
        svc = call.service
        sid = self._sid()
        timeout = self._timeout() if call.timeout is None else call.timeout
        try:
            if call.files:
                url = self._api_url + query_string(svc, sid)
                body: Any = multipart_body(call.params, call.files)
                headers = None
            else:
                url, body, headers = self._api_url, form_body(svc, call.params, sid), FORM_HEADERS
        except (TypeError, ValueError, LookupError) as exc:
            # Not JSON-serialisable params, or a multipart value aiohttp cannot send.
            raise TypeError(f"the request of {svc} cannot be encoded: {exc}") from exc
        return Request(svc, url, body, headers, timeout, sid, svc, call.params, call.files)

    async def send(self, call: Call[Any], epoch: int | None = None) -> Any:
        """Send one call and check its answer: an error body becomes its exception."""
        svc = call.service
        sid = self._sid()
        answer = await self._next.send(svc, lambda: self.encode(call), epoch)
        error = error_from_response(svc, answer)
        if error is None:
            if svc == "core/batch":
                error = batch_errors(call.params, answer)
            elif svc == "core/update_data_flags":
                self.hooks.registered(call.params, answer)
        if error is not None:
            # The caller gets the exception; a WARNING too would say it twice (httpx and
            # aiohttp do not log what they raise either).
            _log.debug("%s failed: %s", svc, error)
            if isinstance(error, WialonInvalidSession):
                self.hooks.session_lost(sid)
            raise error
        return answer

    async def request(self, name: str, url: str, payload: Any, timeout: float | None) -> Any:
        """Send ``payload`` as it is to ``url`` and check the answer like a call's."""
        seconds = self._timeout() if timeout is None else timeout

        def encode() -> Request:
            return Request(name, url, payload, None, seconds, self._sid())

        answer = await self._next.send(name, encode)
        error = error_from_response(name, answer)
        if error is not None:
            _log.debug("%s failed: %s", name, error)
            raise error
        return answer
