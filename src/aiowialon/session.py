"""Opening and closing the Wialon session, and the callbacks that run when it happens.

:class:`Sessions` is the client's collaborator for it; ``Wialon.login``, ``logout``,
``on_session_open`` and ``on_session_close`` hand over to it.
"""

from __future__ import annotations

import inspect
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any, TypedDict, TypeVar

from .errors import WialonInvalidResult, WialonInvalidSession, WialonWarning
from .logs import mask

__all__ = [
    "ClientLoginCallback",
    "ClientLoginParams",
    "ClientLogoutCallback",
    "SessionCallback",
    "Sessions",
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


class Sessions:
    """The Wialon session of one client: its id, the token, the login parameters, the callbacks.

    ``Wialon`` holds one and hands its ``login``/``logout`` and callback decorators to it.
    What it needs of the client it is given as functions: ``call`` builds and sends a call
    (the client's public ``call``, so a subclass that overrides it is honoured),
    ``adopt_loop`` binds the client to the running event loop, and ``release`` closes the
    HTTP session the client created.
    """

    def __init__(
        self,
        token: str | None,
        *,
        call: Callable[..., Awaitable[Any]],
        adopt_loop: Callable[[], None],
        release: Callable[[], Awaitable[None]],
    ) -> None:
        self.sid: str | None = None
        self.token = token
        #: the keywords of the last login, for logging in again (polling does)
        self.login_params: dict[str, Any] | None = None
        self.on_open: SessionCallback | None = None
        self.on_close: SessionCallback | None = None
        self._call = call
        self._adopt_loop = adopt_loop
        self._release = release

    def set_on_open(self, callback: C) -> C:
        """Register the callback run after every login (see ``Wialon.on_session_open``)."""
        self.on_open = _replace_callback("on_session_open", self.on_open, callback)
        return callback

    def set_on_close(self, callback: C) -> C:
        """Register the callback run after every logout (see ``Wialon.on_session_close``)."""
        self.on_close = _replace_callback("on_session_close", self.on_close, callback)
        return callback

    async def login(
        self, token: str | None = None, auth_hash: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """Open a session and return the login answer (see ``Wialon.login``)."""
        if token and auth_hash:
            raise ValueError("login() takes a token or an auth_hash, not both")
        self._adopt_loop()
        if auth_hash:
            svc = "core/use_auth_hash"
            wire = {"authHash": auth_hash, **params}
            self.login_params = {"auth_hash": auth_hash, **params}
        else:
            token = token or self.token
            if not token:
                raise ValueError(
                    "login() needs a token: pass token=... to it or to Wialon(...), "
                    "or pass auth_hash=..."
                )
            self.token = token
            svc = "token/login"
            wire = {"token": token, **params}
            self.login_params = {"token": token, **params}
        answer: dict[str, Any] = await self._call(svc, **wire)
        sid = answer.get("eid") if isinstance(answer, dict) else None
        if not isinstance(sid, str) or not sid:
            raise WialonInvalidResult("the login answer carries no session id", svc, answer)
        self.sid = sid
        _log.info("session %s opened (%s, user %r)", mask(sid), svc, answer.get("au"))
        if self.on_open is not None:
            await _run(self.on_open, answer)
        return answer

    async def logout(self) -> dict[str, Any]:
        """Close the session, then run the close callback (see ``Wialon.logout``)."""
        sid = self.sid
        if not sid:
            return {}
        answer: dict[str, Any]
        try:
            answer = await self._call("core/logout")
        except WialonInvalidSession as exc:
            _log.info("session %s was already closed by the server", mask(sid))
            answer = exc.result if isinstance(exc.result, dict) else {"error": 1}
        except BaseException:
            # The error is the caller's to see, but the HTTP session must not leak with it.
            if self.sid == sid:
                self.sid = None
                await self._release()
            raise
        finally:
            if self.sid == sid:
                self.sid = None
        _log.info("session %s closed", mask(sid))
        try:
            if self.on_close is not None:
                await _run(self.on_close, answer)
        finally:
            if self.sid is None:
                await self._release()
        return answer


def _replace_callback(
    kind: str, old: SessionCallback | None, new: SessionCallback
) -> SessionCallback:
    if not callable(new):
        raise TypeError(f"{kind} takes a callable, not {new!r}")
    if old is not None:
        warnings.warn(
            f"{kind} callback {_name(old)} replaced by {_name(new)}", WialonWarning, stacklevel=4
        )
    return new


def _name(func: Any) -> str:
    return str(getattr(func, "__qualname__", repr(func)))


async def _run(callback: SessionCallback, answer: dict[str, Any]) -> None:
    result = callback(answer)
    if inspect.isawaitable(result):
        await result
