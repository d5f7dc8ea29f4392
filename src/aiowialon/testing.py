"""Test doubles for code that uses the client: a transport that answers from a function.

``MockTransport(handler)`` takes the place of the HTTP layer. Every request the client would
send is handed to ``handler`` as a :class:`~aiowialon.transport.Request` (``service``,
``params``, ``sid``, ``files``, or ``name`` and ``body`` for ``avl_evts`` and
``Wialon.request()``), and what the handler returns is the server's answer::

    from aiowialon import Wialon
    from aiowialon.testing import MockResponse, MockTransport

    def handler(request):
        if request.service == "token/login":
            return {"eid": "0123456789abcdef0123456789abcdef", "user": {"id": 1, "nm": "me"}}
        if request.service == "core/search_item":
            return {"item": {"id": request.params["id"], "nm": "truck 7"}, "flags": 1}
        return {"error": 3}  # any error body becomes its exception, as from a server

    wialon = Wialon(token="test-token", transport=MockTransport(handler))

The answer is whatever a server would send: a JSON value (encoded and decoded again, so the
code under test sees lists where the handler wrote tuples), ``bytes`` for a file download, or
a :class:`MockResponse` for a status, content type or body of its own (an HTTP 502, an HTML
page). The handler may be a coroutine function, and may raise a ``WialonTransportError``
(``WialonConnectionError``, ``WialonTimeoutError``, ...) to play a network failure.

The rest of the client runs for real: the error check, the session lock, the rate limit and
the in-flight cap, automatic batching. A ``core/batch`` is answered item by item by the handler
(each item as its own request), so a handler written for single calls serves batches too.

For tests of the client against a server that behaves like Wialon (sessions, limits, events,
faults), use the fake server ``wialon_mock`` instead: this double only answers what it is told.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .transport import Request, decode_answer

__all__ = ["Handler", "MockResponse", "MockTransport"]

#: A function from a request to its answer, plain or async.
Handler = Callable[[Request], Any]

_NO_JSON: Any = object()


@dataclass(frozen=True)
class MockResponse:
    """An answer with its HTTP details: ``MockResponse(502, body=b"Bad Gateway")``.

    ``json`` (any JSON value) or ``body`` (bytes) is the content; ``content_type`` and
    ``content_disposition`` decide how the client reads it, as they would from a server.
    """

    status: int = 200
    json: Any = _NO_JSON
    body: bytes = b""
    content_type: str = "application/json"
    content_disposition: str | None = None

    def content(self) -> bytes:
        """The body as sent: ``json`` encoded when given, else ``body``."""
        if self.json is _NO_JSON:
            return self.body
        return json.dumps(self.json, separators=(",", ":")).encode()


class MockTransport:
    """A :class:`~aiowialon.transport.Transport` whose answers come from ``handler``.

    ``requests`` lists every request that reached it, in order (a batch as one request).
    ``close()`` counts in ``closed``; as with the aiohttp transport, a call queued before a
    close then fails with ``WialonConnectionError``, and later calls are answered again.
    """

    def __init__(self, handler: Handler) -> None:
        if not callable(handler):
            raise TypeError(f"MockTransport takes a function of the request, not {handler!r}")
        self.handler = handler
        self.requests: list[Request] = []
        self.closed = 0

    @property
    def epoch(self) -> int:
        """How many times the transport was closed (read by the client's close guard)."""
        return self.closed

    async def close(self) -> None:
        """Count the close; the transport keeps answering afterwards."""
        self.closed += 1

    async def send(self, request: Request) -> Any:
        """Answer ``request`` from the handler, decoded as the aiohttp transport would."""
        self.requests.append(request)
        if request.service == "core/batch":
            return await self._batch(request)
        return await self._answer(request)

    async def _answer(self, request: Request) -> Any:
        answer = self.handler(request)
        if inspect.isawaitable(answer):
            answer = await answer
        return _decode(request.name, answer)

    async def _batch(self, request: Request) -> Any:
        """Each item of a ``core/batch`` as its own request, answers in request order.

        With flags 1 (``STOP_ON_ERROR``) the items after the first failure are not run and
        answer ``{"error": 10}``, the way the client reads a real server's batch answer
        (:func:`aiowialon.wire.batch_errors`).
        """
        params = request.params if isinstance(request.params, dict) else {}
        items = params.get("params", [])
        stop_on_error = _flag_set(params.get("flags", 0))
        answers: list[Any] = []
        failed = False
        for item in items if isinstance(items, list) else []:
            if failed and stop_on_error:
                answers.append({"error": 10})
                continue
            svc = item.get("svc", "") if isinstance(item, dict) else ""
            item_params = item.get("params", {}) if isinstance(item, dict) else {}
            one = Request(
                svc, request.url, None, None, request.timeout, request.sid, svc, item_params
            )
            answer = await self._answer(one)
            answers.append(answer)
            failed = failed or (isinstance(answer, dict) and bool(answer.get("error")))
        return answers


def _flag_set(value: Any) -> bool:
    try:
        return bool(int(value) & 1)
    except (TypeError, ValueError):
        return False


def _decode(name: str, answer: Any) -> Any:
    """What the client would read if a server had sent ``answer``."""
    if isinstance(answer, MockResponse):
        return decode_answer(
            name, answer.status, answer.content_type, answer.content_disposition, answer.content()
        )
    if isinstance(answer, (bytes, bytearray)):
        return decode_answer(name, 200, "application/octet-stream", None, bytes(answer))
    try:
        body = json.dumps(answer, separators=(",", ":")).encode()
    except (TypeError, ValueError) as exc:
        raise TypeError(f"the mock answer to {name} is not JSON: {exc}") from None
    return decode_answer(name, 200, "application/json", None, body)
