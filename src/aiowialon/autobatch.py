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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .calls import Call
from .errors import WialonError, WialonInvalidResult, WialonInvalidSession, error_from_response
from .services import is_batchable

if TYPE_CHECKING:
    from .chain import Check, Hooks
    from .lock import SessionLock

__all__ = ["AutoBatcher"]

_log = logging.getLogger("aiowialon.autobatch")

_Pending = tuple[Call[Any], "asyncio.Future[Any]"]


def _private_copy(exc: BaseException) -> BaseException:
    """A copy of ``exc`` for one caller, so tracebacks of different tasks do not pile up."""
    try:
        return copy.copy(exc)
    except Exception:  # an exception type that cannot be copied: share it
        return exc


class AutoBatcher:
    """The first stage of the send chain (:mod:`aiowialon.chain`) with ``auto_batch=True``.

    Collects the calls of one event-loop turn and sends them as one ``core/batch`` through
    the next stage, ``check``; a call that may not wait (see the module docstring, and every
    call while ``lock`` is held) goes to ``check`` alone at once. At most ``max_items`` calls
    go into one batch; a full queue leaves at once. ``epoch`` reads the transport's close
    count, ``sid`` the session id; ``hooks`` hear what ``check`` would have told them of
    calls sent alone.
    """

    def __init__(
        self,
        check: Check,
        lock: SessionLock,
        max_items: int = 50,
        *,
        epoch: Callable[[], int],
        sid: Callable[[], str | None],
        hooks: Hooks,
    ) -> None:
        if max_items < 2:
            raise ValueError("auto_batch_size must be at least 2")
        self._next = check
        self._lock = lock
        self._max_items = max_items
        self._read_epoch = epoch
        self._sid = sid
        self._hooks = hooks
        self._pending: list[_Pending] = []
        # The transport's close count when the queued calls were made: a close() before
        # the batch leaves makes them fail instead of re-opening the HTTP session.
        self._epoch = 0
        self._scheduled = False
        self._tasks: set[asyncio.Task[None]] = set()

    async def send(self, call: Call[Any]) -> Any:
        """Send ``call`` in the batch of this loop turn, or alone when it may not wait."""
        if self._lock.locked or not self.accepts(call):
            return await self._next.send(call)
        sid = self._sid()
        try:
            answer = await self.submit(call)
        except WialonInvalidSession:
            self._hooks.session_lost(sid)
            raise
        if call.service == "core/update_data_flags":
            self._hooks.registered(call.params, answer)
        return answer

    @staticmethod
    def accepts(call: Call[Any]) -> bool:
        """Whether ``call`` may wait for a batch (the lock is the client's to check)."""
        return not call.files and call.timeout is None and is_batchable(call.service)

    async def submit(self, call: Call[Any]) -> Any:
        """Queue ``call`` for the batch of this loop turn and wait for its own answer."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        if not self._pending:
            self._epoch = self._read_epoch()
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
            self._next.send,
            "core/batch",
            {"params": [call.batch_item() for call in calls], "flags": 0},
        )
        try:
            answers = await self._next.send(batch_call, epoch)
        except WialonError as exc:
            # The next stage turned the answer into one exception (a failed item, error 1
            # for the whole batch, a wrong shape); each caller gets its own part of it.
            answers = exc.result
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
            result = await self._next.send(call, epoch)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            if not future.done():
                future.set_exception(exc)
        else:
            if not future.done():
                future.set_result(result)
