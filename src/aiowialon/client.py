"""The Wialon Remote API client.

``Wialon`` builds calls (``wialon.core_search_item(...)`` returns a :class:`Call`) and hands
each awaited one to its send chain (:mod:`aiowialon.chain`: automatic batching, the error
check, the lock and limits, the transport), which sends it as a form-encoded POST to
``/wialon/ajax.html``, keeps at most ``max_concurrency`` in flight and ``rps`` per second, and
maps every failure to an exception from :mod:`aiowialon.errors`. Login, logout and the session
callbacks live in :mod:`aiowialon.session`; the ``avl_evts`` polling loop, the handler list
and the event waits in :class:`aiowialon.events.EventPoller`. ``Wialon`` holds each of these
collaborators and hands its public methods over to them (the event methods are declared in
:mod:`aiowialon.events.methods`).
"""

from __future__ import annotations

import asyncio
import logging
import webbrowser
from collections.abc import Awaitable, Callable
from functools import partial
from types import TracebackType
from typing import Any, TypeVar

import aiohttp

from ._api import ServiceMethods
from ._loop import LoopBinding
from ._options import split_url as _split_url
from .autobatch import AutoBatcher
from .calls import Call, MultipartField, batch_params, with_files
from .chain import Check, Hooks, Limits, Wire
from .convention import wire_params
from .errors import WialonInvalidResult, WialonTimeoutError
from .events import EventPoller
from .events.methods import EventMethods
from .lock import LockDecorator, SessionLock
from .logs import mask
from .services import help_url, resolve_service
from .session import C, Sessions
from .transport import AiohttpTransport, Transport

__all__ = ["Wialon"]

_log = logging.getLogger("aiowialon.client")

T = TypeVar("T")


class Wialon(EventMethods, ServiceMethods):
    """An async client of one Wialon server, usable as ``async with Wialon(...) as wialon``.

    :param scheme: ``"https"`` or ``"http"``.
    :param host: the API host (``hst-api.wialon.com`` on Wialon Hosting).
    :param port: a port other than the scheme's default.
    :param token: the access token ``login()`` uses when given none.
    :param rps: requests per second at most (None: no rate limit).
    :param timeout: seconds to wait for each answer (see also :meth:`wait`).
    :param max_concurrency: requests in flight at most (Wialon allows 10 per session).
    :param session: an ``aiohttp.ClientSession`` to use instead of creating one; it is left
        open by :meth:`close`.
    :param auto_batch: send the batchable calls awaited in one event-loop turn as one
        ``core/batch`` (see :mod:`aiowialon.autobatch`); off by default.
    :param auto_batch_size: the most calls one automatic batch holds.
    :param url: ``scheme://host[:port]`` in one string, instead of ``scheme``, ``host`` and
        ``port`` (``Wialon(url="http://127.0.0.1:8080", token=...)`` for ``wialon-mock
        serve``); see also :meth:`from_url`.
    :param transport: what sends the requests (an :class:`aiowialon.transport.Transport`);
        by default an :class:`~aiowialon.transport.AiohttpTransport` of ``session``.
        :class:`aiowialon.testing.MockTransport` answers from a function, for unit tests.
    """

    def __init__(
        self,
        scheme: str = "https",
        host: str = "hst-api.wialon.com",
        port: int | None = None,
        token: str | None = None,
        rps: float | None = 10,
        *,
        timeout: float = 5.0,
        max_concurrency: int = 10,
        session: aiohttp.ClientSession | None = None,
        auto_batch: bool = False,
        auto_batch_size: int = 50,
        url: str | None = None,
        transport: Transport | None = None,
    ) -> None:
        if url is not None:
            scheme, host, port = _split_url(url)
        if scheme not in ("http", "https"):
            raise ValueError(f"scheme must be 'http' or 'https', not {scheme!r}")
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        if transport is not None and session is not None:
            raise ValueError("pass a session or a transport, not both")
        self._base_url = f"{scheme}://{host}" + (f":{port}" if port else "")
        self._events_url = self._base_url + "/avl_evts"
        self._timeout = 0.0
        self.timeout = timeout
        self._max_concurrency = max_concurrency
        self._lock = SessionLock()
        self._transport: Transport = AiohttpTransport(session) if transport is None else transport
        self._wire = Wire(self._transport)
        self._limits = Limits(self._wire, self._lock, rps, max_concurrency)
        self._loop = LoopBinding(self._new_loop)
        self._sessions = Sessions(
            token, call=self.call, adopt_loop=self._loop.adopt, release=self._wire.close
        )
        # Polling and the event waits reach the client through its public calls only (it is
        # their PollingClient); the send chain tells the poller of lost sessions and of
        # data-flag registrations through the two hooks.
        self._poller = EventPoller(self, lambda: self._sessions.login_params)
        hooks = Hooks(session_lost=self._poller.session_lost, registered=self._poller.registered)
        # The send chain (aiowialon.chain): each stage calls only the next one; what they
        # need of the client is read through these small functions, never its attributes.
        check = Check(self._limits, self._base_url, self._current_sid, self._current_timeout, hooks)
        self._check = check
        self._first: Check | AutoBatcher = check
        if auto_batch:
            self._first = AutoBatcher(
                check,
                self._lock,
                auto_batch_size,
                epoch=lambda: self._wire.epoch,
                sid=self._current_sid,
                hooks=hooks,
            )

    @classmethod
    def from_url(cls, url: str, /, token: str | None = None, **options: Any) -> Wialon:
        """A client of the server at ``url`` (``"http://127.0.0.1:8080"``, ``"https://hst-api.wialon.com"``).

        Other keywords are those of the constructor: ``Wialon.from_url(url, token=...,
        rps=20)``.
        """
        return cls(token=token, url=url, **options)

    # -- configuration -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``scheme://host[:port]`` of the server."""
        return self._base_url

    @property
    def sid(self) -> str | None:
        """The current session id (``eid`` of the login answer), None when logged out."""
        return self._sessions.sid

    @property
    def token(self) -> str | None:
        """The access token ``login()`` uses by default."""
        return self._sessions.token

    @token.setter
    def token(self, token: str | None) -> None:
        self._sessions.token = token

    @property
    def timeout(self) -> float:
        """Seconds each request may take (default 5). ``wait()`` overrides it for one call."""
        return self._timeout

    @timeout.setter
    def timeout(self, timeout: float) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        self._timeout = float(timeout)

    def _current_sid(self) -> str | None:
        return self._sessions.sid

    def _current_timeout(self) -> float:
        return self._timeout

    @property
    def avl_event_poller(self) -> EventPoller:
        """The polling loop of this client, its handler list and its event waits."""
        return self._poller

    @property
    def transport(self) -> Transport:
        """What sends the client's requests (see :mod:`aiowialon.transport`)."""
        return self._transport

    @property
    def max_concurrency(self) -> int:
        """How many requests may be in flight at once."""
        return self._max_concurrency

    @property
    def session_lock(self) -> LockDecorator:
        """Decorator: the decorated coroutine function gets the session to itself.

        While it runs, requests from elsewhere wait and requests made inside it (and in tasks
        it spawns) go through; nested use does not deadlock. See :mod:`aiowialon.lock`.
        """
        return self._lock.exclusive

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._base_url} sid={mask(self._sessions.sid)}>"

    # -- the session (aiowialon.session.Sessions does the work) -------------------------

    def on_session_open(self, callback: C) -> C:
        """Decorator: run ``callback(login_answer)`` after every successful login.

        One callback per client: registering another replaces it with a ``WialonWarning``.
        It may be a coroutine function or a plain one.
        """
        return self._sessions.set_on_open(callback)

    def on_session_close(self, callback: C) -> C:
        """Decorator: run ``callback(logout_answer)`` after every logout.

        One callback per client: registering another replaces it with a ``WialonWarning``.
        """
        return self._sessions.set_on_close(callback)

    async def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """Open a session and return the server's login answer.

        With a token (the one given here, else the client's) this is ``token/login``; with
        ``auth_hash`` it is ``core/use_auth_hash``. Other keywords (``operateAs``, ``fl``,
        ``appName``, ``checkService``, ...) go along as parameters. The new session id is
        kept in ``sid``, then the ``on_session_open`` callback runs.
        """
        return await self._sessions.login(token, auth_hash, **params)

    async def logout(self) -> dict[str, Any]:
        """Close the session (``core/logout``), then run the ``on_session_close`` callback.

        Without a session this does nothing and returns ``{}``. A session the server has
        already dropped counts as closed. The HTTP session the client created is closed too
        (a later call opens a new one), so a script that ends with ``logout()`` leaks nothing.
        """
        return await self._sessions.logout()

    # -- lifecycle -----------------------------------------------------------------------

    async def close(self) -> None:
        """Close the HTTP session the client created (a session passed in stays open).

        Calls still waiting to be sent then fail with ``WialonConnectionError``; a call made
        after ``close()`` opens a new HTTP session (close the client again when done).
        """
        await self._wire.close()

    async def __aenter__(self) -> Wialon:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def _new_loop(self) -> None:
        """The old event loop closed: what belonged to it is made anew (see LoopBinding)."""
        self._limits.rebuild()
        self._wire.forget_session()

    # -- building calls ------------------------------------------------------------------

    def call(self, action_name: str, /, **params: Any) -> Call[Any]:
        """The call of a service, by its Wialon name or its method name.

        ``wialon.call("core/search_item", id=1, flags=1)`` and
        ``wialon.call("core_search_item", ...)`` build the same call. A ``group/action`` name
        is taken as it is, so services missing from the table can still be reached; a method
        name must be known (``UnknownServiceError`` otherwise). Keywords are converted as
        described in :mod:`aiowialon.convention`.
        """
        svc = action_name if "/" in action_name else resolve_service(action_name)
        return Call(self._send, svc, wire_params(params))

    def __getattr__(self, name: str) -> Callable[..., Call[Any]]:
        """``wialon.<service>_<action>`` for every service in :mod:`aiowialon.services`."""
        if name.startswith("_"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return partial(self._build, resolve_service(name))

    def _build(self, svc: str, /, **params: Any) -> Call[Any]:
        return Call(self._send, svc, wire_params(params))

    def batch(self, *calls: Call[Any], flags_: int = 0) -> Call[list[Any]]:
        """One ``core/batch`` call that runs ``calls`` on the server in one request.

        ``flags_`` is a :class:`aiowialon.flags.BatchFlag`: ``EXECUTE_ALL`` (0) runs every
        item, ``STOP_ON_ERROR`` (1) stops at the first failure. The answer is the list of the
        items' answers; if any item failed, a ``WialonBatchError`` is raised instead, with the
        per-item errors in ``.reason`` and the raw answers in ``.result``.
        """
        return Call(self._send, "core/batch", batch_params(calls, flags_))

    def multipart(self, call: Call[T], *fields: MultipartField) -> Call[T]:
        """``call`` sent as ``multipart/form-data`` with ``fields`` (files) beside its params."""
        return with_files(call, fields)

    async def wait(self, call: Awaitable[T], timeout: float | None = None) -> T:
        """Await ``call`` with its own timeout, leaving every other call's timeout alone.

        For a :class:`Call` the timeout applies to its HTTP request. Any other awaitable (a
        coroutine of your own that makes several calls) is given ``timeout`` seconds in all;
        either way running out raises ``WialonTimeoutError`` (a ``TimeoutError``).
        """
        if timeout is None:
            return await call
        if isinstance(call, Call):
            timed: Awaitable[T] = call.replace(timeout=timeout)
            return await timed
        try:
            return await asyncio.wait_for(call, timeout)
        except WialonTimeoutError:
            raise
        except asyncio.TimeoutError:
            raise WialonTimeoutError(f"not done within {timeout} s", action_name="wait") from None

    # -- sending -------------------------------------------------------------------------

    async def _send(self, call: Call[T]) -> T:
        """Where every awaited call starts: the first stage of the send chain."""
        self._loop.check()
        return await self._first.send(call)  # type: ignore[no-any-return]  # JSON value

    async def request(
        self, action_name: str, url: str, payload: Any, *, timeout: float | None = None
    ) -> Any:
        """Send ``payload`` to any URL through the client's session, limits and lock.

        For endpoints outside ``/wialon/ajax.html`` (geocoding, ``avl_evts``, ...).
        ``payload`` may be a str (sent as is), a dict (form-encoded), ``aiohttp.FormData`` or
        bytes. The answer is decoded and checked like a call's; ``action_name`` names it in
        errors and logs.
        """
        self._loop.check()
        return await self._check.request(action_name or "request", url, payload, timeout)

    async def avl_evts(self) -> dict[str, Any]:
        """One poll of ``/avl_evts``: the events queued for this session since the last one."""
        answer = await self.request("avl_evts", self._events_url, {"sid": self._sessions.sid or ""})
        if not isinstance(answer, dict):
            raise WialonInvalidResult("the avl_evts answer is not an object", "avl_evts", answer)
        return answer

    # -- help ----------------------------------------------------------------------------

    @staticmethod
    def help(service_name: str, action_name: str | None = None) -> str:
        """Open the API reference page of a service in the browser and return its URL.

        ``Wialon.help("core", "search_item")``, ``Wialon.help("core/search_item")`` and
        ``Wialon.help("core_search_item")`` all open the page of ``core/search_item``.
        """
        url = help_url(service_name, action_name)
        if not webbrowser.open(url):
            _log.info("no browser to open; the reference page is %s", url)
        return url
