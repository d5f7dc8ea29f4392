"""The AVL event side of the client: handler registration, the polling loop, event waits.

``Wialon`` inherits :class:`PollingMixin`. The loop polls ``/avl_evts`` every ``timeout``
seconds and survives whatever one poll meets:

* network errors, timeouts, HTTP errors, answers that are not JSON, error 1003 and any other
  Wialon error: a warning, then a pause made for long polling (:mod:`.backoff`: about one
  interval at first, growing by 1.3 per failure up to 5 s, with jitter), then on;
* an invalid session (error 1, a ``-2`` event, or error 1 met by any other call of the
  client, which wakes a pausing loop at once): log in again with the last login parameters
  (``on_session_open`` runs again, so data flags get registered again), then on. With
  ``catch_up=True`` the messages the lost session missed are loaded first
  (:mod:`.catchup`).

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
import logging
import math
from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeVar, cast

from ..calls import Call
from ..errors import WialonInvalidSession
from .backoff import Backoff
from .catchup import CatchUp
from .dispatch import AvlEventFilter, EventDispatcher
from .types import AvlSpecial, parse_avl_events
from .waits import WaitMixin, _describe

__all__ = ["PollingMixin"]

log = logging.getLogger("aiowialon.events")

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class _Host(Protocol):
    """What the mixin uses of ``Wialon`` (the client-core side)."""

    _login_params: dict[str, Any]

    async def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> Any: ...

    async def logout(self) -> Any: ...

    async def avl_evts(self) -> Any: ...

    def call(self, action_name: str, /, **params: Any) -> Call[Any]: ...

    def batch(self, *calls: Call[Any], flags_: int = 0) -> Call[list[Any]]: ...

    @property
    def sid(self) -> str | None: ...

    @property
    def session_lock(self) -> Callable[..., Any]: ...


_STOPPED: Any = object()


class PollingMixin(WaitMixin):
    """AVL event handlers, the polling loop and event waits, mixed into ``Wialon``."""

    #: Seconds that queued events get to finish when polling stops, before workers are cancelled.
    polling_grace: float = 5.0
    #: First pause after a failed poll (None: the polling interval).
    polling_backoff_base: float | None = None
    #: Longest pause between two failed polls (before jitter; at least the first pause).
    polling_backoff_cap: float = 5.0
    #: How much each further failure in a row lengthens the pause.
    polling_backoff_factor: float = 1.3
    #: Each pause is multiplied by a random number in ``1 +- polling_backoff_jitter``.
    polling_backoff_jitter: float = 0.1
    _delay_factor: float = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._dispatcher = EventDispatcher()
        self._polling_stop: asyncio.Event | None = None
        self._polling_done: asyncio.Event | None = None
        self._polling_owner: asyncio.Task[Any] | None = None
        self._polling_logout = False
        self._polling_wake: asyncio.Event | None = None
        self._lost_sid: str | None = None
        self._catch_up: CatchUp | None = None

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
        self,
        timeout: float = 2,
        logout_finally: bool = True,
        *,
        catch_up: bool = False,
        **params: Any,
    ) -> None:
        """Log in (``on_session_open`` runs), then poll ``avl_evts`` every ``timeout`` s.

        Returns when ``stop_polling()`` is called; with ``logout_finally`` it then logs out
        (``on_session_close`` runs). Errors of the first login are raised; later failures
        are survived (see the module docstring). With ``catch_up`` the messages that units
        sent while the session was lost are loaded after the re-login and delivered as
        ``m`` events, in order, once each (see :mod:`aiowialon.events.catchup`).
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
        self._polling_wake = asyncio.Event()
        self._lost_sid = None
        self._catch_up = CatchUp() if catch_up else None
        self._polling_owner = asyncio.current_task()
        self._polling_logout = False
        cancelled = False
        try:
            answer = await self._host.login(**params)
            if self._catch_up is not None:
                self._catch_up.note_login(answer)
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
                self._polling_wake = None
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

    # -- hooks the client core calls -----------------------------------------------------

    def _session_lost(self, sid: str | None) -> None:
        """A call of the client met error 1 with ``sid``: wake the loop to log in again."""
        wake = self._polling_wake
        if wake is not None and sid is not None and sid == self._host.sid:
            self._lost_sid = sid
            wake.set()

    def _registered(self, params: Any, answer: Any) -> None:
        """``core/update_data_flags`` answered: catch-up follows which units are watched."""
        if self._catch_up is not None:
            self._catch_up.note_registration(params, answer)

    # -- the loop -------------------------------------------------------------------------

    async def _logout_quietly(self) -> None:
        try:
            await self._host.logout()
        except Exception as exc:
            log.warning("logout after polling failed: %s: %s", type(exc).__name__, exc)

    async def _relogin(self) -> None:
        params = dict(getattr(self, "_login_params", None) or {})
        log.info("session invalid: logging in again")
        answer = await self._host.login(**params)
        if self._catch_up is not None:
            self._catch_up.note_login(answer)
            self._catch_up.pending = True

    def _backoff(self, interval: float) -> Backoff:
        base = interval if self.polling_backoff_base is None else self.polling_backoff_base
        return Backoff(
            base, self.polling_backoff_cap, self.polling_backoff_factor, self.polling_backoff_jitter
        )

    async def _poll_loop(self, interval: float, stop: asyncio.Event) -> None:
        backoff = self._backoff(interval)
        catch_up = self._catch_up
        need_login = False
        while not stop.is_set():
            delay = interval
            if self._lost_sid is not None:
                need_login = need_login or self._lost_sid == self._host.sid
                self._lost_sid = None
            if need_login:
                try:
                    await self._until_stopped(self._relogin(), stop)
                    if stop.is_set():
                        break
                    need_login = False
                except Exception as exc:
                    delay = backoff.next()
                    log.warning("login again failed (%s); retry in %.1fs", _describe(exc), delay)
                    await self._sleep(stop, delay)
                    continue
            if catch_up is not None and catch_up.pending:
                try:
                    missed = await self._until_stopped(catch_up.load(self._host), stop)
                except WialonInvalidSession:
                    need_login = True
                    continue
                except Exception as exc:
                    delay = backoff.next()
                    log.warning("catch-up failed (%s); retry in %.1fs", _describe(exc), delay)
                    await self._sleep(stop, delay)
                    continue
                if missed is _STOPPED:
                    break
                await self._dispatcher.dispatch(catch_up.fresh(missed, None))
            try:
                reply = await self._until_stopped(self._host.avl_evts(), stop)
            except WialonInvalidSession:
                need_login = True
                continue
            except Exception as exc:
                delay = backoff.next()
                # nobody else sees this failure (the client logs what it raises at DEBUG)
                log.warning("avl_evts failed (%s); retry in %.1fs", _describe(exc), delay)
            else:
                if reply is _STOPPED:
                    break
                backoff.reset()
                events = parse_avl_events(reply)
                if catch_up is not None:
                    events = catch_up.fresh(events, reply.get("tm"))
                if events:
                    await self._dispatcher.dispatch(events)
                    if any(e._i == AvlSpecial.SESSION_INVALIDATED for e in events):  # no data built
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
        """Pause ``delay`` s (times ``polling_delay_factor``), until ``stop`` is set, or until
        another call reports the session lost (so the loop logs in again at once)."""
        delay *= self._delay_factor
        if delay <= 0:
            # A replayed poll answers at once: without this, a loop whose every await
            # completes immediately would starve the other tasks.
            await asyncio.sleep(0)
            return
        wake = self._polling_wake
        waits = [asyncio.ensure_future(stop.wait())]
        if wake is not None:
            wake.clear()
            if self._lost_sid is not None:
                waits[0].cancel()
                await asyncio.gather(*waits, return_exceptions=True)
                return
            waits.append(asyncio.ensure_future(wake.wait()))
        try:
            await asyncio.wait(waits, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()
            await asyncio.gather(*waits, return_exceptions=True)
