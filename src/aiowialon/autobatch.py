"""Automatic batching: calls awaited at the same moment leave as one ``core/batch``.

``asyncio.gather`` of 100 calls under the default 10 requests/s takes about 9 s when each call
is its own request. With ``Wialon(auto_batch=True)`` every batchable call awaited during one
turn of the event loop joins a queue; at the end of that turn the queue leaves as one
``core/batch`` (or as the plain call, when it holds only one), and each caller gets its own
answer or its own error, exactly as if it had been sent alone.

Calls that are never batched: uploads, calls with their own timeout (``wait``), services the
table marks as not batchable (login, logout, heavy exclusive calls, ``core/batch`` itself), and
every call made while a ``session_lock`` is held, so exclusive work keeps its meaning.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from .calls import Call
from .errors import WialonInvalidResult, error_from_response
from .services import is_batchable
from .transport import Transport

__all__ = ["AutoBatcher"]

_log = logging.getLogger("aiowialon.autobatch")

#: Sends one call; the second argument is the transport epoch the call was made in.
Sender = Callable[[Call[Any], int], Awaitable[Any]]
_Pending = tuple[Call[Any], "asyncio.Future[Any]"]


def _private_copy(exc: BaseException) -> BaseException:
    """A copy of ``exc`` for one caller, so tracebacks of different tasks do not pile up."""
    try:
        return copy.copy(exc)
    except Exception:  # an exception type that cannot be copied: share it
        return exc


class AutoBatcher:
    """Collects calls for one event-loop turn and sends them as one ``core/batch``.

    ``send`` is the client's direct path for one call (answer checked, errors raised);
    ``post`` sends a call and returns the raw decoded answer, for the batch itself. At most
    ``max_items`` calls go into one batch; a full queue leaves at once.
    """

    def __init__(
        self, send: Sender, post: Sender, max_items: int = 50, transport: Transport | None = None
    ) -> None:
        if max_items < 2:
            raise ValueError("auto_batch_size must be at least 2")
        self._send = send
        self._post = post
        self._max_items = max_items
        self._pending: list[_Pending] = []
        self._transport = transport
        # The transport's close count when the queued calls were made: a close() before
        # the batch leaves makes them fail instead of re-opening the HTTP session.
        self._epoch = 0
        self._scheduled = False
        self._tasks: set[asyncio.Task[None]] = set()

    @staticmethod
    def accepts(call: Call[Any]) -> bool:
        """Whether ``call`` may wait for a batch (the lock is the client's to check)."""
        return not call.files and call.timeout is None and is_batchable(call.service)

    async def submit(self, call: Call[Any]) -> Any:
        """Queue ``call`` for the batch of this loop turn and wait for its own answer."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        if not self._pending and self._transport is not None:
            self._epoch = self._transport.epoch
        self._pending.append((call, future))
        if len(self._pending) >= self._max_items:
            self._launch(loop)
        elif not self._scheduled:
            self._scheduled = True
            # call_soon runs after every task already ready in this turn, so the calls of
            # one asyncio.gather all get queued before the batch leaves.
            loop.call_soon(self._launch, loop)
        return await future

    def _launch(self, loop: asyncio.AbstractEventLoop) -> None:
        self._scheduled = False
        batch, self._pending = self._pending, []
        if not batch:
            return
        task = loop.create_task(self._flush(batch, self._epoch))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _flush(self, batch: list[_Pending], epoch: int) -> None:
        live = [(call, future) for call, future in batch if not future.done()]
        if len(live) <= 1:
            await asyncio.gather(*(self._alone(call, future, epoch) for call, future in live))
            return
        calls = [call for call, _ in live]
        _log.debug("auto-batching %d calls", len(calls))
        batch_call: Call[Any] = Call(
            lambda item: self._post(item, epoch),
            "core/batch",
            {"params": [call.batch_item() for call in calls], "flags": 0},
        )
        try:
            answers = await self._post(batch_call, epoch)
        except TypeError:
            # One call's params cannot be encoded; let each call succeed or fail on its own.
            await asyncio.gather(*(self._alone(call, future, epoch) for call, future in live))
            return
        except asyncio.CancelledError:
            for _, future in live:
                future.cancel()
            raise
        except Exception as exc:  # a transport error: every caller gets it
            for _, future in live:
                if not future.done():
                    future.set_exception(_private_copy(exc))
            return
        self._settle(live, answers)

    @staticmethod
    def _settle(live: list[_Pending], answers: Any) -> None:
        whole = error_from_response("core/batch", answers)
        if whole is not None:
            _log.debug("auto-batch of %d calls failed: %s", len(live), whole)
        elif not isinstance(answers, list) or len(answers) != len(live):
            _log.debug("auto-batch answer does not match its %d calls", len(live))
        for index, (call, future) in enumerate(live):
            if future.done():
                continue
            if whole is not None:
                # e.g. {"error":1}: each caller sees the error under its own call's name
                future.set_exception(error_from_response(call.service, answers) or whole)
            elif not isinstance(answers, list) or len(answers) != len(live):
                future.set_exception(
                    WialonInvalidResult(
                        "the auto-batch answer does not match its calls", call.service, answers
                    )
                )
            else:
                answer = answers[index]
                error = error_from_response(call.service, answer)
                if error is None:
                    future.set_result(answer)
                else:
                    _log.debug("%s failed: %s", call.service, error)
                    future.set_exception(error)

    async def _alone(self, call: Call[Any], future: asyncio.Future[Any], epoch: int) -> None:
        try:
            result = await self._send(call, epoch)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            if not future.done():
                future.set_exception(exc)
        else:
            if not future.done():
                future.set_result(result)
