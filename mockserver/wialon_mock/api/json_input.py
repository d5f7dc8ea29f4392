"""Decoding of JSON that clients send: refused before any handler could store a part of it.

:func:`decode_params` turns the ``params`` text into a value, or raises ``ApiError(4)`` for
text that is not JSON, nests deeper than :data:`MAX_DEPTH`, or holds a lone surrogate
(``"\\udc80"``: JSON allows the escape, but no UTF-8 text can carry the character, so a name
holding it could never be sent back). Refusing it before any handler runs is what keeps a bad
name from being stored and poisoning every later listing. Uploaded files with JSON inside
(exchange/import_json) go through the same checks.

The Wialon reference documents no nesting limit; real params are at most five or six levels
deep (a batch of calls whose params hold a spec with a list of objects), so 64 leaves room for
any real client and stays far below Python's recursion limit.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ..model.errors import ApiError
from .lazy import SLICE, LazyList

__all__ = [
    "MAX_DEPTH",
    "Sink",
    "check_value",
    "decode_params",
    "encode_answer",
    "encode_answer_async",
    "encode_into",
    "is_long",
]

#: deepest nesting of arrays and objects accepted in ``params``
MAX_DEPTH = 64


def _bad_text(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_value(value: Any) -> None:
    """Raise ``ApiError(4)`` if ``value`` nests too deep or holds a lone surrogate."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _bad_text(item):
                raise ApiError(E.INVALID_INPUT)
        elif isinstance(item, dict):
            if depth >= MAX_DEPTH:
                raise ApiError(E.INVALID_INPUT)
            for key, sub in item.items():
                if _bad_text(key):
                    raise ApiError(E.INVALID_INPUT)
                stack.append((sub, depth + 1))
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                raise ApiError(E.INVALID_INPUT)
            stack.extend((sub, depth + 1) for sub in item)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_params(raw: str) -> Any:
    """The decoded ``params``; ``ApiError(4)`` for anything a handler must never see."""
    try:
        # NaN and Infinity are not JSON (RFC 8259) and no answer could carry them back
        value = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        # the C decoder checks the recursion limit at every level, so a thousand-deep
        # nesting ends here cleanly instead of deep inside a handler
        raise ApiError(E.INVALID_INPUT) from None
    check_value(value)
    return value


def _plain(value: Any) -> Any:
    # the JSON encoder asks for this only for types it does not know
    if isinstance(value, LazyList):
        return value.materialize()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# the same settings as wialon_protocol.wire.compact, plus lazy lists written as the lists
# they stand for
_compact_lazy = json.JSONEncoder(
    ensure_ascii=False,
    separators=(",", ":"),
    allow_nan=False,
    check_circular=False,
    default=_plain,
).encode


def encode_answer(data: Any) -> bytes:
    """Compact UTF-8 JSON of an answer; a lone surrogate goes out as its ``\\u`` escape."""
    # the encoder has already escaped every backslash, so a bare surrogate turned into
    # "\\udc80" by backslashreplace reads back as exactly that character
    return _compact_lazy(data).encode("utf-8", "backslashreplace")


#: list elements encoded between two returns to the event loop
ENCODE_CHUNK = SLICE


class Sink:
    """Encoded pieces of one answer, refused with ``ApiError(6)`` past ``limit`` bytes.

    The check runs as each slice is written, so an answer over the limit stops within one
    slice of it instead of being written whole first.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.limit = limit

    def put(self, data: bytes) -> None:
        """Keep ``data``, or let everything go and raise ``ApiError(6)`` past the limit."""
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            self.parts.clear()  # let the memory go before the error goes out
            raise ApiError(E.UNKNOWN_ERROR)
        self.parts.append(data)

    def joined(self) -> bytes:
        """Everything kept, as one bytes object."""
        return b"".join(self.parts)


def _is_seq(value: Any) -> bool:
    return type(value) is list or type(value) is LazyList


async def _encode_list(items: list[Any] | LazyList, out: Sink) -> None:
    out.put(b"[")
    for start in range(0, len(items), ENCODE_CHUNK):
        if start:
            out.put(b",")
            await asyncio.sleep(0)
        # a lazy list makes this slice's elements only now
        out.put(encode_answer(items[start : start + ENCODE_CHUNK])[1:-1])
    out.put(b"]")


def is_long(data: Any) -> bool:
    """Whether :func:`encode_answer_async` would write ``data`` in slices."""
    if _is_seq(data):
        return len(data) > ENCODE_CHUNK
    if type(data) is dict:
        return any(_is_seq(v) and len(v) > ENCODE_CHUNK for v in data.values())
    return False


async def encode_into(data: Any, out: Sink) -> None:
    """Write ``data`` into ``out``, giving the event loop back between slices of a long list.

    Long lists (plain or :class:`~wialon_mock.api.lazy.LazyList`) at the top of the answer,
    or one level down in an object (``{"messages": [...]}``), are written a slice at a time;
    the bytes are the same as :func:`encode_answer` gives.
    """
    if _is_seq(data) and len(data) > ENCODE_CHUNK:
        await _encode_list(data, out)
        return
    if type(data) is dict and all(type(key) is str for key in data) and is_long(data):
        out.put(b"{")
        for index, (key, value) in enumerate(data.items()):
            if index:
                out.put(b",")
            out.put(encode_answer(key) + b":")
            if _is_seq(value) and len(value) > ENCODE_CHUNK:
                await _encode_list(value, out)
            else:
                out.put(encode_answer(value))
        out.put(b"}")
        return
    out.put(encode_answer(data))


async def encode_answer_async(data: Any) -> bytes:
    """:func:`encode_answer`, giving the event loop back while a long answer is written.

    A year of one unit's messages is 100,000 objects and some 20 MB of JSON: made and written
    in one go it holds every other client for seconds. See :func:`encode_into`.
    """
    out = Sink()
    await encode_into(data, out)
    return out.joined()
