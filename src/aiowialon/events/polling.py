"""The AVL event side of the client: handler registration, the polling loop, event waits.

``Wialon`` inherits :class:`PollingMixin`. The loop polls ``/avl_evts`` every ``timeout``
seconds and survives whatever one poll meets:

* network errors, timeouts, HTTP errors, answers that are not JSON, error 1003 and any other
  Wialon error: a warning, then a capped exponential backoff with jitter, then on;
* an invalid session (error 1, or a ``-2`` event): log in again with the last login
  parameters (``on_session_open`` runs again, so data flags get registered again), then on.

Every pause the loop and the event waits take (the interval between polls, the backoff after
a failure, the interval at which ``wait_for_event`` polls by itself) is multiplied by
``polling_delay_factor``. Against a server it stays 1.0; a replay of recorded traffic (the
pytest plugin's cassettes) sets it to 0 so polling runs without real sleeps.

``stop_polling()`` may be called from a handler, from another task, or not at all
(cancelling the task that runs ``start_polling`` also stops cleanly): no handler worker or
helper task outlives the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from ..calls import MultipartField
from ..errors import (
    WialonInvalidSession,
    WialonRequestLimitExceededError,
    WialonTimeoutError,
    WialonTransportError,
)
from .dispatch import AvlEventFilter, EventDispatcher
from .types import AvlEvent, AvlSpecial, parse_avl_events

if TYPE_CHECKING:
    from ..calls import Call

__all__ = ["PollingMixin"]

log = logging.getLogger("aiowialon.events")

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

_SELF_POLL_INTERVAL = 1.0  # avl_evts is limited to 10 calls per 10 s per session


class _Host(Protocol):
    """What the mixin uses of ``Wialon`` (the client-core side)."""

    _login_params: dict[str, Any]

    async def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> Any: ...

    async def logout(self) -> Any: ...

    async def avl_evts(self) -> Any: ...

    def call(self, svc: str, **params: Any) -> Call[Any]: ...

    def multipart(self, call: Call[Any], *fields: MultipartField) -> Awaitable[Any]: ...


class _Backoff:
    """Capped exponential delays with jitter: base, 2*base, 4*base ... cap, each times 0.5-1."""

    __slots__ = ("base", "cap", "failures")

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap
        self.failures = 0

    def next(self) -> float:
        delay = min(self.cap, self.base * 2.0 ** min(self.failures, 16))
        self.failures += 1
        # jitter spreads the retries of many clients after a shared outage
        return delay * random.uniform(0.5, 1.0)

    def reset(self) -> None:
        self.failures = 0


_STOPPED: Any = object()


class PollingMixin:
    """AVL event handlers, the polling loop and event waits, mixed into ``Wialon``."""

    #: Seconds that queued events get to finish when polling stops, before workers are cancelled.
    polling_grace: float = 5.0
    #: First pause after a failed poll (None: the polling interval); it doubles per failure.
    polling_backoff_base: float | None = None
    #: Longest pause between two failed polls.
    polling_backoff_cap: float = 30.0
    _delay_factor: float = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._dispatcher = EventDispatcher()
        self._polling_stop: asyncio.Event | None = None
        self._polling_done: asyncio.Event | None = None
        self._polling_owner: asyncio.Task[Any] | None = None
        self._polling_logout = False
        self._self_poll_lock: asyncio.Lock | None = None

    @property
    def _host(self) -> _Host:
        return cast(_Host, self)

    @property
    def avl_event_dispatcher(self) -> EventDispatcher:
        """The handler list and waiters of this client."""
        return self._dispatcher

    @property
    def polling_delay_factor(self) -> float:
        """Multiplies every pause of polling and of the event waits (1.0: as asked).

        The pauses are the interval given to ``start_polling``, the backoff after a failed
        poll and the self-poll interval of ``wait_for_event`` / ``upload_and_wait``. Set it
        to 0 where answers come from a recording rather than a server: the loop then polls
        again at once (still letting other tasks run between polls). Against a real server
        leave it at 1.0, since Wialon serves at most 10 ``avl_evts`` per 10 s per session.
        Raises ``ValueError`` for a negative or non-finite value.
        """
        return self._delay_factor

    @polling_delay_factor.setter
    def polling_delay_factor(self, factor: float) -> None:
        value = float(factor)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"polling_delay_factor must be a finite number >= 0, not {factor!r}")
        self._delay_factor = value

    @property
    def is_polling(self) -> bool:
        """True while ``start_polling`` runs its loop."""
        return self._polling_stop is not None

    # -- handlers -----------------------------------------------------------------------

    def avl_event_handler(
        self,
        filter: AvlEventFilter | None = None,  # py-aiowialon names it so
        *,
        once: bool = False,
        name: str | None = None,
    ) -> Callable[[F], F]:
        """Decorator: register an async handler; ``filter`` (sync or async) selects events.

        Handlers are tried in registration order and the first that accepts an event gets it.
        ``once=True`` (or ``@wialon.avl_event_once``) makes the handler take a single event.
        """

        def register(callback: F) -> F:
            self._dispatcher.register(callback, filter, name=name, once=once)
            return callback

        return register

    def avl_event_once(self, func: F) -> F:
        """Decorator: the handler of ``func`` takes exactly one event and is then removed.

        Works above or below ``@wialon.avl_event_handler()``.
        """
        self._dispatcher.mark_once(func)
        return func

    def remove_avl_event_handler(self, callback: str | Callable[..., Any]) -> None:
        """Unregister a handler by name or function; its queued events still run."""
        self._dispatcher.remove(callback)

    # -- polling ------------------------------------------------------------------------

    async def start_polling(
        self, timeout: float = 2, logout_finally: bool = True, **params: Any
    ) -> None:
        """Log in (``on_session_open`` runs), then poll ``avl_evts`` every ``timeout`` s.

        Returns when ``stop_polling()`` is called; with ``logout_finally`` it then logs out
        (``on_session_close`` runs). Errors of the first login are raised; later failures
        are survived (see the module docstring).
        """
        if timeout < 1:
            raise ValueError(
                "polling timeout must be at least 1 second: Wialon serves at most "
                "10 avl_evts requests per 10 seconds per session"
            )
        if self._polling_stop is not None:
            raise RuntimeError("polling is already running")
        stop = asyncio.Event()
        done = asyncio.Event()
        self._polling_stop, self._polling_done = stop, done
        self._polling_owner = asyncio.current_task()
        self._polling_logout = False
        cancelled = False
        try:
            await self._host.login(**params)
            log.info("polling started (every %ss)", timeout)
            await self._poll_loop(float(timeout), stop)
        except asyncio.CancelledError:
            cancelled = True
            raise
        finally:
            try:
                if cancelled:
                    await self._dispatcher.cancel_workers()
                else:
                    await self._dispatcher.stop_workers(self.polling_grace)
                if logout_finally or self._polling_logout:
                    await self._logout_quietly()
            finally:
                self._polling_stop = self._polling_done = self._polling_owner = None
                done.set()
                log.info("polling stopped")

    async def stop_polling(self, logout: bool = False) -> None:
        """Stop the polling loop (and log out when ``logout``); safe from a handler.

        Called from another task it returns once the loop has ended; called from a handler
        or the polling task itself it only asks the loop to end.
        """
        stop, done = self._polling_stop, self._polling_done
        if stop is None or done is None:
            if logout:
                await self._logout_quietly()
            return
        self._polling_logout = self._polling_logout or logout
        stop.set()
        current = asyncio.current_task()
        if current is self._polling_owner or self._dispatcher.is_worker(current):
            return
        await done.wait()

    async def _logout_quietly(self) -> None:
        try:
            await self._host.logout()
        except Exception as exc:
            log.warning("logout after polling failed: %s: %s", type(exc).__name__, exc)

    async def _relogin(self) -> None:
        params = dict(getattr(self, "_login_params", None) or {})
        log.info("session invalid: logging in again")
        await self._host.login(**params)

    async def _poll_loop(self, interval: float, stop: asyncio.Event) -> None:
        base = interval if self.polling_backoff_base is None else self.polling_backoff_base
        backoff = _Backoff(base, max(base, self.polling_backoff_cap))
        need_login = False
        while not stop.is_set():
            delay = interval
            if need_login:
                try:
                    await self._until_stopped(self._relogin(), stop)
                    need_login = False
                except Exception as exc:
                    delay = backoff.next()
                    log.warning("login again failed (%s); retry in %.1fs", _describe(exc), delay)
                    await self._sleep(stop, delay)
                    continue
            try:
                reply = await self._until_stopped(self._host.avl_evts(), stop)
            except WialonInvalidSession:
                need_login = True
                continue
            except Exception as exc:
                delay = backoff.next()
                # the client already logged the failed request as one WARNING line
                log.info("avl_evts failed (%s); retry in %.1fs", _describe(exc), delay)
            else:
                if reply is _STOPPED:
                    break
                backoff.reset()
                events = parse_avl_events(reply)
                if events:
                    await self._dispatcher.dispatch(events)
                    if any(e.data.i == AvlSpecial.SESSION_INVALIDATED for e in events):
                        need_login = True
                        continue
            await self._sleep(stop, delay)

    @staticmethod
    async def _until_stopped(work: Coroutine[Any, Any, T], stop: asyncio.Event) -> T:
        """Run ``work``; if ``stop`` is set first, cancel it and return ``_STOPPED``."""
        task = asyncio.ensure_future(work)
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait((task, stopper), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
            if not task.done():
                task.cancel()
            await asyncio.gather(task, stopper, return_exceptions=True)
        if task.cancelled():
            return cast(T, _STOPPED)
        return task.result()

    async def _sleep(self, stop: asyncio.Event, delay: float) -> None:
        """Pause ``delay`` s (times ``polling_delay_factor``), or until ``stop`` is set."""
        delay *= self._delay_factor
        if delay <= 0:
            # A replayed poll answers at once: without this, a loop whose every await
            # completes immediately would starve the other tasks.
            await asyncio.sleep(0)
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)

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
            call = self._host.call(call.service, **{**params, "eventHash": event_hash})
        if not any(f.name == "eventHash" for f in fields):
            fields = (*fields, MultipartField("eventHash", event_hash))
        expected = event_hash
        future = self._dispatcher.add_waiter(lambda e: e.data.upload_hash == expected)
        try:
            await self._host.multipart(call, *fields)
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
                        reply = await self._host.avl_evts()
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
