"""The one exception a handler raises to answer with a Wialon error body."""

from __future__ import annotations


class ApiError(Exception):
    """Answer the current call with ``{"error": code}`` (plus ``reason`` when given).

    Handlers raise it; the HTTP layer and ``core/batch`` turn it into the body the real
    server sends. ``code`` values follow the table in the Wialon error-codes reference.
    """

    def __init__(self, code: int, reason: str | None = None) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason

    def body(self) -> dict[str, object]:
        """The JSON body the real server sends for this error."""
        if self.reason is None:
            return {"error": self.code}
        return {"error": self.code, "reason": self.reason}
