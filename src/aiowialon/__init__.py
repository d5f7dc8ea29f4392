"""Async client for the Wialon Remote API, a drop-in for py-aiowialon 2.0.

``from aiowialon import Wialon, flags, AvlEvent, MultipartField, WialonError, WLP`` and every
exception name py-aiowialon exports work here too.
"""

from __future__ import annotations

from . import flags
from .calls import Call, MultipartField
from .client import Wialon
from .errors import (
    AiowialonError,
    WialonAccessDenied,
    WialonAccessDeniedDueToTransferError,
    WialonAuthServerUnavailableError,
    WialonBatchError,
    WialonBillingError,
    WialonConnectionError,
    WialonDuplicateItemError,
    WialonError,
    WialonErrorPerformingRequest,
    WialonExecutionTimeExceededError,
    WialonHTTPError,
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
    WialonResponseError,
    WialonSensorDeleteForbiddenError,
    WialonSessionExpiredOrIPChangedError,
    WialonTimeoutError,
    WialonTransferUnitError,
    WialonTransportError,
    WialonTwoFactorAuthAttemptsExceededError,
    WialonUnknownError,
    WialonUserCreationError,
    WialonWarning,
)
from .events import AvlEvent, AvlEventCallback, AvlEventData, AvlEventFilter, AvlEventHandler
from .logs import logger
from .services import UnknownServiceError
from .session import (
    ClientLoginCallback,
    ClientLoginParams,
    ClientLogoutCallback,
    SessionCallback,
)
from .shortcuts import WLP

# Plain sorted() order, which tests/test_public_api.py asserts; ruff's RUF022 would put
# SCREAMING_CASE names (WLP) first.
__all__ = [  # noqa: RUF022  # see the comment above
    "AiowialonError",
    "AvlEvent",
    "AvlEventCallback",
    "AvlEventData",
    "AvlEventFilter",
    "AvlEventHandler",
    "Call",
    "ClientLoginCallback",
    "ClientLoginParams",
    "ClientLogoutCallback",
    "MultipartField",
    "SessionCallback",
    "UnknownServiceError",
    "WLP",
    "Wialon",
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
    "flags",
    "logger",
]
