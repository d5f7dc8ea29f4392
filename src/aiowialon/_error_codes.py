"""One exception class per documented Wialon error code (see :mod:`aiowialon.errors`)."""

from __future__ import annotations

from typing import Any, ClassVar

from wialon_protocol.errors import REQUEST_LIMIT_REASONS

from ._error_base import WialonError, WialonErrorReason, _CodedError


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
    #: the documented 1003 reasons, from :data:`wialon_protocol.REQUEST_LIMIT_REASONS`
    REASONS: ClassVar[dict[int, str]] = dict(REQUEST_LIMIT_REASONS)

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
