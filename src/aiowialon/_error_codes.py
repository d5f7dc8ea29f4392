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
    ``item_codes`` holds each item's error code (0 for an item that worked) and
    ``not_executed`` the indexes of the items a ``STOP_ON_ERROR`` batch skipped; the message
    lists both, e.g. ``2 of 3 items failed: [1] core/search_item: error 7 (Access denied);
    [2] core/search_item: not executed``.
    """

    @property
    def errors(self) -> list[WialonError]:
        """The per-item errors, in request order."""
        reason = self.reason
        return list(reason) if isinstance(reason, list) else []

    @property
    def item_codes(self) -> list[int]:
        """The error code of every item in request order; 0 where the item worked."""
        answers = self.result if isinstance(self.result, list) else []
        return [_item_code(answer) for answer in answers]

    @property
    def not_executed(self) -> list[int]:
        """Indexes of the items skipped after an earlier failure (``STOP_ON_ERROR``)."""
        return [
            index
            for index, error in zip(self._indexes(), self.errors, strict=True)
            if isinstance(error, WialonBatchItemNotExecuted)
        ]

    def _indexes(self) -> list[int]:
        out = []
        for error in self.errors:
            name = error.action_name or ""
            head, _, _ = name.partition("]")
            digits = head.rpartition("[")[2]
            out.append(int(digits) if digits.isdigit() else -1)
        return out

    def __str__(self) -> str:
        errors = self.errors
        if not errors:
            return super().__str__()
        total = len(self.result) if isinstance(self.result, list) else len(errors)
        failed = sum(not isinstance(e, WialonBatchItemNotExecuted) for e in errors)
        parts = []
        for index, error in zip(self._indexes(), errors, strict=True):
            svc = (error.action_name or "").partition("] ")[2] or "?"
            if isinstance(error, WialonBatchItemNotExecuted):
                parts.append(f"[{index}] {svc}: not executed")
            else:
                parts.append(f"[{index}] {svc}: error {error.code} ({error.explanation})")
        shown = "; ".join(parts[:_SHOWN])
        if len(parts) > _SHOWN:
            shown += f"; ... {len(parts) - _SHOWN} more in .errors"
        return f"core/batch: {failed} of {total} items failed: {shown}"


#: per-item entries a batch error message lists before it refers to ``.errors``
_SHOWN = 5


def _item_code(answer: Any) -> int:
    if type(answer) is dict and "error" in answer:
        code = answer["error"]
        if type(code) is int:
            return code
        try:
            return int(code)
        except (TypeError, ValueError):
            return 6
    return 0


class WialonBatchItemNotExecuted(WialonError):
    """A ``core/batch`` item that did not run: an earlier item failed and the batch was sent
    with ``STOP_ON_ERROR``. Wialon answers such items ``{"error": 10}``; this is not a
    concurrency limit, so it is not a ``WialonReachedConcurrentRequestLimit``."""

    CODE: ClassVar[int] = 10

    def __init__(
        self, reason: Any = None, action_name: str | None = None, result: Any = None
    ) -> None:
        super().__init__(self.CODE, reason, action_name, result)

    @property
    def explanation(self) -> str:
        """What happened to the item."""
        return "Not executed: an earlier item of the batch failed (STOP_ON_ERROR)"


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
