"""Async client for the Wialon Remote API, a drop-in for py-aiowialon 2.0.

``from aiowialon import Wialon, flags, MultipartField, WialonError`` and every exception name
py-aiowialon exports work here too.
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
from .logs import logger
from .services import UnknownServiceError
from .session import SessionCallback

__all__ = [
    "AiowialonError",
    "Call",
    "MultipartField",
    "SessionCallback",
    "UnknownServiceError",
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
