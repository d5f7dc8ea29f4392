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

import json
from typing import Any

from ..model.errors import ApiError

__all__ = ["MAX_DEPTH", "check_value", "decode_params", "encode_answer"]

_encode = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
).encode

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
                raise ApiError(4)
        elif isinstance(item, dict):
            if depth >= MAX_DEPTH:
                raise ApiError(4)
            for key, sub in item.items():
                if _bad_text(key):
                    raise ApiError(4)
                stack.append((sub, depth + 1))
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                raise ApiError(4)
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
        raise ApiError(4) from None
    check_value(value)
    return value


def encode_answer(data: Any) -> bytes:
    """Compact UTF-8 JSON of an answer; a lone surrogate goes out as its ``\\u`` escape."""
    # the encoder has already escaped every backslash, so a bare surrogate turned into
    # "\\udc80" by backslashreplace reads back as exactly that character
    return _encode(data).encode("utf-8", "backslashreplace")
