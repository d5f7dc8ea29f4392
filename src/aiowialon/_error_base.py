"""The roots of the exception tree; the tree itself is drawn in :mod:`aiowialon.errors`."""

from __future__ import annotations

from typing import Any, ClassVar, Union

WialonErrorReason = Union[str, int, "WialonError", list["WialonError"]]

# Short explanations of the documented codes (help.wialon.com, "Error codes").
_EXPLANATIONS: dict[int, str] = {
    1: "Invalid session",
    2: "Invalid service name",
    3: "Invalid result",
    4: "Invalid input",
    5: "Error performing request",
    6: "Unknown error",
    7: "Access denied",
    8: "Invalid user name or password",
    9: "Authorization server is unavailable",
    10: "Limit of concurrent requests reached",
    11: "Password reset error",
    14: "Billing error",
    1001: "No messages for the selected interval",
    1002: "An item with this unique property exists, or billing forbids creating it",
    1003: "Only one request of this kind is allowed at the moment",
    1004: "Message count limit exceeded",
    1005: "Execution time limit exceeded",
    1006: "Too many attempts to enter a two-factor code",
    1011: "IP address changed or session expired",
    2006: "The unit cannot be transferred to this account",
    2008: "The user has no access to the unit (account transfer)",
    2014: "The user created system objects and cannot be bound to a new account",
    2015: "The sensor is used by another sensor or by unit properties and cannot be deleted",
}


class AiowialonError(Exception):
    """Root of every exception this package raises on purpose."""


class WialonWarning(UserWarning):
    """Something worked, but probably not as the caller meant it to."""


class WialonError(AiowialonError):
    """The Wialon server answered a call with an error body ``{"error": code, ...}``.

    ``code`` is the Wialon error number, ``reason`` the server's ``reason`` text (for a batch:
    the list of per-item errors), ``action_name`` the call (``"core/search_item"``) and
    ``result`` the raw answer.
    """

    def __init__(
        self,
        code: int,
        reason: WialonErrorReason | None = None,
        action_name: str | None = None,
        result: Any = None,
    ) -> None:
        super().__init__(code, reason, action_name, result)
        self.code: int = code
        self.reason: WialonErrorReason | None = reason
        self.action_name: str | None = action_name
        self.result: Any = result

    @property
    def explanation(self) -> str:
        """The documented meaning of ``code``."""
        return _EXPLANATIONS.get(self.code, "Unknown error")

    def __str__(self) -> str:
        where = f" in {self.action_name!r}" if self.action_name else ""
        text = f"{self.explanation} (error {self.code}){where}"
        if isinstance(self.reason, list):
            return f"{text}: {len(self.reason)} failed item(s), see .reason"
        if self.reason is not None and self.reason != "":
            return f"{text}: {self.reason}"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, reason={self.reason!r}, "
            f"action_name={self.action_name!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take no ``code`` argument, so the default pickling (cls(*args)) would
        # shift every argument by one.
        return (_rebuild_error, (type(self), self.code, self.reason, self.action_name, self.result))


def _rebuild_error(
    cls: type[WialonError], code: int, reason: Any, action_name: str | None, result: Any
) -> WialonError:
    err = cls.__new__(cls)
    WialonError.__init__(err, code, reason, action_name, result)
    return err


class _CodedError(WialonError):
    """A WialonError whose code is fixed by its class."""

    CODE: ClassVar[int] = 6

    def __init__(
        self,
        reason: WialonErrorReason | None = None,
        action_name: str | None = None,
        result: Any = None,
    ) -> None:
        super().__init__(self.CODE, reason, action_name, result)
