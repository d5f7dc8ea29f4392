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
from wialon_protocol.wire import compact

from ..model.errors import ApiError

__all__ = [
    "MAX_DEPTH",
    "check_value",
    "decode_params",
    "encode_answer",
    "encode_answer_async",
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


def encode_answer(data: Any) -> bytes:
    """Compact UTF-8 JSON of an answer; a lone surrogate goes out as its ``\\u`` escape."""
    # the encoder has already escaped every backslash, so a bare surrogate turned into
    # "\\udc80" by backslashreplace reads back as exactly that character
    return compact(data).encode("utf-8", "backslashreplace")


#: list elements encoded between two returns to the event loop
ENCODE_CHUNK = 2000


async def _encode_list(items: list[Any], out: list[bytes]) -> None:
    out.append(b"[")
    for start in range(0, len(items), ENCODE_CHUNK):
        if start:
            out.append(b",")
            await asyncio.sleep(0)
        out.append(encode_answer(items[start : start + ENCODE_CHUNK])[1:-1])
    out.append(b"]")


def is_long(data: Any) -> bool:
    """Whether :func:`encode_answer_async` would write ``data`` in slices."""
    if type(data) is list:
        return len(data) > ENCODE_CHUNK
    if type(data) is dict:
        return any(type(v) is list and len(v) > ENCODE_CHUNK for v in data.values())
    return False


async def encode_answer_async(data: Any) -> bytes:
    """:func:`encode_answer`, giving the event loop back while a long answer is written.

    A year of one unit's messages is 100,000 objects and some 20 MB of JSON: written in one
    go it holds every other client for seconds. Long lists at the top of the answer, or one
    level down in an object (``{"messages": [...]}``), are written a slice at a time; the
    bytes are the same as :func:`encode_answer` gives.
    """
    if type(data) is list and len(data) > ENCODE_CHUNK:
        out: list[bytes] = []
        await _encode_list(data, out)
        return b"".join(out)
    if type(data) is dict and all(type(key) is str for key in data):
        long = [
            key for key, value in data.items() if type(value) is list and len(value) > ENCODE_CHUNK
        ]
        if long:
            out = [b"{"]
            for index, (key, value) in enumerate(data.items()):
                if index:
                    out.append(b",")
                out.append(encode_answer(key) + b":")
                if key in long:
                    await _encode_list(value, out)
                else:
                    out.append(encode_answer(value))
            out.append(b"}")
            return b"".join(out)
    return encode_answer(data)
