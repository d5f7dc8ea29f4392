"""The replay-only hot path: answer a call from the cassette in a few dictionary lookups.

When nothing may be recorded, every request only needs the recorded answer to the same call,
and vcrpy's per-request work (a request object, a deep copy, a matcher pass, a response built
from dicts) is mostly spent on things a replay already knows. :class:`ReplayIndex` prepares,
once per cassette:

* a table from the exact form body the ``aiowialon`` client sends for each recorded call
  (``svc=…&params=…``, the ``sid`` left out) to that call's match key, so a request from the
  client finds its key without decoding the body; any other request (another encoding,
  multipart, a query string, a placeholder the client sends differently) is decoded in full,
  as before, and matched by the same key;
* the recorded positions of each key, played in recorded order, first unplayed first, with
  vcrpy's own play counts kept up to date (so "never played" reports stay right);
* per played interaction, the response pieces (status, headers, body) that each replayed
  ``ClientResponse`` shares.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from .cassettes import from_vcr
from .scrub import Scrubber

logger = logging.getLogger(__name__)

__all__ = ["ReplayIndex", "without_sid"]

#: ``(METHOD, path, body without sid)``: what identifies a client form request.
WireKey = tuple[str, str, bytes]


def without_sid(body: bytes) -> bytes:
    """A form body with its ``sid`` field removed (matching ignores the session)."""
    if b"sid=" not in body:
        return body
    # aiowialon writes sid last: one split from the right finds it, if no other field has it
    head, found, tail = body.rpartition(b"&sid=")
    if found and b"&" not in tail and b"sid=" not in head:
        return head
    # Values are percent-encoded, so "&" only ever separates fields.
    return b"&".join(part for part in body.split(b"&") if not part.startswith(b"sid="))


def _client_encoder() -> Callable[[str, Any, str | None], bytes] | None:
    """The body encoder of ``aiowialon``, so the table holds exactly what the client sends."""
    try:
        from aiowialon.wire import form_body
    except ImportError:
        return None
    return form_body


class _Template:
    """The parts of one recorded response that every replay of it can share."""

    __slots__ = ("body", "headers", "raw_headers", "reason", "status")

    def __init__(self, response: dict[str, Any]) -> None:
        from vcr.stubs.aiohttp_stubs import _deserialize_headers

        self.status: int = response["status"]["code"]
        self.reason: str = response["status"]["message"]
        self.body: bytes = response["body"].get("string", b"") or b""
        # An immutable proxy: responses may share it.
        self.headers: Any = _deserialize_headers(response["headers"])
        self.raw_headers = tuple(
            (name.encode("utf-8", "surrogateescape"), value.encode("utf-8", "surrogateescape"))
            for name, value in self.headers.items()
        )


def _frozen(headers: Any) -> Any:
    from multidict import CIMultiDict, CIMultiDictProxy

    return CIMultiDictProxy(CIMultiDict(headers))


def _response_class() -> Any:
    from vcr.stubs.aiohttp_stubs import MockClientResponse, MockStream

    class ReplayedResponse(MockClientResponse):  # type: ignore[misc]  # vcrpy is untyped
        """vcrpy's replayed response, whose ``content`` stream is made on first use.

        Nearly every caller reads the body with ``read()``/``json()``/``text()``, which never
        touch the stream; building it for each response would cost more than the rest.
        """

        # The body is complete: closing has no reader to tell (aiohttp's close() would
        # otherwise touch ``content`` to mark it closed).
        _released = True
        _stream: Any = None

        @property
        def content(self) -> Any:
            if self._stream is None:
                self._stream = MockStream(self._body)
            return self._stream

        @content.setter
        def content(self, stream: Any) -> None:
            self._stream = stream

    return ReplayedResponse


class ReplayIndex:
    """Lookups of one loaded cassette for replay; see the module docstring."""

    def __init__(self, cassette: Any, scrubber: Scrubber) -> None:
        from aiohttp import RequestInfo
        from yarl import URL

        self._cassette = cassette
        self._url_type = URL
        self._request_info = RequestInfo
        self._no_headers = _frozen({})
        self._response = _response_class()
        self._cursor: dict[str, int] = {}
        self._templates: dict[int, _Template] = {}
        self._urls: dict[str, tuple[str, str, Any]] = {}
        #: Requests whose key came from the body table rather than a full decode.
        self.shortcut_hits = 0
        self._wire = self._wire_table(scrubber)

    def _wire_table(self, scrubber: Scrubber) -> dict[WireKey, str]:
        encode = _client_encoder()
        table: dict[WireKey, str] = {}
        if encode is None:
            return table
        # A scrubber of the same settings but its own numbering: probing must not change
        # the placeholders the real one hands out.
        probe = Scrubber(scrub_users=scrubber.scrub_users, extra_param_keys=scrubber.param_keys)
        for vcr_request, _response in self._cassette.data:
            request = from_vcr(vcr_request)
            if (
                request.svc is None
                or request.params is None
                or request.form
                or request.files
                or "?" in request.url
            ):
                continue
            # The full path scrubs what the client sent before matching; the shortcut may
            # only stand in for it where scrubbing the recorded call changes nothing.
            if probe.scrub_params(request.params) != request.params:
                continue
            try:
                body = encode(request.svc, request.params, None)
            except (TypeError, ValueError):
                continue
            table.setdefault((request.method, request.path, body), vcr_request.wialon_key)
        return table

    def _split(self, url: str) -> tuple[str, str, Any]:
        found = self._urls.get(url)
        if found is None:
            parsed = self._url_type(url)
            found = self._urls[url] = (parsed.raw_path or "/", parsed.raw_query_string, parsed)
        return found

    def wire_key(self, method: str, url: str, body: bytes, content_type: str) -> str | None:
        """The match key of a client form request, or None when it needs a full decode."""
        key = self.wire_lookup(method, url, body, content_type)
        if key is not None:
            self.shortcut_hits += 1
        return key

    def wire_lookup(self, method: str, url: str, body: bytes, content_type: str) -> str | None:
        """:meth:`wire_key` without counting a hit (the caller counts what it plays)."""
        if content_type.lower().startswith("multipart/"):
            return None
        path, query, _parsed = self._split(url)
        if query:
            return None
        return self._wire.get((method.upper(), path, without_sid(body)))

    def peek(self, key: str) -> int | None:
        """The position :meth:`take` would play next for ``key``, without playing it."""
        cassette = self._cassette
        positions: list[int] = cassette._by_key.get(key, ())
        # vcrpy's play counts are a Counter: get() answers an unplayed position in C, where
        # indexing would call Counter.__missing__ in Python (twice per replayed call)
        count_of = cassette.play_counts.get
        at = self._cursor.get(key, 0)
        while at < len(positions) and count_of(positions[at]):
            at += 1  # played some other way (vcrpy's own path): skip it as vcrpy would
        self._cursor[key] = at
        return None if at == len(positions) else positions[at]

    def take(self, key: str) -> int | None:
        """The first recorded position of ``key`` not played yet, now counted as played."""
        index = self.peek(key)
        if index is not None:
            self.played(key, index)
        return index

    def played(self, key: str, index: int) -> None:
        """Count ``index``, which :meth:`peek` just gave for ``key``, as played."""
        # vcrpy's play_response would also remember the interaction for
        # drop_unused_requests; that only matters when recording, never on this path.
        counts = self._cassette.play_counts
        counts[index] = counts.get(index, 0) + 1
        self._cursor[key] += 1

    def template(self, index: int) -> _Template:
        """The shared pieces of the recorded response at ``index`` (made on first use)."""
        template = self._templates.get(index)
        if template is None:
            template = self._templates[index] = _Template(self._cassette.data[index][1])
        return template

    def response(
        self,
        index: int,
        method: str,
        url: str,
        headers: Any,
        give_back: Callable[[bytes], bytes] | None = None,
    ) -> Any:
        """A ``ClientResponse`` carrying the recorded answer at ``index``.

        ``give_back`` may rewrite the body (values the code made up, put back).
        """
        template = self.template(index)
        if "set-cookie" in template.headers:
            # Rare enough to leave cookie handling to vcrpy.
            from vcr.stubs.aiohttp_stubs import build_response

            return build_response(self._cassette.data[index][0], self._cassette.data[index][1], [])
        parsed = self._split(url)[2]
        request_headers = _frozen(headers) if headers else self._no_headers
        info = self._request_info(parsed, method, request_headers, parsed)
        response = self._response(method, parsed, request_info=info)
        response.status = template.status
        response.reason = template.reason
        response._body = template.body if give_back is None else give_back(template.body)
        response._headers = template.headers
        response._raw_headers = template.raw_headers
        return response
