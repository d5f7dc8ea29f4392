"""Routing AVL events to handlers: first accepting handler wins, one worker per handler.

Handlers are tried in registration order; the first whose filter accepts an event gets it
and the event goes no further. Each handler owns a FIFO queue and one worker task, started
at its first event, so a slow handler delays only its own events and never runs more than
one callback at a time. Dispatch itself does no logging and creates no task per event: it
is a loop of filter calls and queue appends (a benchmark pushes 100,000 events through it).
Filters made by :func:`filters.items` are not even called: dispatch keeps, per item id, the
handlers that can take it, and skips the others. Every thousand events queued, dispatch
gives the loop one turn so the workers keep up (see :meth:`EventDispatcher.dispatch`).

Besides handlers, *waiters* (``wait_for_event``) see every event before the handlers do,
without taking it from them.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterable
from typing import Any, Final

from .filters import item_ids_of
from .handler import AvlEventCallback, AvlEventFilter, AvlEventHandler, log
from .types import AvlEvent

__all__ = ["AvlEventCallback", "AvlEventFilter", "AvlEventHandler", "EventDispatcher"]

_MAX_ROUTES: Final = 100_000  # item ids whose routes are kept; past that they are rebuilt
_YIELD_EVERY: Final = 1_000  # events queued between two turns given to the workers


def _resetter(handler: AvlEventHandler) -> Callable[[asyncio.Task[None]], None]:
    def reset(_task: asyncio.Task[None]) -> None:
        handler.reset()

    return reset


class _Waiter:
    __slots__ = ("future", "predicate")

    def __init__(self, predicate: Callable[[AvlEvent], bool], future: asyncio.Future[AvlEvent]):
        self.predicate = predicate
        self.future = future


class EventDispatcher:
    """The ordered handler list of one client, plus one-shot waiters."""

    def __init__(self) -> None:
        self._handlers: list[AvlEventHandler] = []
        self._snapshot: tuple[AvlEventHandler, ...] = ()
        # per item id, the handlers to try and the filter to call (None: taken unasked)
        self._routes: dict[int, tuple[tuple[AvlEventHandler, Any], ...]] = {}
        self._routed_filters: tuple[Any, ...] = ()
        self._once_marks: set[Callable[..., Any]] = set()
        self._retired: set[AvlEventHandler] = set()
        self._waiters: list[_Waiter] = []
        self._budget = _YIELD_EVERY  # events to queue before dispatch lets the workers run

    # -- registration -------------------------------------------------------------------

    @property
    def handlers(self) -> tuple[AvlEventHandler, ...]:
        """Registered handlers in the order they are tried."""
        return self._snapshot

    def register(
        self,
        callback: AvlEventCallback,
        filter: AvlEventFilter | None = None,  # py-aiowialon names it so
        *,
        name: str | None = None,
        once: bool = False,
    ) -> AvlEventHandler:
        """Add a handler at the end of the list; names must be unique (KeyError otherwise)."""
        once = once or callback in self._once_marks
        self._once_marks.discard(callback)
        handler = AvlEventHandler(callback, filter, name=name, once=once)
        if any(h.name == handler.name for h in self._handlers):
            raise KeyError(f"an AVL event handler named {handler.name!r} is already registered")
        self._handlers.append(handler)
        self._snapshot = tuple(self._handlers)
        return handler

    def mark_once(self, callback: Callable[..., Any]) -> None:
        """Make ``callback``'s handler (now, or when it registers later) take a single event."""
        for handler in self._handlers:
            if handler.callback is callback:
                handler.once = True
                return
        self._once_marks.add(callback)

    def find(self, name_or_callback: str | Callable[..., Any]) -> AvlEventHandler | None:
        """The registered handler with that name or callback, if any."""
        for handler in self._handlers:
            if handler.name == name_or_callback or handler.callback is name_or_callback:
                return handler
        return None

    def remove(self, name_or_callback: str | Callable[..., Any]) -> AvlEventHandler:
        """Unregister a handler; events already queued for it are still processed."""
        handler = self.find(name_or_callback)
        if handler is None:
            raise KeyError(f"no AVL event handler {name_or_callback!r}")
        self._retire(handler)
        return handler

    def _retire(self, handler: AvlEventHandler) -> None:
        self._handlers.remove(handler)
        self._snapshot = tuple(self._handlers)
        self._routes = {}
        self._routed_filters = tuple(h.filter for h in self._snapshot)
        handler.close()
        worker = handler.worker
        if worker is not None and not worker.done():
            self._retired.add(handler)
            worker.add_done_callback(lambda _t: self._retired.discard(handler))

    # -- dispatch -----------------------------------------------------------------------

    def _route(self, item_id: int) -> tuple[tuple[AvlEventHandler, Any], ...]:
        plan: list[tuple[AvlEventHandler, Any]] = []
        for handler in self._snapshot:
            check = handler.filter
            ids = item_ids_of(check)
            if ids is None:
                plan.append((handler, check))
                if check is None:
                    break  # takes everything: the handlers after it never see this item
            elif item_id in ids:
                plan.append((handler, None))
        if len(self._routes) >= _MAX_ROUTES:
            self._routes.clear()
        route = self._routes[item_id] = tuple(plan)
        return route

    def _current_routes(self) -> dict[int, tuple[tuple[AvlEventHandler, Any], ...]]:
        filters = tuple(h.filter for h in self._snapshot)
        if filters != self._routed_filters:
            # handlers came or went, or a filter was replaced: the plans are stale
            self._routes.clear()
            self._routed_filters = filters
        return self._routes

    async def dispatch(self, events: Iterable[AvlEvent]) -> int:
        """Route events to handlers and waiters; returns how many a handler took.

        Every ``_YIELD_EVERY`` events taken (counted across calls) it gives the loop one turn,
        so the workers run what was queued before more is routed: the queues stay bounded
        when a caller dispatches faster than it awaits anything else, and the garbage
        collector never walks a backlog of queued events (in a benchmark dispatching 100
        replies back to back, that walk was a third of the time). Routing picks up handler
        changes made during that turn.
        """
        routes = self._current_routes()
        snapshot = self._snapshot
        budget = self._budget
        taken = 0
        for event in events:
            if self._waiters:
                self._feed_waiters(event)
            if self._snapshot is not snapshot:  # an async filter (re)registered handlers
                routes, snapshot = self._current_routes(), self._snapshot
            item_id = event._i  # read at parse time; building event.data is not needed here
            route = routes.get(item_id)
            if route is None:
                route = self._route(item_id)
            for handler, check in route:
                if check is not None:
                    try:
                        ok = check(event)
                        if ok.__class__ is not bool and inspect.isawaitable(ok):
                            ok = await ok
                    except Exception as exc:
                        log.error("AVL event filter of %s raised %r", handler.name, exc)
                        continue
                    if not ok:
                        continue
                if handler.closed and handler.filter is not None:
                    continue
                # handler.put, inlined: this line runs once per event
                if handler._worker is None or handler._wake is not None:
                    handler.put(event)
                else:
                    handler._queue.append(event)
                taken += 1
                if handler.once:
                    self._retire(handler)
                    routes, snapshot = self._routes, self._snapshot
                budget -= 1
                if not budget:
                    await asyncio.sleep(0)
                    budget = _YIELD_EVERY
                    routes, snapshot = self._current_routes(), self._snapshot
                break
        self._budget = budget
        return taken

    def is_worker(self, task: asyncio.Task[Any] | None) -> bool:
        """Whether ``task`` is the worker of one of the handlers."""
        if task is None:
            return False
        return any(h.worker is task for h in (*self._handlers, *self._retired))

    # -- waiters ------------------------------------------------------------------------

    @property
    def waiting(self) -> int:
        """How many waiters are still waiting."""
        return sum(1 for w in self._waiters if not w.future.done())

    def add_waiter(self, predicate: Callable[[AvlEvent], bool]) -> asyncio.Future[AvlEvent]:
        """A future resolved with the first later event that ``predicate`` accepts."""
        future: asyncio.Future[AvlEvent] = asyncio.get_running_loop().create_future()
        self._waiters.append(_Waiter(predicate, future))
        return future

    def discard_waiter(self, future: asyncio.Future[AvlEvent]) -> None:
        """Forget a waiter (after a timeout or cancellation)."""
        self._waiters = [w for w in self._waiters if w.future is not future]

    def feed_waiters(self, events: Iterable[AvlEvent]) -> None:
        """Show events to waiters only (used when no polling loop runs the handlers)."""
        for event in events:
            if not self._waiters:
                return
            self._feed_waiters(event)

    def _feed_waiters(self, event: AvlEvent) -> None:
        keep: list[_Waiter] = []
        for waiter in self._waiters:
            if waiter.future.done():
                continue
            try:
                hit = waiter.predicate(event)
            except Exception as exc:
                log.error("wait_for_event predicate raised %r", exc)
                hit = False
            if hit:
                waiter.future.set_result(event)
            else:
                keep.append(waiter)
        self._waiters = keep

    # -- shutdown -----------------------------------------------------------------------

    def _all_handlers(self) -> list[AvlEventHandler]:
        return [*self._handlers, *self._retired]

    async def stop_workers(self, grace: float = 5.0) -> None:
        """End every worker: queued events get ``grace`` seconds, then workers are cancelled.

        Registered handlers stay registered and start a new worker on their next event.
        The calling task is never waited for (a handler may be the one stopping polling).
        """
        current = asyncio.current_task()
        handlers = self._all_handlers()
        for handler in handlers:
            handler.close()
        workers = [h.worker for h in handlers if h.worker is not None and h.worker is not current]
        if workers:
            _done, pending = await asyncio.wait(workers, timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                log.warning("cancelled %d handlers still busy after %ss", len(pending), grace)
                await asyncio.wait(pending)
        for handler in self._handlers:
            worker = handler.worker
            if worker is current and worker is not None:
                # the handler stopping polling: ready again once its callback returns
                worker.add_done_callback(_resetter(handler))
            else:
                handler.reset()
        self._retired.clear()

    async def cancel_workers(self) -> None:
        """Cancel every worker now (dropping queued events) and wait until they are gone."""
        current = asyncio.current_task()
        handlers = self._all_handlers()
        workers = [
            h.worker
            for h in handlers
            if h.worker is not None and not h.worker.done() and h.worker is not current
        ]
        for handler in handlers:
            if handler.worker is not current:
                handler.cancel()
        if workers:
            await asyncio.wait(workers)
        for handler in self._handlers:
            if handler.worker is not current:
                handler.reset()
        self._retired.clear()
