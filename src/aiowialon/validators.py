"""``WialonCallRespValidator``: the client's answer checks, for code that sends its own requests.

py-aiowialon 2.0 exports this class so that code talking to Wialon endpoints directly (with
its own ``aiohttp`` session) can check answers the way the client does. The client itself
checks answers in :mod:`aiowialon.transport` and :mod:`aiowialon.wire`; these methods reuse
that logic, so both agree on what an error is.
"""

from __future__ import annotations

import warnings
from typing import Any, Protocol

from .errors import WialonError, WialonWarning, error_from_response
from .wire import batch_errors

__all__ = ["WialonCallRespValidator"]

# py-aiowialon names calls by method (``core_batch``), this client by service (``core/batch``).
_BATCH_NAMES = frozenset({"core/batch", "core_batch"})


class _HasHeaders(Protocol):
    # ``aiohttp.ClientResponse`` fits, and so does anything else with a headers mapping.
    @property
    def headers(self) -> Any: ...


class WialonCallRespValidator:
    """Checks of one answer of the Wialon API; every method is a static coroutine."""

    @staticmethod
    async def raise_wialon_error(action_name: str, result: dict[str, Any]) -> None:
        """Raise the exception an error body ``{"error": N, ...}`` stands for.

        ``{"error": 0}`` is success and raises nothing; a body without ``error`` counts as
        error 6 (unknown). The exception is the class of that code (``WialonAccessDenied``
        for 7, ...), naming ``action_name`` and carrying ``result``.
        """
        body = result if "error" in result else {**result, "error": 6}
        error = error_from_response(action_name, body)
        if error is not None:
            raise error

    @staticmethod
    async def validate_headers(response: _HasHeaders) -> None:
        """Warn (``WialonWarning``) when the answer is not declared ``application/json``."""
        content_type = response.headers.get("Content-Type")
        if not content_type:
            warnings.warn("the answer has no Content-Type", WialonWarning, stacklevel=2)
        elif content_type != "application/json":
            warnings.warn(
                f"the answer's Content-Type is {content_type!r}, not 'application/json'",
                WialonWarning,
                stacklevel=2,
            )

    @staticmethod
    async def validate_result(action_name: str, result: Any) -> None:
        """Raise if ``result`` is an error body, or a ``core/batch`` answer with failed items.

        For a batch (``action_name`` ``core/batch`` or ``core_batch``) the raised
        ``WialonBatchError`` (a ``WialonInvalidResult``) holds the items' errors in
        ``reason`` and the whole answer in ``result``.
        """
        error: WialonError | None = error_from_response(action_name, result)
        if error is None and action_name in _BATCH_NAMES and isinstance(result, list):
            error = batch_errors(None, result)
        if error is not None:
            raise error

    @staticmethod
    async def has_attachment(response: _HasHeaders) -> bool:
        """True when the answer is a file (an attachment or a binary type), not JSON."""
        disposition = response.headers.get("Content-Disposition") or ""
        if "attachment" in disposition.lower():
            return True
        content_type = (response.headers.get("Content-Type") or "").lower()
        return "application/octet-stream" in content_type or "multipart/form-data" in content_type
