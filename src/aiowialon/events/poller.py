"""The polling loop: :class:`EventPoller`, which a ``Wialon`` owns (``wialon.avl_event_poller``).

The loop polls ``/avl_evts`` every ``timeout`` seconds and survives whatever one poll meets:

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
``delay_factor`` (the client's ``polling_delay_factor``). Against a server it stays 1.0; a
replay of recorded traffic (the pytest plugin's cassettes) sets it to 0 so polling runs
without real sleeps.

``stop()`` may be called from a handler, from another task, or not at all (cancelling the
task that runs ``run`` also stops cleanly): no handler worker or helper task outlives the loop.

The poller reaches its client only through :class:`PollingClient`, the client's public
calls and its polling settings; the client reaches the poller through its public methods
and the two hooks its send chain calls (:meth:`EventPoller.session_lost`,
:meth:`EventPoller.registered`).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeVar, cast

from ..errors import WialonInvalidSession
from .backoff import Backoff
from .catchup import CatchUp, CatchUpClient
from .dispatch import EventDispatcher
from .types import AvlSpecial, parse_avl_events
from .waits import EventWaits, WaitingClient, describe

__all__ = ["EventPoller", "PollingClient"]

log = logging.getLogger("aiowialon.events")

T = TypeVar("T")


class PollingClient(WaitingClient, CatchUpClient, Protocol):
    """What the poller, the event waits and catch-up use of their client: public names only
    (the waits' and catch-up's own, and these).

    ``aiowialon.Wialon`` is one; the polling settings are read when they are needed, so
    setting them on the client (or its class) takes effect at the next start or pause.
    """

    polling_grace: float
    polling_backoff_base: float | None
    polling_backoff_cap: float
    polling_backoff_factor: float
    polling_backoff_jitter: float

    @property
    def sid(self) -> str | None: ...

    async def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> Any: ...

    async def logout(self) -> Any: ...


_STOPPED: Any = object()


class EventPoller:
    """The ``avl_evts`` polling loop of one client, its handler list (``dispatcher``) and its
    event waits (``waits``).

    :param client: what the loop logs in, polls and catches up through.
    :param login_params: the keywords of the client's last login, read when the loop logs in
        again after a lost session.
    """

    def __init__(
        self, client: PollingClient, login_params: Callable[[], dict[str, Any] | None]
    ) -> None:
        self._client = client
        self._login_params = login_params
        self._dispatcher = EventDispatcher()
        self._delay_factor = 1.0
        self.waits = EventWaits(
            client, self._dispatcher, lambda: self._stop is not None, lambda: self._delay_factor
        )
        self._stop: asyncio.Event | None = None
        self._done: asyncio.Event | None = None
        self._owner: asyncio.Task[Any] | None = None
        self._logout = False
        self._wake: asyncio.Event | None = None
        self._lost_sid: str | None = None
        self._catch_up: CatchUp | None = None

    @property
    def dispatcher(self) -> EventDispatcher:
        """The handler list and the waiters the loop feeds."""
        return self._dispatcher

    @property
    def delay_factor(self) -> float:
        """Multiplies every pause (see ``Wialon.polling_delay_factor``)."""
        return self._delay_factor

    @delay_factor.setter
    def delay_factor(self, factor: float) -> None:
        value = float(factor)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"polling_delay_factor must be a finite number >= 0, not {factor!r}")
        self._delay_factor = value

    @property
    def running(self) -> bool:
        """True while :meth:`run` runs its loop."""
        return self._stop is not None

    # -- starting and stopping ----------------------------------------------------------

    async def run(
        self,
        timeout: float = 2,
        logout_finally: bool = True,
        *,
        catch_up: bool = False,
        on_started: Callable[[], None] | None = None,
        **params: Any,
    ) -> None:
        """Log in with ``params``, then poll every ``timeout`` s until :meth:`stop`.

        This is ``Wialon.start_polling``; ``on_started`` is called once the first login
        worked (the sync facade returns to its caller then).
        """
        if timeout < 1:
            raise ValueError(
                "polling timeout must be at least 1 second: Wialon serves at most "
                "10 avl_evts requests per 10 seconds per session"
            )
        if self._stop is not None:
            raise RuntimeError("polling is already running")
        stop = asyncio.Event()
        done = asyncio.Event()
        self._stop, self._done = stop, done
        self._wake = asyncio.Event()
        self._lost_sid = None
        self._catch_up = CatchUp() if catch_up else None
        self._owner = asyncio.current_task()
        self._logout = False
        cancelled = False
        try:
            answer = await self._client.login(**params)
            if self._catch_up is not None:
                self._catch_up.note_login(answer)
            if on_started is not None:
                on_started()
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
                    await self._dispatcher.stop_workers(self._client.polling_grace)
                if logout_finally or self._logout:
                    await self._logout_quietly()
            finally:
                self._stop = self._done = self._owner = None
                self._wake = None
                done.set()
                log.info("polling stopped")

    async def stop(self, logout: bool = False) -> None:
        """Stop the loop (and log out when ``logout``); this is ``Wialon.stop_polling``."""
        stop, done = self._stop, self._done
        if stop is None or done is None:
            if logout:
                await self._logout_quietly()
            return
        self._logout = self._logout or logout
        stop.set()
        current = asyncio.current_task()
        if current is self._owner or self._dispatcher.is_worker(current):
            return
        await done.wait()

    # -- the hooks the client's send chain calls ---------------------------------------------

    def session_lost(self, sid: str | None) -> None:
        """A call of the client met error 1 with ``sid``: wake the loop to log in again."""
        wake = self._wake
        if wake is not None and sid is not None and sid == self._client.sid:
            self._lost_sid = sid
            wake.set()

    def registered(self, params: Any, answer: Any) -> None:
        """``core/update_data_flags`` answered: catch-up follows which units are watched."""
        if self._catch_up is not None:
            self._catch_up.note_registration(params, answer)

    # -- the loop -------------------------------------------------------------------------

    async def _logout_quietly(self) -> None:
        try:
            await self._client.logout()
        except Exception as exc:
            log.warning("logout after polling failed: %s: %s", type(exc).__name__, exc)

    async def _relogin(self) -> None:
        params = dict(self._login_params() or {})
        log.info("session invalid: logging in again")
        answer = await self._client.login(**params)
        if self._catch_up is not None:
            self._catch_up.note_login(answer)
            self._catch_up.pending = True

    def _backoff(self, interval: float) -> Backoff:
        client = self._client
        base = interval if client.polling_backoff_base is None else client.polling_backoff_base
        return Backoff(
            base,
            client.polling_backoff_cap,
            client.polling_backoff_factor,
            client.polling_backoff_jitter,
        )

    async def _poll_loop(self, interval: float, stop: asyncio.Event) -> None:
        backoff = self._backoff(interval)
        catch_up = self._catch_up
        need_login = False
        while not stop.is_set():
            delay = interval
            if self._lost_sid is not None:
                need_login = need_login or self._lost_sid == self._client.sid
                self._lost_sid = None
            if need_login:
                try:
                    await self._until_stopped(self._relogin(), stop)
                    if stop.is_set():
                        break
                    need_login = False
                except Exception as exc:
                    delay = backoff.next()
                    log.warning("login again failed (%s); retry in %.1fs", describe(exc), delay)
                    await self._sleep(stop, delay)
                    continue
            if catch_up is not None and catch_up.pending:
                try:
                    missed = await self._until_stopped(catch_up.load(self._client), stop)
                except WialonInvalidSession:
                    need_login = True
                    continue
                except Exception as exc:
                    delay = backoff.next()
                    log.warning("catch-up failed (%s); retry in %.1fs", describe(exc), delay)
                    await self._sleep(stop, delay)
                    continue
                if missed is _STOPPED:
                    break
                await self._dispatcher.dispatch(catch_up.fresh(missed, None))
            try:
                reply = await self._until_stopped(self._client.avl_evts(), stop)
            except WialonInvalidSession:
                need_login = True
                continue
            except Exception as exc:
                delay = backoff.next()
                # nobody else sees this failure (the client logs what it raises at DEBUG)
                log.warning("avl_evts failed (%s); retry in %.1fs", describe(exc), delay)
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
        wake = self._wake
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
