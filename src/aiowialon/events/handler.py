"""One event handler: a callback, its optional filter, and the FIFO queue and worker task that
feed it, so a slow handler delays only its own events and never runs two callbacks at once.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Final

from .types import AvlEvent

__all__ = ["AvlEventCallback", "AvlEventFilter", "AvlEventHandler"]

log = logging.getLogger("aiowialon.events")

AvlEventCallback = Callable[[AvlEvent], Awaitable[Any]]
"""An async function that processes one event."""

AvlEventFilter = Callable[[AvlEvent], bool | Awaitable[bool]]
"""A sync or async predicate that decides whether a handler takes an event."""

_STOP: Final = object()  # queue sentinel: the worker ends after the events before it


def _callable_name(func: Any) -> str:
    name = getattr(func, "__name__", None)
    return name if isinstance(name, str) else repr(func)


class AvlEventHandler:
    """A callback, its optional filter, and the queue and worker that feed it."""

    __slots__ = ("_queue", "_wake", "_worker", "callback", "closed", "filter", "name", "once")

    def __init__(
        self,
        callback: AvlEventCallback,
        filter: AvlEventFilter | None = None,  # py-aiowialon names it so
        *,
        name: str | None = None,
        once: bool = False,
    ) -> None:
        if not callable(callback):
            raise TypeError(f"AVL event callback must be callable, got {callback!r}")
        if filter is not None and not callable(filter):
            raise TypeError(f"AVL event filter must be callable or None, got {filter!r}")
        self.callback = callback
        self.filter = filter
        self.name = name or _callable_name(callback)
        self.once = once
        self.closed = False
        # a deque and a wake-up future cost a fraction of an asyncio.Queue per event
        self._queue: deque[Any] = deque()
        self._wake: asyncio.Future[None] | None = None
        self._worker: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"<AvlEventHandler {self.name} once={self.once} pending={len(self._queue)}>"

    @property
    def pending(self) -> int:
        """Events queued and not yet taken by the worker."""
        return len(self._queue)

    @property
    def worker(self) -> asyncio.Task[None] | None:
        """The worker task, once the first event started it."""
        return self._worker

    def put(self, event: AvlEvent) -> None:
        """Queue one event (starting the worker on the first one)."""
        self._queue.append(event)
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(
                self._run(), name=f"aiowialon avl handler {self.name}"
            )
        else:
            self._wakeup()

    def _wakeup(self) -> None:
        wake = self._wake
        if wake is not None:
            self._wake = None
            if not wake.done():
                wake.set_result(None)

    def __call__(self, event: AvlEvent) -> bool:
        """Queue ``event`` if the filter takes it; True when it was queued.

        The synchronous entry point py-aiowialon's handlers offer. The client's own dispatch
        also awaits async filters; here an async filter is a ``TypeError``.
        """
        if self.filter is not None:
            verdict = self.filter(event)
            if inspect.isawaitable(verdict):
                if inspect.iscoroutine(verdict):
                    verdict.close()  # never awaited: close it so no warning escapes
                raise TypeError(
                    f"handler {self.name}: an async filter cannot be applied synchronously"
                )
            if not verdict:
                return False
        self.put(event)
        return True

    def cleanup(self) -> None:
        """py-aiowialon's name for :meth:`cancel`: stop the worker, drop queued events."""
        self.cancel()

    def close(self) -> None:
        """Let the worker finish the queued events and then end."""
        self.closed = True
        if self._worker is not None and not self._worker.done():
            self._queue.append(_STOP)
            self._wakeup()

    def cancel(self) -> None:
        """End the worker now, dropping queued events."""
        self.closed = True
        if self._worker is not None:
            self._worker.cancel()
        dropped = len(self._queue)
        self._queue = deque()
        self._wake = None
        if dropped:
            log.debug("handler %s dropped %d queued events", self.name, dropped)

    def reset(self) -> None:
        """Ready to take events again after its worker ended (a new polling run)."""
        self.closed = False
        self._worker = None
        self._queue = deque()
        self._wake = None

    async def _run(self) -> None:
        queue = self._queue
        take = queue.popleft
        callback = self.callback
        while True:
            if not queue:
                self._wake = asyncio.get_running_loop().create_future()
                await self._wake
                continue
            event = take()
            if event is _STOP:
                return
            try:
                await callback(event)
            except Exception as exc:
                log.error(
                    "AVL event handler %s failed on event i=%s t=%s: %s: %s",
                    self.name,
                    event.data.i,
                    event.data.t,
                    type(exc).__name__,
                    exc,
                )
                log.debug("traceback of the %s failure", self.name, exc_info=exc)
