"""The public event methods of ``Wialon``, each handing over to the client's :class:`EventPoller`.

:class:`EventMethods` declares what a user calls (handlers, ``start_polling``, waits) and
the polling settings; it holds no state and reaches nothing of the client but its
``avl_event_poller``, the collaborator that runs the loop (:mod:`.poller`) and owns the
handler list (:mod:`.dispatch`) and the event waits (:mod:`.waits`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..calls import Call, MultipartField
from .dispatch import AvlEventFilter, EventDispatcher
from .poller import EventPoller
from .types import AvlEvent

__all__ = ["EventMethods"]

F = TypeVar("F", bound=Callable[..., Any])


class EventMethods:
    """AVL event handlers, the polling loop and event waits of ``Wialon``."""

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

    @property
    def avl_event_poller(self) -> EventPoller:
        """The polling loop of this client (``start_polling`` and ``stop_polling`` run it)."""
        raise NotImplementedError  # the client gives its own

    @property
    def avl_event_dispatcher(self) -> EventDispatcher:
        """The handler list and waiters of this client."""
        return self.avl_event_poller.dispatcher

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
        return self.avl_event_poller.delay_factor

    @polling_delay_factor.setter
    def polling_delay_factor(self, factor: float) -> None:
        self.avl_event_poller.delay_factor = factor

    @property
    def is_polling(self) -> bool:
        """True while ``start_polling`` runs its loop."""
        return self.avl_event_poller.running

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
            self.avl_event_poller.dispatcher.register(callback, filter, name=name, once=once)
            return callback

        return register

    def avl_event_once(self, func: F) -> F:
        """Decorator: the handler of ``func`` takes exactly one event and is then removed.

        Works above or below ``@wialon.avl_event_handler()``.
        """
        self.avl_event_poller.dispatcher.mark_once(func)
        return func

    def remove_avl_event_handler(self, callback: str | Callable[..., Any]) -> None:
        """Unregister a handler by name or function; its queued events still run."""
        self.avl_event_poller.dispatcher.remove(callback)

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
        are survived (see :mod:`aiowialon.events.poller`). With ``catch_up`` the messages
        that units sent while the session was lost are loaded after the re-login and
        delivered as ``m`` events, in order, once each (see :mod:`aiowialon.events.catchup`).
        """
        await self.avl_event_poller.run(timeout, logout_finally, catch_up=catch_up, **params)

    async def stop_polling(self, logout: bool = False) -> None:
        """Stop the polling loop (and log out when ``logout``); safe from a handler.

        Called from another task it returns once the loop has ended; called from a handler
        or the polling task itself it only asks the loop to end.
        """
        await self.avl_event_poller.stop(logout)

    async def wait_for_event(
        self, predicate: Callable[[AvlEvent], bool], timeout: float = 30
    ) -> AvlEvent:
        """The next event ``predicate`` accepts (handlers still get it when polling runs).

        Without a running polling loop this polls ``avl_evts`` itself (and the other events
        it reads are seen by waiters only; transient failures are retried, an invalid
        session is raised). Raises ``WialonTimeoutError`` after ``timeout`` s.
        """
        return await self.avl_event_poller.waits.wait_for_event(predicate, timeout)

    async def upload_and_wait(
        self, call: Call[Any], *fields: MultipartField, timeout: float = 30
    ) -> AvlEvent:
        """Send a multipart call and wait for its ``-1`` completion event.

        The event is matched by ``eventHash``; a call without one gets a fresh hash. Returns
        the completion event (``event.data.d`` holds ``hash`` and, for imports, ``files``).
        """
        return await self.avl_event_poller.waits.upload_and_wait(call, *fields, timeout=timeout)
