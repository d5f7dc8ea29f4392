"""API errors: one class per documented code, mapped in one place, naming the call."""

from __future__ import annotations

import pickle

import pytest

import aiowialon
from aiowialon import Wialon
from aiowialon.errors import (
    ERRORS_BY_CODE,
    AiowialonError,
    WialonError,
    WialonRequestLimitExceededError,
    WialonTransportError,
    error_from_response,
)
from wialon_mock import MockServer

# The exception names py-aiowialon 2.0 exports, with the code each one stands for.
PY_AIOWIALON_ERRORS = {
    "WialonInvalidSession": 1,
    "WialonInvalidService": 2,
    "WialonInvalidResult": 3,
    "WialonInvalidInput": 4,
    "WialonErrorPerformingRequest": 5,
    "WialonUnknownError": 6,
    "WialonAccessDenied": 7,
    "WialonInvalidCredentials": 8,
    "WialonAuthServerUnavailableError": 9,
    "WialonReachedConcurrentRequestLimit": 10,
    "WialonPasswordResetError": 11,
    "WialonBillingError": 14,
    "WialonMessageNotFoundError": 1001,
    "WialonDuplicateItemError": 1002,
    "WialonRequestLimitExceededError": 1003,
    "WialonMessageLimitExceededError": 1004,
    "WialonExecutionTimeExceededError": 1005,
    "WialonTwoFactorAuthAttemptsExceededError": 1006,
    "WialonSessionExpiredOrIPChangedError": 1011,
    "WialonTransferUnitError": 2006,
    "WialonAccessDeniedDueToTransferError": 2008,
    "WialonUserCreationError": 2014,
    "WialonSensorDeleteForbiddenError": 2015,
}


@pytest.mark.parametrize(("name", "code"), sorted(PY_AIOWIALON_ERRORS.items()))
def test_every_py_aiowialon_name_maps_its_code(name: str, code: int) -> None:
    cls = getattr(aiowialon, name)
    assert ERRORS_BY_CODE[code] is cls
    err = error_from_response("core/search_item", {"error": code, "reason": "why"})
    assert type(err) is cls
    assert err.code == code
    assert err.reason == "why"
    assert err.action_name == "core/search_item"
    assert err.result == {"error": code, "reason": "why"}
    assert "core/search_item" in str(err)
    assert isinstance(err, WialonError)
    assert isinstance(err, AiowialonError)
    assert not isinstance(err, WialonTransportError)


def test_warning_class_is_exported() -> None:
    assert issubclass(aiowialon.WialonWarning, UserWarning)


@pytest.mark.parametrize("body", [{"error": 0}, {"items": []}, [], [{"error": 7}], "x", None])
def test_non_error_answers(body: object) -> None:
    assert error_from_response("svc", body) is None


def test_unlisted_and_odd_codes() -> None:
    err = error_from_response("svc", {"error": 4242})
    assert type(err) is WialonError
    assert err.code == 4242
    odd = error_from_response("svc", {"error": "boom"})
    assert isinstance(odd, aiowialon.WialonUnknownError)
    assert odd.reason == "'boom'"


def test_numeric_1003_reason_becomes_its_text() -> None:
    assert WialonRequestLimitExceededError(2).reason == "LIMIT api_concurrent"


def test_errors_survive_pickling() -> None:
    err = error_from_response("core/search_item", {"error": 7})
    assert err is not None
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is type(err)
    assert (copy.code, copy.action_name, copy.result) == (7, "core/search_item", {"error": 7})
    http = aiowialon.WialonHTTPError("bad gateway", status=502, action_name="x")
    http_copy = pickle.loads(pickle.dumps(http))
    assert (http_copy.status, http_copy.action_name) == (502, "x")


@pytest.mark.parametrize("code", [1, 4, 7, 1003, 2015])
async def test_server_error_raises_its_class(
    session: Wialon, mock_server: MockServer, code: int
) -> None:
    mock_server.add_fault(svc="core/get_hw_types", kind="error", code=code, reason="injected")
    with pytest.raises(ERRORS_BY_CODE[code]) as info:
        await session.core_get_hw_types()
    assert info.value.code == code
    assert info.value.action_name == "core/get_hw_types"
    assert info.value.result == {"error": code, "reason": "injected"}
