"""vcrpy's requests as this plugin makes them: our description of the call rides along.

Every interaction of a cassette that opens becomes one of these, so making one is part of
the time a cassette takes to open. vcrpy's own ``Request`` parses its URL (``urlparse``,
uncached) and builds a case-insensitive header dict every time; a replayed cassette has one
URL for nearly every request and reads those headers only when recording. The subclass here
parses each distinct URL once and makes the headers, which hold only the send-order number,
when first read; what it gives is the same.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import ParseResult, urlparse

from .keys import match_key
from .matching import MatchOptions
from .normalize import WialonRequest

__all__ = ["SEQ_HEADER", "from_vcr", "is_ours", "seq_of", "to_vcr", "wialon_matcher"]

#: Header names that exist only inside a recording session, never in a file or on the wire.
SEQ_HEADER = "x-pytest-wialon-seq"


class _UNREAD:
    """What the headers are until first read: the send-order number alone (a class, so
    ``copy.deepcopy`` keeps it as it is)."""


@functools.lru_cache(maxsize=256)
def _parsed(uri: str) -> ParseResult:
    return urlparse(uri)  # a named tuple: safe to share


@functools.cache
def _request_class() -> Any:
    from vcr.request import HeadersDict, Request

    class WialonVcrRequest(Request):  # type: ignore[misc]  # vcrpy is untyped
        """vcrpy's ``Request`` with the URL parsed once and the headers made when read."""

        def __init__(self, method: str, uri: str, body: str, seq: int) -> None:
            self.wialon_seq = seq
            self._wialon_headers: Any = _UNREAD
            super().__init__(method, uri, body, _UNREAD)

        @property
        def uri(self) -> str:
            return self._wialon_uri

        @uri.setter
        def uri(self, uri: str) -> None:
            self._wialon_uri = uri
            self.parsed_uri = _parsed(uri)

        @property
        def headers(self) -> Any:
            headers = self._wialon_headers
            if headers is _UNREAD:
                headers = self._wialon_headers = HeadersDict({SEQ_HEADER: str(self.wialon_seq)})
            return headers

        @headers.setter
        def headers(self, value: Any) -> None:
            if value is not _UNREAD and not isinstance(value, HeadersDict):
                value = HeadersDict(value)
            self._wialon_headers = value

    return WialonVcrRequest


def to_vcr(request: WialonRequest, seq: int, options: MatchOptions | None = None) -> Any:
    """A vcrpy ``Request`` carrying our description of the call.

    The description rides along as an attribute (vcrpy copies requests with ``deepcopy``,
    which keeps it); the body vcrpy sees is a short label for its own log and messages,
    since serializing the whole call for every lookup would only cost time.
    """
    vcr_request = _request_class()(request.method, request.url, request.label, seq)
    vcr_request.wialon_request = request
    # Matching runs for every lookup; keep the key at hand.
    vcr_request.wialon_key = match_key(request, options)
    return vcr_request


def from_vcr(vcr_request: Any) -> WialonRequest:
    """The :class:`WialonRequest` inside a vcrpy request made by :func:`to_vcr`."""
    request: WialonRequest = vcr_request.wialon_request
    return request


def is_ours(vcr_request: Any) -> bool:
    """Whether a vcrpy request is already in our normalized form."""
    if getattr(vcr_request, "_wialon_headers", None) is _UNREAD:
        return True  # made by to_vcr, its headers (the send-order number) never replaced
    return SEQ_HEADER in vcr_request.headers


def seq_of(vcr_request: Any) -> int:
    """The send-order number of a normalized request."""
    if getattr(vcr_request, "_wialon_headers", None) is _UNREAD:
        return int(vcr_request.wialon_seq)
    return int(vcr_request.headers[SEQ_HEADER])


def _key(vcr_request: Any) -> str:
    key = getattr(vcr_request, "wialon_key", None)
    if key is None:
        key = match_key(from_vcr(vcr_request))
        vcr_request.wialon_key = key
    return str(key)


def wialon_matcher(first: Any, second: Any) -> None:
    """vcrpy matcher: the same Wialon call, whatever the sid, host or body encoding."""
    if _key(first) != _key(second):
        raise AssertionError("different Wialon call (svc, params, form or files)")
