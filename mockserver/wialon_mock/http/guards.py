"""Input that must be refused before it reaches the model, and the last line of defence.

* :func:`decode_params` (from :mod:`wialon_mock.api.json_input`) turns the ``params`` text
  into a value, or raises ``ApiError(4)`` for text that is not JSON, nests too deep or holds a
  lone surrogate.
* :func:`encode_answer` writes an answer as UTF-8 JSON that never fails on such a character
  (it goes out as the ``\\uXXXX`` escape), so an answer already taken from a session's queue
  is always delivered.
* :func:`never_500` is an aiohttp middleware: an exception no handler caught becomes a Wialon
  error answer (``{"error":4}`` for input too deep to handle, ``{"error":6}`` otherwise) and one
  log line, never an HTTP 500 with a traceback page.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from ..api.json_input import decode_params, encode_answer

__all__ = ["decode_params", "encode_answer", "never_500"]

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


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
