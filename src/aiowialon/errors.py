"""Exceptions raised by the client, all mapped in one place.

Two families sit under one root, so a caller can tell "the server said no" apart from "the
server could not be reached or answered garbage"::

    AiowialonError(Exception)
    ├── WialonError                        an API error body: {"error": N, "reason": ...}
    │   ├── WialonInvalidSession           1
    │   ├── WialonInvalidService           2
    │   ├── WialonInvalidResult            3
    │   │   └── WialonBatchError           3, one or more items of a core/batch failed
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

from typing import Any, ClassVar, Union

__all__ = [
    "ERRORS_BY_CODE",
    "AiowialonError",
    "WialonAccessDenied",
    "WialonAccessDeniedDueToTransferError",
    "WialonAuthServerUnavailableError",
    "WialonBatchError",
    "WialonBillingError",
    "WialonConnectionError",
    "WialonDuplicateItemError",
    "WialonError",
    "WialonErrorPerformingRequest",
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
    "error_from_response",
]

#: What ``WialonError.reason`` may hold: the server's text, a documented reason number, or,
#: for a batch, the errors of its failed items.
WialonErrorReason = Union[str, int, "WialonError", list["WialonError"]]

# Short explanations of the documented codes (help.wialon.com, "Error codes").
_EXPLANATIONS: dict[int, str] = {
    1: "Invalid session",
    2: "Invalid service name",
    3: "Invalid result",
    4: "Invalid input",
    5: "Error performing request",
    6: "Unknown error",
    7: "Access denied",
    8: "Invalid user name or password",
    9: "Authorization server is unavailable",
    10: "Limit of concurrent requests reached",
    11: "Password reset error",
    14: "Billing error",
    1001: "No messages for the selected interval",
    1002: "An item with this unique property exists, or billing forbids creating it",
    1003: "Only one request of this kind is allowed at the moment",
    1004: "Message count limit exceeded",
    1005: "Execution time limit exceeded",
    1006: "Too many attempts to enter a two-factor code",
    1011: "IP address changed or session expired",
    2006: "The unit cannot be transferred to this account",
    2008: "The user has no access to the unit (account transfer)",
    2014: "The user created system objects and cannot be bound to a new account",
    2015: "The sensor is used by another sensor or by unit properties and cannot be deleted",
}


class AiowialonError(Exception):
    """Root of every exception this package raises on purpose."""


class WialonWarning(UserWarning):
    """Something worked, but probably not as the caller meant it to."""


class WialonError(AiowialonError):
    """The Wialon server answered a call with an error body ``{"error": code, ...}``.

    ``code`` is the Wialon error number, ``reason`` the server's ``reason`` text (for a batch:
    the list of per-item errors), ``action_name`` the call (``"core/search_item"``) and
    ``result`` the raw answer.
    """

    def __init__(
        self,
        code: int,
        reason: WialonErrorReason | None = None,
        action_name: str | None = None,
        result: Any = None,
    ) -> None:
        super().__init__(code, reason, action_name, result)
        self.code: int = code
        self.reason: WialonErrorReason | None = reason
        self.action_name: str | None = action_name
        self.result: Any = result

    @property
    def explanation(self) -> str:
        """The documented meaning of ``code``."""
        return _EXPLANATIONS.get(self.code, "Unknown error")

    def __str__(self) -> str:
        where = f" in {self.action_name!r}" if self.action_name else ""
        text = f"{self.explanation} (error {self.code}){where}"
        if isinstance(self.reason, list):
            return f"{text}: {len(self.reason)} failed item(s), see .reason"
        if self.reason is not None and self.reason != "":
            return f"{text}: {self.reason}"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, reason={self.reason!r}, "
            f"action_name={self.action_name!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take no ``code`` argument, so the default pickling (cls(*args)) would
        # shift every argument by one.
        return (_rebuild_error, (type(self), self.code, self.reason, self.action_name, self.result))


def _rebuild_error(
    cls: type[WialonError], code: int, reason: Any, action_name: str | None, result: Any
) -> WialonError:
    err = cls.__new__(cls)
    WialonError.__init__(err, code, reason, action_name, result)
    return err


class _CodedError(WialonError):
    """A WialonError whose code is fixed by its class."""

    CODE: ClassVar[int] = 6

    def __init__(
        self,
        reason: WialonErrorReason | None = None,
        action_name: str | None = None,
        result: Any = None,
    ) -> None:
        super().__init__(self.CODE, reason, action_name, result)


class WialonInvalidSession(_CodedError, PermissionError):
    """Error 1: the session id is missing, expired or logged out."""

    CODE = 1


class WialonInvalidService(_CodedError, LookupError):
    """Error 2: the server does not know this service."""

    CODE = 2


class WialonInvalidResult(_CodedError, RuntimeError):
    """Error 3: the result is invalid (or the item or file was not found)."""

    CODE = 3


class WialonBatchError(WialonInvalidResult):
    """One or more items of a ``core/batch`` failed.

    ``reason`` (and ``errors``) is the list of per-item errors, each naming its item as
    ``core/batch[INDEX] SVC``; ``result`` is the raw list of answers, successes included.
    """

    @property
    def errors(self) -> list[WialonError]:
        """The per-item errors, in request order."""
        reason = self.reason
        return list(reason) if isinstance(reason, list) else []


class WialonInvalidInput(_CodedError, ValueError):
    """Error 4: wrong parameters."""

    CODE = 4


class WialonErrorPerformingRequest(_CodedError, RuntimeError):
    """Error 5: the server failed to perform the request."""

    CODE = 5


class WialonUnknownError(_CodedError):
    """Error 6: unknown error (also used for an error body whose code is not a number)."""

    CODE = 6


class WialonAccessDenied(_CodedError, PermissionError):
    """Error 7: access denied."""

    CODE = 7


class WialonInvalidCredentials(_CodedError, PermissionError):
    """Error 8: invalid user name or password (token/login: no such subuser)."""

    CODE = 8


class WialonAuthServerUnavailableError(_CodedError, ConnectionError):
    """Error 9: the authorization server is unavailable."""

    CODE = 9


class WialonReachedConcurrentRequestLimit(_CodedError, RuntimeError):
    """Error 10: too many concurrent requests (also: a batch item skipped after a failure)."""

    CODE = 10


class WialonPasswordResetError(_CodedError, RuntimeError):
    """Error 11: password reset failed; ``reason`` says why."""

    CODE = 11


class WialonBillingError(_CodedError, RuntimeError):
    """Error 14: billing error."""

    CODE = 14


class WialonMessageNotFoundError(_CodedError, ValueError):
    """Error 1001: no messages for the selected interval."""

    CODE = 1001


class WialonDuplicateItemError(_CodedError, LookupError):
    """Error 1002: an item with this unique property exists, or billing forbids it."""

    CODE = 1002


class WialonRequestLimitExceededError(_CodedError, RuntimeError):
    """Error 1003: only one request of this kind at a time, or another limit was hit.

    A number given as ``reason`` is turned into the documented reason text.
    """

    CODE = 1003
    REASONS: ClassVar[dict[int, str]] = {
        1: "Only one request is allowed at the moment",
        2: "LIMIT api_concurrent",
        3: "LAYERS_MAX_COUNT",
        4: "NO_SESSION",
        5: "LOCKER_ERROR",
    }

    def __init__(
        self,
        reason: WialonErrorReason | None = None,
        action_name: str | None = None,
        result: Any = None,
    ) -> None:
        if isinstance(reason, int) and not isinstance(reason, bool):
            reason = self.REASONS.get(reason, reason)
        super().__init__(reason, action_name, result)


class WialonMessageLimitExceededError(_CodedError, RuntimeError):
    """Error 1004: message count limit exceeded."""

    CODE = 1004


class WialonExecutionTimeExceededError(_CodedError, RuntimeError):
    """Error 1005: execution time limit exceeded."""

    CODE = 1005


class WialonTwoFactorAuthAttemptsExceededError(_CodedError, PermissionError):
    """Error 1006: too many wrong two-factor codes."""

    CODE = 1006


class WialonSessionExpiredOrIPChangedError(_CodedError, RuntimeError):
    """Error 1011: the IP address changed or the session expired."""

    CODE = 1011


class WialonTransferUnitError(_CodedError, RuntimeError):
    """Error 2006: the unit cannot be transferred to this account."""

    CODE = 2006


class WialonAccessDeniedDueToTransferError(_CodedError, PermissionError):
    """Error 2008: the user has no access to the unit being transferred."""

    CODE = 2008


class WialonUserCreationError(_CodedError, RuntimeError):
    """Error 2014: the user created system objects and cannot be bound to a new account."""

    CODE = 2014


class WialonSensorDeleteForbiddenError(_CodedError, RuntimeError):
    """Error 2015: the sensor is in use and cannot be deleted."""

    CODE = 2015


#: Error code -> exception class; codes not listed become a plain ``WialonError``.
ERRORS_BY_CODE: dict[int, type[_CodedError]] = {
    cls.CODE: cls
    for cls in (
        WialonInvalidSession,
        WialonInvalidService,
        WialonInvalidResult,
        WialonInvalidInput,
        WialonErrorPerformingRequest,
        WialonUnknownError,
        WialonAccessDenied,
        WialonInvalidCredentials,
        WialonAuthServerUnavailableError,
        WialonReachedConcurrentRequestLimit,
        WialonPasswordResetError,
        WialonBillingError,
        WialonMessageNotFoundError,
        WialonDuplicateItemError,
        WialonRequestLimitExceededError,
        WialonMessageLimitExceededError,
        WialonExecutionTimeExceededError,
        WialonTwoFactorAuthAttemptsExceededError,
        WialonSessionExpiredOrIPChangedError,
        WialonTransferUnitError,
        WialonAccessDeniedDueToTransferError,
        WialonUserCreationError,
        WialonSensorDeleteForbiddenError,
    )
}


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
    except (TypeError, ValueError):
        return WialonUnknownError(reason if reason is not None else repr(raw), action_name, body)
    if code == 0:
        return None
    cls = ERRORS_BY_CODE.get(code)
    if cls is None:
        return WialonError(code, reason, action_name, body)
    return cls(reason, action_name, body)


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
