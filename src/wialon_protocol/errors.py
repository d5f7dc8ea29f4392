"""Wialon error codes: the number in ``{"error": N}`` and what it means.

From the error-codes reference (https://help.wialon.com/en/api/user-guide/error-codes and
https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/errors/errors). ``{"error": 0}`` is a
success answer (``core/logout``); any other code is an error. An error body may carry a
``reason`` text; for 1003 the documented reasons are in :data:`REQUEST_LIMIT_REASONS`.
"""

from __future__ import annotations

from enum import IntEnum
from types import MappingProxyType
from typing import Any

__all__ = [
    "EXPLANATIONS",
    "REQUEST_LIMIT_REASONS",
    "ErrorCode",
    "error_body",
    "explain",
]


class ErrorCode(IntEnum):
    """Every documented code by name; members are plain ints on the wire."""

    SUCCESS = 0
    INVALID_SESSION = 1
    INVALID_SERVICE = 2
    INVALID_RESULT = 3
    INVALID_INPUT = 4
    ERROR_PERFORMING_REQUEST = 5
    UNKNOWN_ERROR = 6
    ACCESS_DENIED = 7
    INVALID_CREDENTIALS = 8
    AUTH_SERVER_UNAVAILABLE = 9
    CONCURRENT_REQUEST_LIMIT = 10
    PASSWORD_RESET_ERROR = 11
    BILLING_ERROR = 14
    NO_MESSAGES = 1001
    DUPLICATE_ITEM = 1002
    REQUEST_LIMIT = 1003
    MESSAGE_LIMIT = 1004
    EXECUTION_TIME_LIMIT = 1005
    TWO_FACTOR_ATTEMPTS = 1006
    SESSION_EXPIRED_OR_IP_CHANGED = 1011
    TRANSFER_UNIT = 2006
    TRANSFER_ACCESS_DENIED = 2008
    USER_CREATION = 2014
    SENSOR_DELETE_FORBIDDEN = 2015


EXPLANATIONS: MappingProxyType[ErrorCode, str] = MappingProxyType(
    {
        ErrorCode.SUCCESS: "success",
        ErrorCode.INVALID_SESSION: "invalid session: the sid is missing, expired or logged out",
        ErrorCode.INVALID_SERVICE: "invalid service name",
        ErrorCode.INVALID_RESULT: "invalid result (also: the item or file was not found)",
        ErrorCode.INVALID_INPUT: "invalid input: wrong parameters",
        ErrorCode.ERROR_PERFORMING_REQUEST: "error performing the request",
        ErrorCode.UNKNOWN_ERROR: "unknown error",
        ErrorCode.ACCESS_DENIED: "access denied",
        ErrorCode.INVALID_CREDENTIALS: (
            "invalid user name or password (token/login: no such subuser)"
        ),
        ErrorCode.AUTH_SERVER_UNAVAILABLE: "the authorization server is unavailable",
        ErrorCode.CONCURRENT_REQUEST_LIMIT: (
            "limit of concurrent requests reached (also: a core/batch item after a failed one "
            "with flags:1)"
        ),
        ErrorCode.PASSWORD_RESET_ERROR: "password reset error; the reason says why",
        ErrorCode.BILLING_ERROR: "billing error",
        ErrorCode.NO_MESSAGES: "no messages for the selected interval",
        ErrorCode.DUPLICATE_ITEM: (
            "an item with this unique property exists, or billing forbids creating it"
        ),
        ErrorCode.REQUEST_LIMIT: (
            "only one request of this kind is allowed at the moment, or another limit was hit"
        ),
        ErrorCode.MESSAGE_LIMIT: "message count limit exceeded",
        ErrorCode.EXECUTION_TIME_LIMIT: "execution time limit exceeded",
        ErrorCode.TWO_FACTOR_ATTEMPTS: "too many wrong two-factor codes",
        ErrorCode.SESSION_EXPIRED_OR_IP_CHANGED: "the IP address changed or the session expired",
        ErrorCode.TRANSFER_UNIT: "the unit cannot be transferred to this account",
        ErrorCode.TRANSFER_ACCESS_DENIED: "the user has no access to the unit being transferred",
        ErrorCode.USER_CREATION: (
            "the user created system objects and cannot be bound to a new account"
        ),
        ErrorCode.SENSOR_DELETE_FORBIDDEN: "the sensor is in use and cannot be deleted",
    }
)
"""What each code means (paraphrased from the error-codes reference)."""

REQUEST_LIMIT_REASONS: MappingProxyType[int, str] = MappingProxyType(
    {
        1: "Only one request is allowed at the moment",
        2: "LIMIT api_concurrent",
        3: "LAYERS_MAX_COUNT",
        4: "NO_SESSION",
        5: "LOCKER_ERROR",
    }
)
"""The ``reason`` texts the reference lists for error 1003, in its order."""


def explain(code: int) -> str:
    """What ``code`` means, or ``"error N"`` for a code the reference does not list."""
    try:
        return EXPLANATIONS[ErrorCode(code)]
    except ValueError:
        return f"error {code}"


def error_body(code: int, reason: str | None = None) -> dict[str, Any]:
    """The answer body the server sends for ``code``: ``{"error":N}`` (+ ``reason``)."""
    if reason is None:
        return {"error": int(code)}
    return {"error": int(code), "reason": reason}
