"""Input that must be refused before it reaches the model, and the last line of defence.

* :func:`decode_params` turns the ``params`` text into a value, or raises ``ApiError(4)``
  for text that is not JSON, nests deeper than :data:`MAX_DEPTH`, or holds a lone surrogate
  (``"\\udc80"``: JSON allows the escape, but no UTF-8 text can carry the character, so a name
  holding it could never be sent back). Refusing it here, before any handler runs, is what
  keeps a bad name from being stored and poisoning every later listing.
* :func:`encode_answer` writes an answer as UTF-8 JSON that never fails on such a character
  (it goes out as the ``\\uXXXX`` escape), so an answer already taken from a session's queue
  is always delivered.
* :func:`never_500` is an aiohttp middleware: an exception no handler caught becomes a Wialon
  error answer (``{"error":4}`` for input too deep to handle, ``{"error":6}`` otherwise) and one
  log line, never an HTTP 500 with a traceback page.

The Wialon reference documents no nesting limit; real params are at most five or six levels
deep (a batch of calls whose params hold a spec with a list of objects), so 64 leaves room for
any real client and stays far below Python's recursion limit.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from ..model.errors import ApiError

__all__ = ["MAX_DEPTH", "check_value", "decode_params", "encode_answer", "never_500"]

logger = logging.getLogger(__name__)

#: deepest nesting of arrays and objects accepted in ``params``
MAX_DEPTH = 64

_encode = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
).encode

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


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


def decode_params(raw: str) -> Any:
    """The decoded ``params``; ``ApiError(4)`` for anything a handler must never see."""
    try:
        value = json.loads(raw)
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


def _error_answer(code: int) -> web.Response:
    return web.Response(body=b'{"error":%d}' % code, headers={"Content-Type": "application/json"})


@web.middleware
async def never_500(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer any exception that escaped the handlers with a Wialon error and one log line."""
    try:
        return await handler(request)
    except (web.HTTPException, asyncio.CancelledError):
        raise
    except RecursionError:
        logger.warning(
            "%s %s: input nested too deep, answered error 4", request.method, request.path
        )
        return _error_answer(4)
    except Exception as exc:
        logger.error(
            "%s %s failed, answered error 6: %s: %s",
            request.method,
            request.path,
            type(exc).__name__,
            str(exc).replace("\n", " ")[:200],
        )
        logger.debug("traceback of the failed request", exc_info=True)
        return _error_answer(6)
