"""A Wialon call as a value.

``wialon.core_search_item(id=1, flags=1)`` sends nothing yet: it returns a ``Call`` that
holds the service name and the (already converted) parameters. Awaiting it sends it; the
same value can instead go into ``wialon.batch(...)``, get files attached with
``wialon.multipart(...)``, or a timeout of its own with ``wialon.wait(...)``. Because a
``Call`` is not a coroutine, one that is built and dropped leaves no "never awaited" warning.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

__all__ = ["Call", "MultipartField", "batch_params", "require_calls", "with_files"]

T = TypeVar("T")


@dataclass(frozen=True)
class MultipartField:
    """One part of a multipart request besides ``params``: usually a file.

    ``value`` is bytes, str or a binary file object; ``content_type`` and ``filename`` are
    sent with the part when given. The fields come in py-aiowialon's order, so positional
    arguments mean the same there and here. ``content_transfer_encoding`` is accepted for
    source compatibility and ignored (aiohttp deprecates it and HTTP has no use for it).
    """

    name: str
    value: Any = field(repr=False)
    content_type: str | None = None
    filename: str | None = None
    content_transfer_encoding: str | None = field(default=None, repr=False)
    #: where a seekable file object's content starts, so every send reads all of it
    _start: int | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tell = getattr(self.value, "tell", None)
        seekable = getattr(self.value, "seekable", None)
        if tell is not None and seekable is not None and seekable():
            # frozen dataclass: the start is set once, here
            object.__setattr__(self, "_start", tell())

    def payload(self) -> Any:
        """The value to send now: a file object is rewound to where it started."""
        if self._start is not None:
            self.value.seek(self._start)
        return self.value

    def dict(self) -> dict[str, Any]:
        """The fields that are set, by name (py-aiowialon's form-field keywords)."""
        return {
            key: value
            for key, value in (
                ("name", self.name),
                ("value", self.value),
                ("content_type", self.content_type),
                ("filename", self.filename),
                ("content_transfer_encoding", self.content_transfer_encoding),
            )
            if value is not None
        }


class Call(Awaitable[T], Generic[T]):
    """One Wialon API call: a service, its parameters, and the client that will send it.

    ``service`` is the Wialon ``svc`` (``"core/search_item"``), ``params`` the wire-ready
    parameter object (a dict, or a list for a bare ``core/batch``). ``files`` holds the parts
    of a multipart call and ``timeout`` a per-call timeout in seconds (None: the client's).
    Awaiting a call sends it; awaiting it again sends it again.
    """

    __slots__ = ("_sender", "files", "params", "service", "timeout")

    def __init__(
        self,
        sender: Callable[[Call[T]], Awaitable[T]],
        service: str,
        params: Any,
        *,
        files: tuple[MultipartField, ...] = (),
        timeout: float | None = None,
    ) -> None:
        self._sender = sender
        self.service = service
        self.params = params
        self.files = files
        self.timeout = timeout

    def replace(
        self,
        *,
        files: tuple[MultipartField, ...] | None = None,
        timeout: float | None = None,
    ) -> Call[T]:
        """A copy with other files and/or another timeout (parameters are shared, not copied)."""
        return Call(
            self._sender,
            self.service,
            self.params,
            files=self.files if files is None else files,
            timeout=self.timeout if timeout is None else timeout,
        )

    def batch_item(self) -> dict[str, Any]:
        """This call as one element of a ``core/batch`` request."""
        return {"svc": self.service, "params": self.params}

    def __await__(self) -> Generator[Any, None, T]:
        """Send the call (each ``await`` sends it again) and return the server's answer."""
        return self._sender(self).__await__()

    def __repr__(self) -> str:
        extra = f", files={[f.name for f in self.files]!r}" if self.files else ""
        if self.timeout is not None:
            extra += f", timeout={self.timeout!r}"
        return f"<Call {self.service} params={_short(self.params)}{extra}>"


def _short(params: Any, limit: int = 80) -> str:
    text = repr(dict(params) if isinstance(params, Mapping) else params)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def batch_params(calls: tuple[Any, ...], flags_: int) -> dict[str, Any]:
    """The params of a ``core/batch`` of ``calls`` (``Wialon.batch``), or TypeError."""
    require_calls("batch", calls)
    for item in calls:
        if item.files:
            raise TypeError(f"a multipart call cannot go into a batch: {item!r}")
        if item.service == "core/batch":
            raise TypeError("a batch cannot contain another batch")
    return {"params": [item.batch_item() for item in calls], "flags": int(flags_)}


def with_files(call: Call[T], fields: tuple[Any, ...]) -> Call[T]:
    """``call`` sent as multipart with ``fields`` (``Wialon.multipart``), or TypeError."""
    require_calls("multipart", (call,))
    for part in fields:
        if not isinstance(part, MultipartField):
            raise TypeError(f"multipart() takes MultipartField parts, not {part!r}")
    if call.service == "core/batch":
        raise TypeError("a batch cannot be sent as multipart")
    return call.replace(files=tuple(fields))


def require_calls(what: str, items: tuple[Any, ...]) -> None:
    """Raise TypeError unless every item is a Call; close coroutines so none goes unawaited."""
    wrong = [item for item in items if not isinstance(item, Call)]
    if not wrong:
        return
    for item in items:
        if inspect.iscoroutine(item):
            item.close()
    raise TypeError(
        f"{what}() takes calls built by the client (e.g. wialon.core_search_item(...)), "
        f"not {wrong[0]!r}"
    )
