"""A synchronous client for code without an event loop (Flask, Django, scripts).

``from aiowialon.sync import Wialon`` takes the same constructor as the async client and has
the same calls, each returning its answer::

    from aiowialon.sync import Wialon

    with Wialon.from_url("http://127.0.0.1:8080", token=TOKEN) as wialon:
        wialon.login()
        unit = wialon.core_search_item(id=123, flags=1)
        first, second = wialon.batch(
            wialon.calls.core_search_item(id=1, flags=1),
            wialon.calls.core_search_item(id=2, flags=1),
        )

One event loop runs in a background thread and holds one async :class:`aiowialon.Wialon`, so
the session, the rate limit and the concurrency limit are shared by every thread that uses
the facade; calls from many threads at once are safe. ``wialon.calls.<service>(...)`` builds
a call without sending it, for ``batch()`` and ``multipart()``. Session callbacks and event
handlers are plain functions; they run outside the loop thread (session callbacks on a
worker thread, handlers on the executor given to ``start_polling``), so they may use the
facade themselves. ``close()`` (or the ``with`` block, or interpreter exit) stops the loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import threading
import weakref
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, TypeVar

from . import client as _client
from ._api import ServiceMethods, SyncServiceMethods
from .calls import Call, MultipartField
from .errors import WialonEventLoopError
from .events import AvlEvent, AvlEventFilter

__all__ = ["Wialon"]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class _LoopThread:
    """An event loop running in a daemon thread until :meth:`stop`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self._run, name="aiowialon.sync event loop", daemon=True
        )
        self.thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        if threading.current_thread() is self.thread:
            work.close()
            raise WialonEventLoopError(
                "a blocking aiowialon.sync call made on the client's own event loop thread "
                "would wait for itself forever; use the async client there"
            )
        if self.loop.is_closed():
            work.close()
            raise WialonEventLoopError("this aiowialon.sync.Wialon is closed")
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        if threading.current_thread() is not self.thread:
            self.thread.join()
            self.loop.close()


def _shutdown(runner: _LoopThread, aio: _client.Wialon) -> None:
    """Close the async client and stop its loop (at ``close()`` or at interpreter exit)."""
    if runner.loop.is_closed() or not runner.thread.is_alive():
        return
    try:
        if aio.is_polling:
            runner.run(aio.stop_polling())
        runner.run(aio.close())
    finally:
        runner.stop()


async def _send(call: Call[T]) -> T:
    return await call


class _CallBuilder(ServiceMethods):
    """``wialon.calls.<service>(**params)``: a :class:`Call` value, not sent."""

    def __init__(self, aio: _client.Wialon) -> None:
        self._aio = aio

    def __getattr__(self, name: str) -> Callable[..., Call[Any]]:
        if name.startswith("_"):
            raise AttributeError(name)
        built: Callable[..., Call[Any]] = getattr(self._aio, name)
        return built

    def __call__(self, action_name: str, /, **params: Any) -> Call[Any]:
        """The call of a service by its Wialon or method name, as ``Wialon.call`` builds it."""
        return self._aio.call(action_name, **params)


class Wialon(SyncServiceMethods):
    """The synchronous facade of :class:`aiowialon.Wialon` (same constructor options).

    An ``aiohttp`` ``session=`` cannot be passed: it would belong to another event loop.
    """

    def __init__(self, *args: Any, **options: Any) -> None:
        if options.get("session") is not None:
            raise TypeError("aiowialon.sync.Wialon makes its own HTTP session; drop session=")
        self._runner = _LoopThread()
        try:
            self._aio: _client.Wialon = self._runner.run(_make(args, options))
        except BaseException:
            self._runner.stop()
            raise
        self.calls = _CallBuilder(self._aio)
        self._handler_pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._executor: concurrent.futures.Executor | None = None
        self._handler_names: dict[Callable[..., Any], str] = {}
        self._polling: concurrent.futures.Future[None] | None = None
        self._finalizer = weakref.finalize(self, _shutdown, self._runner, self._aio)

    @classmethod
    def from_url(cls, url: str, /, token: str | None = None, **options: Any) -> Wialon:
        """A client of the server at ``url``, as :meth:`aiowialon.Wialon.from_url`."""
        return cls(url=url, token=token, **options)

    # -- the async client underneath ----------------------------------------------------

    @property
    def aio(self) -> _client.Wialon:
        """The async client, for use inside :attr:`loop` only."""
        return self._aio

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the facade runs in its thread."""
        return self._runner.loop

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine of your own on the client's loop and return its result."""
        return self._runner.run(work)

    @property
    def sid(self) -> str | None:
        """The current session id, None when logged out."""
        return self._aio.sid

    @property
    def base_url(self) -> str:
        """``scheme://host[:port]`` of the server."""
        return self._aio.base_url

    @property
    def token(self) -> str | None:
        """The access token ``login()`` uses by default."""
        return self._aio.token

    @token.setter
    def token(self, token: str | None) -> None:
        self._aio.token = token

    @property
    def timeout(self) -> float:
        """Seconds each request may take."""
        return self._aio.timeout

    @timeout.setter
    def timeout(self, timeout: float) -> None:
        self._aio.timeout = timeout

    @property
    def polling_delay_factor(self) -> float:
        """See :attr:`aiowialon.Wialon.polling_delay_factor`."""
        return self._aio.polling_delay_factor

    @polling_delay_factor.setter
    def polling_delay_factor(self, factor: float) -> None:
        self._aio.polling_delay_factor = factor

    @property
    def is_polling(self) -> bool:
        """True while polling runs."""
        return self._aio.is_polling

    def __repr__(self) -> str:
        return f"<aiowialon.sync.Wialon over {self._aio!r}>"

    # -- calls ----------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Callable[..., Any]:
        """``wialon.<service>_<action>(**params)``: send the call, return its answer."""
        if name.startswith("_"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        build = getattr(self.calls, name)

        @functools.wraps(build)
        def send(**params: Any) -> Any:
            return self.send(build(**params))

        return send

    def call(self, action_name: str, /, **params: Any) -> Any:
        """Send a call by its Wialon name or method name and return its answer."""
        return self.send(self._aio.call(action_name, **params))

    def send(self, call: Call[T], timeout: float | None = None) -> T:
        """Send a call built with :attr:`calls` (with its own ``timeout`` if given)."""
        if timeout is not None:
            call = call.replace(timeout=timeout)
        return self._runner.run(_send(call))

    def batch(self, *calls: Call[Any], flags_: int = 0) -> list[Any]:
        """Send ``calls`` (built with :attr:`calls`) as one ``core/batch``; their answers."""
        return self.send(self._aio.batch(*calls, flags_=flags_))

    def multipart(self, call: Call[T], *fields: MultipartField) -> T:
        """Send ``call`` as ``multipart/form-data`` with ``fields`` (files)."""
        return self.send(self._aio.multipart(call, *fields))

    def upload_and_wait(
        self, call: Call[Any], *fields: MultipartField, timeout: float = 30
    ) -> AvlEvent:
        """Send a multipart call and wait for its ``-1`` completion event."""
        return self._runner.run(self._aio.upload_and_wait(call, *fields, timeout=timeout))

    def wait_for_event(
        self, predicate: Callable[[AvlEvent], bool], timeout: float = 30
    ) -> AvlEvent:
        """The next AVL event ``predicate`` accepts (the predicate runs on the loop thread)."""
        return self._runner.run(self._aio.wait_for_event(predicate, timeout))

    # -- session --------------------------------------------------------------------------

    def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """Open a session and return the login answer (see :meth:`aiowialon.Wialon.login`)."""
        return self._runner.run(self._aio.login(token, auth_hash, **params))

    def logout(self) -> dict[str, Any]:
        """Close the session (see :meth:`aiowialon.Wialon.logout`)."""
        return self._runner.run(self._aio.logout())

    def on_session_open(self, callback: F) -> F:
        """Decorator: ``callback(login_answer)`` after every login, on a worker thread."""
        self._aio.on_session_open(self._off_loop(callback))
        return callback

    def on_session_close(self, callback: F) -> F:
        """Decorator: ``callback(logout_answer)`` after every logout, on a worker thread."""
        self._aio.on_session_close(self._off_loop(callback))
        return callback

    def _off_loop(
        self, func: Callable[..., Any], executor: concurrent.futures.Executor | None = None
    ) -> Callable[..., Coroutine[Any, Any, Any]]:
        loop = self._runner.loop

        @functools.wraps(func)
        async def run_elsewhere(*args: Any) -> Any:
            return await loop.run_in_executor(executor, func, *args)

        return run_elsewhere

    # -- polling --------------------------------------------------------------------------

    def avl_event_handler(
        self, filter: AvlEventFilter | None = None, *, once: bool = False, name: str | None = None
    ) -> Callable[[F], F]:
        """Decorator: register a plain function ``handler(event)`` (see the async client).

        It runs on the executor given to :meth:`start_polling`; ``filter`` runs on the loop
        thread and should only look at the event.
        """

        def register(callback: F) -> F:
            handler_name: str = name or str(getattr(callback, "__name__", repr(callback)))
            self._aio.avl_event_handler(filter, once=once, name=handler_name)(
                self._off_loop(callback, _Deferred(self))
            )
            self._handler_names[callback] = handler_name
            return callback

        return register

    def remove_avl_event_handler(self, callback: str | Callable[..., Any]) -> None:
        """Unregister a handler by name or function."""
        name = callback if isinstance(callback, str) else self._handler_names.get(callback, "")
        self._aio.remove_avl_event_handler(name or repr(callback))
        self._handler_names = {f: n for f, n in self._handler_names.items() if n != name}

    def start_polling(
        self,
        timeout: float = 2,
        logout_finally: bool = True,
        *,
        catch_up: bool = False,
        executor: concurrent.futures.Executor | None = None,
        **params: Any,
    ) -> None:
        """Log in and poll in the background; returns once the first login worked.

        Handlers run on ``executor`` (default: one thread of the facade's own, so handlers
        run one at a time, in event order). Pass any ``concurrent.futures.Executor`` to run
        them elsewhere, e.g. one that hands them to your GUI or worker thread. Errors of the
        first login are raised here.
        """
        if self._polling is not None and not self._polling.done():
            raise RuntimeError("polling is already running")
        self._executor = executor
        opened = threading.Event()
        # The poller says when the first login worked (after on_session_open ran), so this
        # returns then and leaves the loop running in the background.
        work = self._aio.avl_event_poller.run(
            timeout, logout_finally, catch_up=catch_up, on_started=opened.set, **params
        )
        self._polling = asyncio.run_coroutine_threadsafe(work, self._runner.loop)
        while not opened.wait(0.05):
            if self._polling.done():
                self._polling.result()  # the first login's error, raised here
                return

    def stop_polling(self, logout: bool = False) -> None:
        """Stop polling and wait until it has ended (handlers finish their queued events)."""
        self._runner.run(self._aio.stop_polling(logout))
        polling, self._polling = self._polling, None
        if polling is not None:
            polling.result()

    def _handler_executor(self) -> concurrent.futures.Executor:
        if self._executor is not None:
            return self._executor
        if self._handler_pool is None:
            self._handler_pool = concurrent.futures.ThreadPoolExecutor(
                1, thread_name_prefix="aiowialon.sync handlers"
            )
        return self._handler_pool

    # -- closing --------------------------------------------------------------------------

    def close(self) -> None:
        """Stop polling, close the HTTP session and the loop thread. Safe to call twice."""
        self._finalizer()
        if self._handler_pool is not None:
            self._handler_pool.shutdown(wait=True)
            self._handler_pool = None

    def __enter__(self) -> Wialon:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _Deferred(concurrent.futures.Executor):
    """The executor ``start_polling`` chose, looked up when a handler runs."""

    def __init__(self, owner: Wialon) -> None:
        self._owner = owner

    def submit(
        self, fn: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[T]:
        return self._owner._handler_executor().submit(fn, *args, **kwargs)


async def _make(args: tuple[Any, ...], options: dict[str, Any]) -> _client.Wialon:
    # Built on the loop thread, so the client binds to that loop from the start.
    return _client.Wialon(*args, **options)
