"""Exclusive use of a Wialon session for one piece of work (``@wialon.session_lock``).

Some Wialon calls (reports, message loading, rendering, exchange) must not run beside other
requests of the same session. ``SessionLock.exclusive`` wraps a coroutine function so that,
while it runs, it owns the session:

* before it starts, requests already in flight finish, and new ones from elsewhere wait;
* requests made inside it go straight through. Ownership lives in a context variable, so it
  also covers tasks the owner spawns (``asyncio.gather``, ``create_task``): they copy the
  owner's context and count as part of the exclusive work;
* a locked function that calls another locked function (directly or from a spawned task)
  does not deadlock: it is already the owner and simply runs;
* when it ends, waiting requests go on, and the next locked function (if any) takes over.

A task spawned inside the locked function that outlives it loses ownership when the
function returns: from then on its requests wait like everyone else's.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from typing import Any, ParamSpec, Protocol, TypeVar

__all__ = ["LockDecorator", "SessionLock"]

P = ParamSpec("P")
T = TypeVar("T")


class LockDecorator(Protocol):
    """The type of ``wialon.session_lock``: keeps the decorated function's signature."""

    def __call__(
        self, func: Callable[P, Awaitable[T]], /
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...


class _Owner:
    """A unique marker of one exclusive run."""

    __slots__ = ()


class SessionLock:
    """Keeps requests out of the session while an exclusive function runs.

    The client calls ``wait_turn()`` before each request and ``started()``/``finished()``
    around it; users only meet ``exclusive`` (as ``@wialon.session_lock``).
    """

    def __init__(self) -> None:
        self._mutex: asyncio.Lock | None = None
        self._holder: _Owner | None = None
        self._released: asyncio.Event | None = None
        self._drained: asyncio.Event | None = None
        self._in_flight = 0
        # One variable per lock, so two clients never see each other's ownership.
        self._owner: ContextVar[_Owner | None] = ContextVar(
            f"aiowialon_session_owner_{id(self)}", default=None
        )

    @property
    def locked(self) -> bool:
        """True while an exclusive function runs."""
        return self._holder is not None

    def owned(self) -> bool:
        """True when the running code is the exclusive function (or was spawned by it)."""
        holder = self._holder
        return holder is not None and self._owner.get() is holder

    async def wait_turn(self) -> None:
        """Return once the running code may send a request."""
        while self._holder is not None and self._owner.get() is not self._holder:
            if self._released is None:
                self._released = asyncio.Event()
            await self._released.wait()

    def started(self) -> None:
        """Count a request as in flight."""
        self._in_flight += 1

    def finished(self) -> None:
        """Count a request as done; wake an exclusive function waiting for the drain."""
        self._in_flight -= 1
        if self._in_flight == 0 and self._drained is not None:
            self._drained.set()

    async def _acquire(self) -> _Owner:
        if self._mutex is None:
            self._mutex = asyncio.Lock()
        await self._mutex.acquire()
        owner = _Owner()
        self._holder = owner
        if self._released is not None:
            self._released.clear()
        try:
            while self._in_flight > 0:
                if self._drained is None:
                    self._drained = asyncio.Event()
                self._drained.clear()
                await self._drained.wait()
        except BaseException:
            self._release()
            raise
        return owner

    def _release(self) -> None:
        self._holder = None
        if self._released is not None:
            self._released.set()
        if self._mutex is not None and self._mutex.locked():
            self._mutex.release()

    def exclusive(self, func: Callable[P, Awaitable[T]], /) -> Callable[P, Coroutine[Any, Any, T]]:
        """Decorate a coroutine function so each run of it owns the session."""

        @functools.wraps(func)
        async def run_exclusively(*args: P.args, **kwargs: P.kwargs) -> T:
            if self.owned():
                return await func(*args, **kwargs)
            owner = await self._acquire()
            token = self._owner.set(owner)
            try:
                return await func(*args, **kwargs)
            finally:
                self._owner.reset(token)
                self._release()

        return run_exclusively
