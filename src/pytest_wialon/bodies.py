"""Recorded answers of a loaded cassette, written back to bytes only when one is used.

A cassette stores a JSON answer as JSON (so files diff well), and vcrpy wants the body as
bytes: ``{"string": b"..."}``. Encoding every answer when the file is opened was a third of
the time a cassette took to open, and a test replays only some of them. :class:`LazyBody` is
that dict with its ``"string"`` made on first use; it is a real ``dict``, and every way of
reading it (index, ``get``, ``in``, iteration, copies, comparison) sees the bytes.
"""

from __future__ import annotations

import copy
import marshal
from collections.abc import Iterator
from typing import Any

from wialon_protocol.wire import compact_bytes

from .filetext import FileText

__all__ = ["NOTHING", "LazyBody"]

_DONE: Any = object()
#: What :meth:`LazyBody.take_value` gives once the value has been taken.
NOTHING: Any = object()


class _Snapshot:
    """A value handed out by :meth:`LazyBody.hand_out`, kept as ``marshal`` bytes: taking
    them is a third of the time encoding JSON takes, and the collector never walks them."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


#: Stands for a value handed out while its file's text can give it again.
_IN_FILE: Any = object()


class LazyBody(dict[str, Any]):
    """``{"string": compact_bytes(value)}``, encoded when first read.

    ``origin`` and ``at``: the text of the file the value was read from and the
    interaction's position in it, which let :meth:`hand_out` skip the copy.
    """

    __slots__ = ("_at", "_origin", "_value")

    def __init__(self, value: Any, origin: FileText | None = None, at: int = -1) -> None:
        super().__init__()
        self._value = value
        self._origin = origin
        self._at = at

    def _fill(self) -> None:
        value = self._value
        if value is not _DONE:
            if type(value) is _Snapshot:
                value = marshal.loads(value.data)
            elif value is _IN_FILE:
                value = self._origin.answer(self._at)  # type: ignore[union-attr]  # set
            dict.__setitem__(self, "string", compact_bytes(value))
            self._value = _DONE
            self._origin = None

    def take_value(self) -> tuple[bytes, Any]:
        """The body's bytes, and the first time only, the stored value itself (else
        :data:`NOTHING`): equal to ``json.loads`` of the bytes and held by nobody else from
        now on, so one who plays the answer may hand it out without decoding the bytes."""
        value = self._value
        if value is _DONE or value is _IN_FILE or type(value) is _Snapshot:
            self._fill()
            return dict.__getitem__(self, "string"), NOTHING
        self._fill()
        return dict.__getitem__(self, "string"), value

    def hand_out(self, placeholders: Any = ()) -> tuple[Any, bytes | None]:
        """:meth:`take_value` without making the bytes now: the stored value the first time
        (else :data:`NOTHING`) and the ``marshal`` copy of it kept in its place, which the
        bytes are made from when first read (so what the taker does to the value never
        changes them). A value ``marshal`` cannot copy is left to :meth:`take_value`.

        When the file's text shows that the answer holds none of ``placeholders`` (see
        :meth:`FileText.plain`), no copy is made and None stands for it: the bytes are made
        from the text instead.
        """
        value = self._value
        if value is _DONE or value is _IN_FILE or type(value) is _Snapshot:
            return NOTHING, b""
        origin = self._origin
        if origin is not None and origin.plain(self._at, placeholders):
            self._value = _IN_FILE
            return value, None
        try:
            data = marshal.dumps(value)
        except ValueError:  # not made by json.loads
            return NOTHING, b""
        self._value = _Snapshot(data)
        return value, data

    def __missing__(self, key: str) -> Any:
        if self._value is _DONE:
            raise KeyError(key)
        self._fill()
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        self._fill()
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[str]:
        self._fill()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._fill()
        return dict.__len__(self)

    def keys(self) -> Any:
        self._fill()
        return dict.keys(self)

    def values(self) -> Any:
        self._fill()
        return dict.values(self)

    def items(self) -> Any:
        self._fill()
        return dict.items(self)

    def __eq__(self, other: object) -> bool:
        self._fill()
        if isinstance(other, LazyBody):
            other._fill()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # a dict: not hashable

    def __repr__(self) -> str:
        self._fill()
        return dict.__repr__(self)

    def copy(self) -> dict[str, Any]:
        self._fill()
        return dict(dict.items(self))

    def __copy__(self) -> dict[str, Any]:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        self._fill()
        return {key: copy.deepcopy(item, memo) for key, item in dict.items(self)}

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (dict, (self.copy(),))

    def __setitem__(self, key: str, item: Any) -> None:
        self._fill()
        dict.__setitem__(self, key, item)

    def __delitem__(self, key: str) -> None:
        self._fill()
        dict.__delitem__(self, key)

    def pop(self, key: str, *default: Any) -> Any:
        self._fill()
        return dict.pop(self, key, *default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._fill()
        return dict.setdefault(self, key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._fill()
        dict.update(self, *args, **kwargs)

    def popitem(self) -> tuple[str, Any]:
        self._fill()
        return dict.popitem(self)

    def clear(self) -> None:
        self._value = _DONE
        self._origin = None
        dict.clear(self)

    def __reversed__(self) -> Iterator[str]:
        self._fill()
        return dict.__reversed__(self)

    def __or__(self, other: Any) -> Any:
        return self.copy() | other

    def __ror__(self, other: Any) -> Any:
        return other | self.copy()

    def __ior__(self, other: Any) -> LazyBody:  # type: ignore[override]  # as dict's
        self.update(other)
        return self
