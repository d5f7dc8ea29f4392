"""Turn whatever aiohttp was asked to send into one plain description of a Wialon call.

A Wialon call can carry ``svc``, ``params`` and ``sid`` in the query string, in an urlencoded
body or in multipart parts, and aiohttp accepts the body as a dict, a list of pairs, bytes,
``FormData`` or ``MultipartWriter``. Record/replay needs one shape for all of them, so two
requests that mean the same call compare equal however they were built.

Only field names, text values and, for files, a content hash survive: a multipart boundary is
random per request and file bytes do not belong in a cassette.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from wialon_protocol.wire import WIALON_FIELDS, merge_fields


@dataclass
class FilePart:
    """A file sent in a multipart request, known by field name and content hash only."""

    field: str
    filename: str | None
    sha256: str
    size: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON form stored in a cassette."""
        return {
            "field": self.field,
            "filename": self.filename,
            "sha256": self.sha256,
            "size": self.size,
        }


@dataclass
class WialonRequest:
    """One HTTP request as record/replay sees it: the call, not the bytes on the wire."""

    method: str
    url: str
    svc: str | None = None
    params: Any = None
    sid: str | None = None
    form: dict[str, str] = field(default_factory=dict)
    files: list[FilePart] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The URL path, e.g. ``/wialon/ajax.html`` or ``/avl_evts``."""
        return urlsplit(self.url).path or "/"

    @property
    def label(self) -> str:
        """A short human name: the svc, or the path for endpoints without one."""
        return self.svc or self.path


def decode_params(raw: str | None) -> Any:
    """Parse the ``params`` JSON string; a value that is not JSON is kept as text."""
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _file_bytes(value: Any) -> bytes | None:
    """The content of a file-like or bytes value, leaving a file where it was."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, io.IOBase) or hasattr(value, "read"):
        # aiohttp reads the file after us when it really sends, so put the position back.
        position = value.tell() if hasattr(value, "tell") else None
        data = value.read()
        if position is not None and hasattr(value, "seek"):
            value.seek(position)
        return data.encode() if isinstance(data, str) else bytes(data)
    return None


def _file_part(name: str, filename: str | None, content: bytes) -> FilePart:
    return FilePart(
        field=name,
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )


def _formdata_fields(data: Any) -> Iterable[tuple[str, str | None, Any]]:
    """(name, filename, value) of each field of an ``aiohttp.FormData``."""
    # FormData has no public way to list its fields without encoding them, and encoding
    # consumes it (aiohttp refuses to send it afterwards), so read the private list.
    for type_options, _headers, value in data._fields:
        yield str(type_options["name"]), type_options.get("filename"), value


def _writer_fields(data: Any) -> Iterable[tuple[str, str | None, Any]]:
    """(name, filename, value) of each part of an ``aiohttp.MultipartWriter``."""
    for payload, _encoding, _te in data:
        found: dict[str, str] = {}
        disposition = payload.headers.get("Content-Disposition", "")
        for item in disposition.split(";"):
            key, _, val = item.strip().partition("=")
            found[key] = val.strip('"')
        name = found.get("name")
        filename = payload.filename or found.get("filename")
        # Payload keeps what it was built from only in a private attribute; reading the
        # payload itself is a coroutine and may consume a stream.
        yield name or "", filename, getattr(payload, "_value", None)


class _Parts(list[Any]):
    """The parts of a ``MultipartWriter`` that reached us as a plain list."""


def _is_part(item: Any) -> bool:
    return isinstance(item, tuple) and len(item) == 3 and hasattr(item[0], "headers")


def _raw_multipart_fields(body: bytes, content_type: str) -> Iterable[tuple[str, str | None, Any]]:
    """Fields of an already-encoded multipart body (a caller that built the bytes itself)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    parts: Iterable[Any] = message.iter_parts()
    for part in parts:
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload: bytes = part.get_payload(decode=True) or b""
        yield str(name or ""), filename, payload if filename else payload.decode("utf-8", "replace")


def _pairs(body: Any, content_type: str) -> tuple[list[tuple[str, str]], list[FilePart]]:
    """Text fields and file parts of a request body of any shape aiohttp accepts."""
    texts: list[tuple[str, str]] = []
    files: list[FilePart] = []
    fields: Iterable[tuple[str, str | None, Any]]
    if body is None:
        return texts, files
    if not isinstance(body, (Mapping, list, tuple, bytes, bytearray, str)) and isinstance(
        body, Iterator
    ):
        # vcrpy hands an iterable body (a MultipartWriter iterates over its parts) over as
        # an iterator of its items.
        body = list(body)
    if isinstance(body, list) and body and all(_is_part(item) for item in body):
        body = _Parts(body)
    elif isinstance(body, list) and body and all(isinstance(i, bytes) for i in body):
        body = b"".join(body)
    kind = type(body).__name__
    if kind == "FormData":
        fields = _formdata_fields(body)
    elif kind in ("MultipartWriter", "_Parts"):
        fields = _writer_fields(body)
    elif isinstance(body, Mapping):
        fields = ((str(k), None, v) for k, v in body.items())
    elif isinstance(body, (list, tuple)):
        fields = ((str(k), None, v) for k, v in body)
    elif isinstance(body, (bytes, bytearray, str)):
        raw = body.encode() if isinstance(body, str) else bytes(body)
        if content_type.startswith("multipart/"):
            fields = _raw_multipart_fields(raw, content_type)
        else:
            text = raw.decode("utf-8", "replace")
            fields = ((k, None, v) for k, v in parse_qsl(text, keep_blank_values=True))
    else:
        fields = [("body", None, repr(body))]
    for name, filename, value in fields:
        if isinstance(value, str) and filename is None:
            texts.append((name, value))
            continue
        content = _file_bytes(value)
        if content is None:
            texts.append((name, str(value)))
        elif filename is None and not hasattr(value, "read"):
            try:
                texts.append((name, content.decode("utf-8")))
            except UnicodeDecodeError:
                files.append(_file_part(name, None, content))
        else:
            files.append(_file_part(name, filename or getattr(value, "name", None), content))
    return texts, files


def normalize(method: str, url: str, body: Any, content_type: str = "") -> WialonRequest:
    """Describe one request as the Wialon call it makes.

    ``svc``, ``params`` and ``sid`` are read as the server reads them
    (:func:`wialon_protocol.wire.merge_fields`: the query, then the body winning); other
    query fields stay in the URL, other body fields go to ``form``, files to ``files``.
    """
    split = urlsplit(url)
    query = parse_qsl(split.query, keep_blank_values=True)
    texts, files = _pairs(body, content_type.lower())
    found = merge_fields(query, texts)
    rest_query = [(key, value) for key, value in query if key not in WIALON_FIELDS]
    form: dict[str, str] = {}
    for key, value in texts:
        if key not in WIALON_FIELDS:
            form[key] = value
    clean_url = urlunsplit((split.scheme, split.netloc, split.path, urlencode(rest_query), ""))
    return WialonRequest(
        method=method.upper(),
        url=clean_url,
        svc=found.get("svc"),
        params=decode_params(found.get("params")),
        sid=found.get("sid"),
        form=form,
        files=files,
    )
