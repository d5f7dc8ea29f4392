"""Reading a Wialon request and writing its answer, on aiohttp.

:func:`read_fields` takes ``svc``, ``params``, ``sid`` (and an upload's ``eventHash``) from
the query string, a form body or multipart parts, by the rule of
:func:`wialon_protocol.wire.merge_fields`, with the body size capped; :func:`respond` writes a
JSON answer (gzip when asked for and worth it), :func:`file_response` a download.
"""

from __future__ import annotations

import tempfile

from aiohttp import BodyPartReader, web
from aiohttp.web_response import ContentCoding
from yarl import URL

from wialon_protocol.wire import JSON_CONTENT_TYPE, WIALON_FIELDS, merge_fields

from ..api.registry import FileAnswer, Upload

JSON_TYPE = JSON_CONTENT_TYPE
#: form fields that carry text; any other multipart part is an uploaded file
TEXT_FIELDS = frozenset({*WIALON_FIELDS, "eventHash"})


class BadRequest(Exception):
    """The request cannot be read: answered with ``{"error":4}`` (or 413 when too big)."""

    def __init__(self, status: int = 200) -> None:
        super().__init__(status)
        self.status = status


def respond(request: web.Request, body: bytes, gzip_min: int, status: int = 200) -> web.Response:
    """A JSON answer, gzipped when the client accepts it and ``body`` is worth it."""
    resp = web.Response(body=body, status=status, headers={"Content-Type": JSON_TYPE})
    if len(body) >= gzip_min and "gzip" in request.headers.get("Accept-Encoding", ""):
        resp.enable_compression(ContentCoding.gzip)
    return resp


def file_response(answer: FileAnswer) -> web.Response:
    """A file answer as a download (``Content-Disposition: attachment``)."""
    # quotes and line breaks would end the header value early
    name = answer.filename.replace('"', "_").replace("\r", "_").replace("\n", "_")
    return web.Response(
        body=answer.content,
        headers={
            "Content-Type": answer.content_type,
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


#: a file part larger than this goes to a temporary file instead of staying in memory
SPILL_BYTES = 2 * 1024 * 1024


async def _read_multipart(
    request: web.Request, texts: list[tuple[str, str]], limit: int, uploads: list[Upload]
) -> None:
    total = 0
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader):
            # nested multipart is not something any Wialon client sends
            raise BadRequest()
        name = part.name or ""
        if name in TEXT_FIELDS and part.filename is None:
            # a text field is decoded whole anyway: one growing buffer, checked per chunk
            data = bytearray()
            while chunk := await part.read_chunk():
                total += len(chunk)
                if total > limit:
                    raise BadRequest(413)
                data += chunk
            texts.append((name, data.decode("utf-8")))
            continue
        # a file part is spooled: in memory up to SPILL_BYTES, then on disk, so an upload
        # of tens of MB costs a few MB of memory; handlers read it from the file
        spool = _Spool(max_size=SPILL_BYTES)
        ctype = part.headers.get("Content-Type", "application/octet-stream")
        uploads.append(Upload(name, part.filename, ctype, file=spool))
        while chunk := await part.read_chunk():
            total += len(chunk)
            if total > limit:
                raise BadRequest(413)
            spool.write(chunk)


class _Spool(tempfile.SpooledTemporaryFile[bytes]):
    """A spooled temporary file that says it can seek: on Python 3.10 the class lacks
    ``seekable()`` (added in 3.11), and zipfile asks for it before reading an archive."""

    def seekable(self) -> bool:
        """Always: in memory or on disk, the content can be read again from any point."""
        return True


def close_uploads(uploads: tuple[Upload, ...] | list[Upload]) -> None:
    """Let the spooled files of a request's uploads go."""
    for upload in uploads:
        upload.close()


async def read_fields(
    request: web.Request, limit: int
) -> tuple[dict[str, str], tuple[Upload, ...]]:
    """The request's text fields (query, then the body winning) and file parts.

    The merge is :func:`wialon_protocol.wire.merge_fields`, the rule the plugin's recorder
    reads requests with too.
    """
    query = request.query.items()
    if request.method != "POST" or not request.body_exists:
        return merge_fields(query, names=TEXT_FIELDS), ()
    if request.content_type.startswith("multipart/"):
        texts: list[tuple[str, str]] = []
        uploads: list[Upload] = []
        try:
            await _read_multipart(request, texts, limit, uploads)
        except BaseException:
            close_uploads(uploads)  # a refused or broken upload leaves no file behind
            raise
        return merge_fields(query, texts, names=TEXT_FIELDS), tuple(uploads)
    # read into one buffer, not request.read(): that keeps its own copy of the body for the
    # life of the request, so the body would sit in memory four times over during the parse
    buffer = bytearray()
    while chunk := await request.content.readany():
        if len(buffer) + len(chunk) > limit:
            raise BadRequest(413)
        buffer += chunk
    if not buffer:
        return merge_fields(query, names=TEXT_FIELDS), ()
    text = buffer.decode("utf-8")
    del buffer
    # yarl (aiohttp's URL library) parses a query string several times faster than
    # urllib's parse_qsl, with the same form rules ('+' is a space, bad escapes kept)
    body = URL.build(query_string=text, encoded=True).query.items()
    return merge_fields(query, body, names=TEXT_FIELDS), ()
