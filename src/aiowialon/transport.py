"""The HTTP layer: the :class:`Transport` protocol and its aiohttp implementation.

A transport knows nothing of Wialon sessions, limits or error codes. It is handed one encoded
:class:`Request`, sends it, reads the whole answer and returns it as a JSON value or, for a
file download, bytes. Everything that can go wrong on the way becomes a
``WialonTransportError`` subclass naming the call, so no raw aiohttp exception or
``JSONDecodeError`` reaches the caller.

:class:`AiohttpTransport` (one lazily made, reused ``aiohttp.ClientSession``) is what
``Wialon`` uses unless given another. :class:`aiowialon.testing.MockTransport` answers from a
function instead, for unit tests of code above the client.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.request import getproxies

import aiohttp

from .errors import (
    WialonConnectionError,
    WialonHTTPError,
    WialonResponseError,
    WialonTimeoutError,
    WialonTransportError,
)

if TYPE_CHECKING:
    from .calls import MultipartField

__all__ = ["AiohttpTransport", "Request", "Transport", "decode_answer", "decodes_as_json"]

_EXCERPT = 120
# Content types whose body is read as JSON; any other type is a file answer (bytes). Text
# types are tried as JSON too, so an HTML error page is reported as such instead of being
# handed over as a "file".
_JSON_TYPES = frozenset({"application/json", "text/json", "text/javascript", "text/plain", ""})


# Session ids (32 hex), tokens and token hashes (72 hex) may sit in the first bytes of a
# broken login answer; an excerpt must not carry them into logs and error messages.
_SECRET_LIKE = re.compile(r"[0-9A-Fa-f]{24,}")


def _excerpt(body: bytes) -> str:
    text = body[:_EXCERPT].decode("utf-8", "replace")
    text = _SECRET_LIKE.sub(lambda found: found[0][:4] + "…", " ".join(text.split()))
    return text + ("…" if len(body) > _EXCERPT else "")


def decodes_as_json(content_type: str, content_disposition: str | None) -> bool:
    """Whether :func:`decode_answer` reads a 2xx answer with these headers as JSON.

    ``Content-Disposition: attachment`` or a non-text, non-JSON content type means a file
    (the bytes are the answer).
    """
    if content_disposition is not None and "attachment" in content_disposition.lower():
        return False
    if content_type != "application/json":
        mime = content_type.partition(";")[0].strip().lower()
        if mime not in _JSON_TYPES and not mime.endswith("+json") and mime != "text/html":
            return False
    return True


def decode_answer(
    action_name: str,
    status: int,
    content_type: str,
    content_disposition: str | None,
    body: bytes,
) -> Any:
    """Turn a complete HTTP answer into a JSON value or bytes, or raise a transport error.

    * a status outside 2xx -> ``WialonHTTPError``;
    * ``Content-Disposition: attachment`` or a non-text, non-JSON content type -> the bytes;
    * otherwise the body must be JSON -> the decoded value, else ``WialonResponseError``.
    """
    if not 200 <= status < 300:
        raise WialonHTTPError(
            f"HTTP {status} instead of an answer: {_excerpt(body)!r}",
            status=status,
            action_name=action_name,
        )
    if not decodes_as_json(content_type, content_disposition):
        return body
    if not body:
        raise WialonResponseError(
            "empty answer instead of JSON", excerpt="", action_name=action_name
        )
    try:
        return json.loads(body)
    except RecursionError:
        # Valid JSON nested deeper than the decoder's recursion limit.
        raise WialonResponseError(
            "JSON nested too deeply to decode", excerpt=_excerpt(body), action_name=action_name
        ) from None
    except ValueError:
        # JSONDecodeError and UnicodeDecodeError both land here.
        excerpt = _excerpt(body)
        kind = "an HTML page" if excerpt.lstrip()[:1] == "<" else "a body that is not JSON"
        raise WialonResponseError(
            f"{kind} instead of JSON: {excerpt!r}", excerpt=excerpt, action_name=action_name
        ) from None


@dataclass(frozen=True)
class Request:
    """One request of the client, encoded for the wire, with what it was made from.

    ``body`` is what goes out: the form-encoded text of a call, ``aiohttp.FormData`` for a
    multipart one, or the payload given to ``Wialon.request()``. ``service``, ``params``
    and ``files`` are the call it encodes (``service`` is None for ``request()`` and
    ``avl_evts``), so a test double need not parse the body.
    """

    #: the call's ``svc`` (``"core/search_item"``) or the name given to ``request()``
    name: str
    url: str
    body: Any
    headers: dict[str, str] | None
    #: seconds the answer may take
    timeout: float
    #: the session id the body carries (None before login)
    sid: str | None = None
    service: str | None = None
    params: Any = None
    files: tuple[MultipartField, ...] = ()


class Transport(Protocol):
    """What the client needs of an HTTP layer: send one request, and close.

    ``send`` returns the decoded answer (a JSON value, or bytes for a file) or raises a
    ``WialonTransportError`` subclass; an answer that is a Wialon error body is returned
    like any other, since checking it is the client's job. Two members are optional and
    looked up when present: ``epoch`` (an int that ``close()`` increases when it closed
    something a later request would have to re-open; requests made before are then
    refused) and ``forget_session()`` (drop state bound to an event loop that has ended).
    """

    async def send(self, request: Request) -> Any:
        """Send ``request`` and return its decoded answer."""
        ...

    async def close(self) -> None:
        """Release what the transport holds; it may be used again afterwards."""
        ...


class AiohttpTransport:
    """Sends requests over one lazily created, reused ``aiohttp.ClientSession``.

    A session passed in by the caller is used as it is and never closed here.
    """

    def __init__(self, session: aiohttp.ClientSession | None = None) -> None:
        self._session = session
        self._owns_session = session is None
        self._epoch = 0
        self._timeout = aiohttp.ClientTimeout()

    @property
    def epoch(self) -> int:
        """How many times ``close()`` closed the own session; a request made under an
        older count was made before a close and is refused rather than re-opening."""
        return self._epoch

    @property
    def session(self) -> aiohttp.ClientSession:
        """The HTTP session, created on first use (inside the running event loop)."""
        session = self._session
        if session is None or (self._owns_session and session.closed):
            # Proxy variables are honoured as py-aiowialon does (trust_env), but only when
            # some are set: looking them up again on every request costs a fifth of the
            # client's time per call.
            session = aiohttp.ClientSession(trust_env=bool(getproxies()))
            self._session = session
        return session

    @property
    def owns_session(self) -> bool:
        """True when the session was created here (and so is closed here)."""
        return self._owns_session

    def forget_session(self) -> None:
        """Drop an own session whose event loop is closed (it cannot be closed any more).

        The next request opens a new one in the running loop. A session passed in by the
        caller is the caller's and is kept.
        """
        session = self._session
        if self._owns_session and session is not None:
            self._session = None
            if not session.closed:
                # its loop is gone, so close() cannot run; detach() marks it closed so it
                # does not warn about being left open
                session.detach()

    async def close(self) -> None:
        """Close the session if it was created here. Safe to call more than once."""
        session = self._session
        if self._owns_session:
            self._epoch += 1
        if self._owns_session and session is not None:
            self._session = None
            if not session.closed:
                await session.close()

    async def send(self, request: Request) -> Any:
        """POST ``request`` and return the decoded answer (see ``decode_answer``)."""
        timeout = self._timeout
        if timeout.total != request.timeout:
            # one ClientTimeout per distinct value in a row: nearly every call has the same
            timeout = self._timeout = aiohttp.ClientTimeout(total=request.timeout)
        return await self.post(
            request.name, request.url, request.body, timeout=timeout, headers=request.headers
        )

    async def post(
        self,
        action_name: str,
        url: str,
        data: Any,
        *,
        timeout: aiohttp.ClientTimeout,
        headers: dict[str, str] | None = None,
        epoch: int | None = None,
    ) -> Any:
        """POST ``data`` to ``url`` and return the decoded answer (see ``decode_answer``).

        ``epoch`` is the value of :attr:`epoch` when the request was made: if the transport
        was closed since, the request fails instead of quietly opening a session that
        nobody would close.
        """
        if epoch is not None and epoch != self._epoch:
            raise WialonConnectionError(
                "the client was closed while this call waited to be sent", action_name=action_name
            )
        session = self.session
        if session.closed:
            # Only a session passed in by the caller gets here (an own one is re-created);
            # aiohttp would raise a bare RuntimeError that names no call.
            raise WialonConnectionError(
                "the aiohttp session passed to the client is closed", action_name=action_name
            )
        try:
            async with session.post(url, data=data, headers=headers, timeout=timeout) as response:
                body = await response.read()
                response_headers = response.headers
                return decode_answer(
                    action_name,
                    response.status,
                    response_headers.get("Content-Type", ""),
                    response_headers.get("Content-Disposition"),
                    body,
                )
        except (asyncio.TimeoutError, TimeoutError):
            raise WialonTimeoutError(
                f"no answer within {timeout.total} s", action_name=action_name
            ) from None
        except aiohttp.ClientPayloadError as exc:
            raise WialonResponseError(f"answer cut short: {exc}", action_name=action_name) from None
        except aiohttp.ClientResponseError as exc:
            raise WialonResponseError(
                f"malformed HTTP answer: {exc.message}", action_name=action_name
            ) from None
        except (aiohttp.ClientConnectionError, ConnectionError) as exc:
            raise WialonConnectionError(
                f"connection failed: {_describe(exc)}", action_name=action_name
            ) from None
        except aiohttp.ClientError as exc:
            raise WialonTransportError(
                f"request failed: {_describe(exc)}", action_name=action_name
            ) from None


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
