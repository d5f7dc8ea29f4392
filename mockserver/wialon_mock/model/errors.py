"""The one exception a handler raises to answer with a Wialon error body."""

from __future__ import annotations

from wialon_protocol.errors import error_body


class ApiError(Exception):
    """Answer the current call with ``{"error": code}`` (plus ``reason`` when given).

    Handlers raise it; the HTTP layer and ``core/batch`` turn it into the body the real
    server sends. Codes are :class:`wialon_protocol.ErrorCode` members (plain ints on the
    wire), as the Wialon error-codes reference lists them.
    """

    def __init__(self, code: int, reason: str | None = None) -> None:
        super().__init__(int(code), reason)
        self.code = int(code)
        self.reason = reason

    def body(self) -> dict[str, object]:
        """The JSON body the real server sends for this error."""
        return error_body(self.code, self.reason)
