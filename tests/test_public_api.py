"""The public surface of the package: a sorted ``__all__`` whose names all import, and every
name a py-aiowialon 2.0 user imports."""

from __future__ import annotations

import importlib

import pytest

import aiowialon

# py-aiowialon 2.0.0's export list: the ``__all__`` of its top-level package, copied by hand
# (its wheel is not part of this repository), sorted.
PY_AIOWIALON_NAMES = [
    "AvlEvent",
    "AvlEventCallback",
    "AvlEventData",
    "AvlEventFilter",
    "AvlEventHandler",
    "ClientLoginCallback",
    "ClientLoginParams",
    "ClientLogoutCallback",
    "MultipartField",
    "WLP",
    "Wialon",
    "WialonAccessDenied",
    "WialonAccessDeniedDueToTransferError",
    "WialonAuthServerUnavailableError",
    "WialonBillingError",
    "WialonCallRespValidator",
    "WialonDuplicateItemError",
    "WialonError",
    "WialonErrorPerformingRequest",
    "WialonExecutionTimeExceededError",
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
    "WialonSensorDeleteForbiddenError",
    "WialonSessionExpiredOrIPChangedError",
    "WialonTransferUnitError",
    "WialonTwoFactorAuthAttemptsExceededError",
    "WialonUnknownError",
    "WialonUserCreationError",
    "WialonWarning",
    "api_types",
    "flags",
    "logger",
]

TRANSPORT_ERRORS = [
    "WialonConnectionError",
    "WialonHTTPError",
    "WialonResponseError",
    "WialonTimeoutError",
]


@pytest.mark.parametrize("module", ["aiowialon"])
def test_all_is_sorted_and_importable(module: str) -> None:
    mod = importlib.import_module(module)
    names = list(mod.__all__)
    assert names == sorted(names), f"{module}.__all__ is not sorted"
    assert len(names) == len(set(names)), f"{module}.__all__ has duplicates"
    for name in names:
        assert getattr(mod, name, None) is not None, f"{module}.{name} does not import"


@pytest.mark.parametrize("name", [*PY_AIOWIALON_NAMES, "Call", *TRANSPORT_ERRORS])
def test_drop_in_names_are_exported(name: str) -> None:
    assert name in aiowialon.__all__


def test_error_families() -> None:
    for name in TRANSPORT_ERRORS:
        cls = getattr(aiowialon, name)
        assert issubclass(cls, aiowialon.WialonTransportError)
        assert not issubclass(cls, aiowialon.WialonError)
    assert issubclass(aiowialon.WialonTimeoutError, TimeoutError)
    assert issubclass(aiowialon.WialonTransportError, aiowialon.AiowialonError)
    assert issubclass(aiowialon.WialonError, aiowialon.AiowialonError)


def test_the_error_tree_is_reexported_whole() -> None:
    from aiowialon import errors

    for name in errors.__all__:
        assert getattr(aiowialon, name) is getattr(errors, name)
    assert "error_from_response" not in aiowialon.__all__


def test_logger_is_the_package_logger() -> None:
    assert aiowialon.logger.name == "aiowialon"
