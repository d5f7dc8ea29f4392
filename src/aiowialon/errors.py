"""Exceptions raised by the client, all mapped in one place.

Two families sit under one root, so a caller can tell "the server said no" apart from "the
server could not be reached or answered garbage"::

    AiowialonError(Exception)
    ├── WialonError                        an API error body: {"error": N, "reason": ...}
    │   ├── WialonInvalidSession           1
    │   ├── WialonInvalidService           2
    │   ├── WialonInvalidResult            3
    │   │   └── WialonBatchError           3, one or more items of a core/batch failed
    │   ├── WialonBatchItemNotExecuted     10 for an item a STOP_ON_ERROR batch skipped
    │   ├── WialonInvalidInput             4
    │   ├── WialonErrorPerformingRequest   5
    │   ├── WialonUnknownError             6
    │   ├── WialonAccessDenied             7
    │   ├── WialonInvalidCredentials       8
    │   ├── WialonAuthServerUnavailableError      9
    │   ├── WialonReachedConcurrentRequestLimit   10
    │   ├── WialonPasswordResetError       11
    │   ├── WialonBillingError             14
    │   ├── WialonMessageNotFoundError     1001
    │   ├── WialonDuplicateItemError       1002
    │   ├── WialonRequestLimitExceededError       1003
    │   ├── WialonMessageLimitExceededError       1004
    │   ├── WialonExecutionTimeExceededError      1005
    │   ├── WialonTwoFactorAuthAttemptsExceededError   1006
    │   ├── WialonSessionExpiredOrIPChangedError       1011
    │   ├── WialonTransferUnitError        2006
    │   ├── WialonAccessDeniedDueToTransferError       2008
    │   ├── WialonUserCreationError        2014
    │   └── WialonSensorDeleteForbiddenError           2015
    ├── WialonEventLoopError               used from another event loop or thread (RuntimeError)
    └── WialonTransportError               no usable answer from the server
        ├── WialonConnectionError          refused, reset, closed without an answer
        ├── WialonTimeoutError             also a TimeoutError
        ├── WialonHTTPError                a status outside 2xx (``.status``)
        └── WialonResponseError            HTML, truncated or otherwise not JSON

    WialonWarning(UserWarning)             e.g. a session callback replaced

The API error classes also derive from the builtin that fits their meaning
(``PermissionError``, ``ValueError``, ...), as py-aiowialon's do, so existing ``except``
clauses keep working. Every error carries the name of the call it belongs to.
"""

from __future__ import annotations

from typing import Any

from ._error_base import AiowialonError, WialonError, WialonWarning, _CodedError
from ._error_codes import (
    WialonAccessDenied,
    WialonAccessDeniedDueToTransferError,
    WialonAuthServerUnavailableError,
    WialonBatchError,
    WialonBatchItemNotExecuted,
    WialonBillingError,
    WialonDuplicateItemError,
    WialonErrorPerformingRequest,
    WialonExecutionTimeExceededError,
    WialonInvalidCredentials,
    WialonInvalidInput,
    WialonInvalidResult,
    WialonInvalidService,
    WialonInvalidSession,
    WialonMessageLimitExceededError,
    WialonMessageNotFoundError,
    WialonPasswordResetError,
    WialonReachedConcurrentRequestLimit,
    WialonRequestLimitExceededError,
    WialonSensorDeleteForbiddenError,
    WialonSessionExpiredOrIPChangedError,
    WialonTransferUnitError,
    WialonTwoFactorAuthAttemptsExceededError,
    WialonUnknownError,
    WialonUserCreationError,
)

# The exception classes, re-exported as they are by the package; ERRORS_BY_CODE and
# error_from_response are importable from here but stay out of the package namespace.
__all__ = [
    "AiowialonError",
    "WialonAccessDenied",
    "WialonAccessDeniedDueToTransferError",
    "WialonAuthServerUnavailableError",
    "WialonBatchError",
    "WialonBatchItemNotExecuted",
    "WialonBillingError",
    "WialonConnectionError",
    "WialonDuplicateItemError",
    "WialonError",
    "WialonErrorPerformingRequest",
    "WialonEventLoopError",
    "WialonExecutionTimeExceededError",
    "WialonHTTPError",
    "WialonInvalidCredentials",
    "WialonInvalidInput",
    "WialonInvalidResult",
    "WialonInvalidService",
    "WialonInvalidSession",
    "WialonMessageLimitExceededError",
    "WialonMessageNotFoundError",
    "WialonPasswordResetError",
    "WialonReachedConcurrentRequestLimit",
    "WialonRequestLimitExceededError",
    "WialonResponseError",
    "WialonSensorDeleteForbiddenError",
    "WialonSessionExpiredOrIPChangedError",
    "WialonTimeoutError",
    "WialonTransferUnitError",
    "WialonTransportError",
    "WialonTwoFactorAuthAttemptsExceededError",
    "WialonUnknownError",
    "WialonUserCreationError",
    "WialonWarning",
]


#: Error code -> exception class; codes not listed become a plain ``WialonError``. Every code
#: class subclasses ``_CodedError`` directly, so it is listed once, where it is defined;
#: WialonBatchError shares code 3 with its parent and stays out (the batch check raises it).
ERRORS_BY_CODE: dict[int, type[_CodedError]] = {
    cls.CODE: cls for cls in _CodedError.__subclasses__()
}


# The classes live in private modules to keep each module small; they belong here (reprs,
# tracebacks and pickles name them aiowialon.errors.X).
for _cls in (
    AiowialonError,
    WialonError,
    WialonWarning,
    WialonBatchError,
    WialonBatchItemNotExecuted,
    *ERRORS_BY_CODE.values(),
):
    _cls.__module__ = __name__


def error_from_response(action_name: str | None, body: Any) -> WialonError | None:
    """The error a decoded answer stands for, or None when it is not an error.

    An answer is an error when it is a JSON object with a non-zero ``error`` key (so
    ``{"error": 0}``, the success answer of e.g. ``core/logout``, is not one). A code that is
    not a number is reported as error 6 with the raw value as the reason.
    """
    if type(body) is not dict:
        return None
    raw = body.get("error")
    if raw is None or raw == 0:
        return None
    reason = body.get("reason")
    try:
        code = int(raw)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a code of 1e400
        return WialonUnknownError(reason if reason is not None else repr(raw), action_name, body)
    if code == 0:
        return None
    cls = ERRORS_BY_CODE.get(code)
    if cls is None:
        return WialonError(code, reason, action_name, body)
    return cls(reason, action_name, body)


class WialonEventLoopError(AiowialonError, RuntimeError):
    """The client was used from an event loop (or thread) other than the one it works on.

    An async client belongs to one running event loop: its HTTP session, rate limiter and
    locks live there. Use it from that loop (from another thread, through
    ``asyncio.run_coroutine_threadsafe``), give each loop its own client, or use the
    synchronous facade ``aiowialon.sync.Wialon``, which is safe to share between threads.
    """


class WialonTransportError(AiowialonError):
    """The call got no usable answer: the network, HTTP or the body's format failed.

    ``action_name`` names the call; ``message`` says what went wrong.
    """

    def __init__(self, message: str, *, action_name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.action_name = action_name

    def __str__(self) -> str:
        if self.action_name:
            return f"{self.action_name!r}: {self.message}"
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # The keyword-only argument would be lost by the default ``cls(*args)`` pickling.
        return (_rebuild_transport, (type(self), self.__dict__.copy()))


def _rebuild_transport(cls: type[WialonTransportError], state: dict[str, Any]) -> Any:
    err = cls.__new__(cls, state.get("message", ""))
    Exception.__init__(err, state.get("message", ""))
    err.__dict__.update(state)
    return err


class WialonConnectionError(WialonTransportError):
    """The connection was refused, reset or closed before an answer came."""


class WialonTimeoutError(WialonTransportError, TimeoutError):
    """No answer within the call's timeout."""


class WialonHTTPError(WialonTransportError):
    """The server answered with an HTTP status outside 2xx; ``status`` holds it."""

    def __init__(self, message: str, *, status: int, action_name: str | None = None) -> None:
        super().__init__(message, action_name=action_name)
        self.status = status


class WialonResponseError(WialonTransportError):
    """The answer could not be read: HTML, truncated, or otherwise not JSON.

    ``excerpt`` holds the first bytes of the body, for the error message and the logs.
    """

    def __init__(self, message: str, *, excerpt: str = "", action_name: str | None = None) -> None:
        super().__init__(message, action_name=action_name)
        self.excerpt = excerpt
