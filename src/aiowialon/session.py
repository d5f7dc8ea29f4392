"""Opening and closing the Wialon session, and the callbacks that run when it happens."""

from __future__ import annotations

import inspect
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from .errors import WialonInvalidResult, WialonInvalidSession, WialonWarning
from .logs import mask

if TYPE_CHECKING:
    from .calls import Call
    from .transport import Transport

__all__ = [
    "ClientLoginCallback",
    "ClientLoginParams",
    "ClientLogoutCallback",
    "SessionCallback",
    "SessionMixin",
]

_log = logging.getLogger("aiowialon.session")

#: A function called with the login answer (on open) or the logout answer (on close).
SessionCallback = Callable[[dict[str, Any]], Awaitable[Any] | Any]
C = TypeVar("C", bound=SessionCallback)
#: py-aiowialon's names of the two callback types.
ClientLoginCallback = SessionCallback
ClientLogoutCallback = SessionCallback


class ClientLoginParams(TypedDict, total=False):
    """The keywords ``login()`` (and ``start_polling()``) take, for type checkers."""

    token: str | None
    auth_hash: str | None
    appName: str
    operateAs: str
    fl: int
    checkService: str


class SessionMixin:
    """``login``/``logout`` and ``on_session_open``/``on_session_close`` for the client."""

    _sid: str | None
    _token: str | None
    _transport: Transport

    if TYPE_CHECKING:

        def call(self, action_name: str, /, **params: Any) -> Call[Any]: ...

        def _adopt_running_loop(self) -> None: ...

    def __init__(self) -> None:
        super().__init__()
        self._on_open: SessionCallback | None = None
        self._on_close: SessionCallback | None = None
        self._login_params: dict[str, Any] | None = None

    def on_session_open(self, callback: C) -> C:
        """Decorator: run ``callback(login_answer)`` after every successful login.

        One callback per client: registering another replaces it with a ``WialonWarning``.
        It may be a coroutine function or a plain one.
        """
        self._on_open = _replace_callback("on_session_open", self._on_open, callback)
        return callback

    def on_session_close(self, callback: C) -> C:
        """Decorator: run ``callback(logout_answer)`` after every logout.

        One callback per client: registering another replaces it with a ``WialonWarning``.
        """
        self._on_close = _replace_callback("on_session_close", self._on_close, callback)
        return callback

    async def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """Open a session and return the server's login answer.

        With a token (the one given here, else the client's) this is ``token/login``; with
        ``auth_hash`` it is ``core/use_auth_hash``. Other keywords (``operateAs``, ``fl``,
        ``appName``, ``checkService``, ...) go along as parameters. The new session id is
        kept in ``sid``, then the ``on_session_open`` callback runs.
        """
        if token and auth_hash:
            raise ValueError("login() takes a token or an auth_hash, not both")
        self._adopt_running_loop()
        if auth_hash:
            svc = "core/use_auth_hash"
            wire = {"authHash": auth_hash, **params}
            self._login_params = {"auth_hash": auth_hash, **params}
        else:
            token = token or self._token
            if not token:
                raise ValueError(
                    "login() needs a token: pass token=... to it or to Wialon(...), "
                    "or pass auth_hash=..."
                )
            self._token = token
            svc = "token/login"
            wire = {"token": token, **params}
            self._login_params = {"token": token, **params}
        answer: dict[str, Any] = await self.call(svc, **wire)
        sid = answer.get("eid") if isinstance(answer, dict) else None
        if not isinstance(sid, str) or not sid:
            raise WialonInvalidResult("the login answer carries no session id", svc, answer)
        self._sid = sid
        _log.info("session %s opened (%s, user %r)", mask(sid), svc, answer.get("au"))
        if self._on_open is not None:
            await _run(self._on_open, answer)
        return answer

    async def logout(self) -> dict[str, Any]:
        """Close the session (``core/logout``), then run the ``on_session_close`` callback.

        Without a session this does nothing and returns ``{}``. A session the server has
        already dropped counts as closed. The HTTP session the client created is closed too
        (a later call opens a new one), so a script that ends with ``logout()`` leaks nothing.
        """
        sid = self._sid
        if not sid:
            return {}
        answer: dict[str, Any]
        try:
            answer = await self.call("core/logout")
        except WialonInvalidSession as exc:
            _log.info("session %s was already closed by the server", mask(sid))
            answer = exc.result if isinstance(exc.result, dict) else {"error": 1}
        except BaseException:
            # The error is the caller's to see, but the HTTP session must not leak with it.
            if self._sid == sid:
                self._sid = None
                await self._transport.close()
            raise
        finally:
            if self._sid == sid:
                self._sid = None
        _log.info("session %s closed", mask(sid))
        try:
            if self._on_close is not None:
                await _run(self._on_close, answer)
        finally:
            if self._sid is None:
                await self._transport.close()
        return answer


def _replace_callback(
    kind: str, old: SessionCallback | None, new: SessionCallback
) -> SessionCallback:
    if not callable(new):
        raise TypeError(f"{kind} takes a callable, not {new!r}")
    if old is not None:
        warnings.warn(
            f"{kind} callback {_name(old)} replaced by {_name(new)}", WialonWarning, stacklevel=3
        )
    return new


def _name(func: Any) -> str:
    return str(getattr(func, "__qualname__", repr(func)))


async def _run(callback: SessionCallback, answer: dict[str, Any]) -> None:
    result = callback(answer)
    if inspect.isawaitable(result):
        await result
