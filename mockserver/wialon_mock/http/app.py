"""The HTTP layer: Wialon's transport on aiohttp, in front of the model.

``/wialon/ajax.html`` takes ``svc``, ``params`` and ``sid`` from the query string, a form body
or multipart parts, by GET or POST, in any mix (the body wins over the query for a name sent
twice); ``/avl_evts`` takes ``sid`` the same ways. Every answer to an API call is compact JSON
with ``Content-Type: application/json`` exactly (no charset, like the real server) and HTTP 200,
errors included; a file answer goes out as an attachment. Faults fire before anything else,
then the limits, then :func:`wialon_mock.api.registry.dispatch`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import BodyPartReader, web
from aiohttp.web_response import ContentCoding
from yarl import URL

from ..api.registry import FileAnswer, Upload, dispatch, load_handlers
from ..config import MockConfig
from ..control.admin import Control, add_admin_routes
from ..control.faults import Fault
from ..control.limits import LOGIN_SVCS
from ..model.errors import ApiError
from ..model.state import World

logger = logging.getLogger(__name__)

CONTROL_KEY = web.AppKey("wialon_mock_control", Control)

# the C encoder, set up once: compact separators like the real server, raw UTF-8
_encode = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
).encode
_decode = json.loads

JSON_TYPE = "application/json"
#: form fields that carry text; any other multipart part is an uploaded file
TEXT_FIELDS = frozenset({"svc", "params", "sid", "eventHash"})


class BadRequest(Exception):
    """The request cannot be read: answered with ``{"error":4}`` (or 413 when too big)."""

    def __init__(self, status: int = 200) -> None:
        super().__init__(status)
        self.status = status


def _json_bytes(data: Any) -> bytes:
    return _encode(data).encode()


def _respond(request: web.Request, body: bytes, gzip_min: int, status: int = 200) -> web.Response:
    resp = web.Response(body=body, status=status, headers={"Content-Type": JSON_TYPE})
    if len(body) >= gzip_min and "gzip" in request.headers.get("Accept-Encoding", ""):
        resp.enable_compression(ContentCoding.gzip)
    return resp


def _file_response(answer: FileAnswer) -> web.Response:
    # quotes and line breaks would end the header value early
    name = answer.filename.replace('"', "_").replace("\r", "_").replace("\n", "_")
    return web.Response(
        body=answer.content,
        headers={
            "Content-Type": answer.content_type,
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


async def _read_multipart(
    request: web.Request, fields: dict[str, str], limit: int
) -> tuple[Upload, ...]:
    uploads: list[Upload] = []
    total = 0
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader):
            # nested multipart is not something any Wialon client sends
            raise BadRequest()
        chunks: list[bytes] = []
        while chunk := await part.read_chunk():
            total += len(chunk)
            if total > limit:
                raise BadRequest(413)
            chunks.append(chunk)
        data = b"".join(chunks)
        name = part.name or ""
        if name in TEXT_FIELDS and part.filename is None:
            fields[name] = data.decode("utf-8")
        else:
            ctype = part.headers.get("Content-Type", "application/octet-stream")
            uploads.append(Upload(name, part.filename, ctype, data))
    return tuple(uploads)


async def read_fields(
    request: web.Request, limit: int
) -> tuple[dict[str, str], tuple[Upload, ...]]:
    """The request's form fields (query merged with the body, body winning) and file parts."""
    fields = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return fields, ()
    if request.content_type.startswith("multipart/"):
        return fields, await _read_multipart(request, fields, limit)
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise BadRequest(413) from None
    if raw:
        # yarl (aiohttp's URL library) parses a query string several times faster than
        # urllib's parse_qsl, with the same form rules ('+' is a space, bad escapes kept)
        fields.update(URL.build(query_string=raw.decode("utf-8"), encoded=True).query)
    return fields, ()


class Api:
    """The Wialon endpoints of one app, bound to its :class:`Control`."""

    def __init__(self, control: Control) -> None:
        self.control = control
        self.world = control.world
        self.config = control.config
        self.registry = load_handlers()

    async def _read(self, request: web.Request) -> tuple[dict[str, str], tuple[Upload, ...]]:
        try:
            return await read_fields(request, self.config.max_body_bytes)
        except (BadRequest, asyncio.CancelledError):
            raise
        except Exception:
            # broken multipart, bytes that are not UTF-8, a body cut short: all bad input
            logger.debug("unreadable request to %s", request.path, exc_info=True)
            raise BadRequest() from None

    async def ajax(self, request: web.Request) -> web.StreamResponse:
        """``/wialon/ajax.html``: one API call."""
        try:
            fields, uploads = await self._read(request)
        except BadRequest as exc:
            return self._bad(request, exc.status)
        svc = fields.get("svc", "")
        raw = fields.get("params")
        if raw:
            try:
                params = _decode(raw)
            except ValueError:
                return self._answer(request, svc, raw, fields.get("sid"), ApiError(4).body())
        else:
            params = {}
        if uploads and "eventHash" in fields and type(params) is dict:
            # uploads may carry the hash as its own form field instead of inside params
            params.setdefault("eventHash", fields["eventHash"])
        return await self.call(request, svc, params, fields.get("sid"), uploads)

    async def avl_evts(self, request: web.Request) -> web.StreamResponse:
        """``/avl_evts``: the events of a session since its previous poll."""
        try:
            fields, _ = await self._read(request)
        except BadRequest as exc:
            return self._bad(request, exc.status)
        return await self.call(request, "avl_evts", {}, fields.get("sid"), ())

    async def call(
        self,
        request: web.Request,
        svc: str,
        params: Any,
        sid: str | None,
        uploads: tuple[Upload, ...],
    ) -> web.StreamResponse:
        """Run one call through faults, limits and the model; answer it."""
        control = self.control
        fault: Fault | None = None
        if control.faults.active:
            fault = control.faults.pick(svc)
            if fault is not None and fault.kind != "delay":
                return await self._fault(request, fault, svc, params, sid)
        ep = self.registry.get(svc)
        heavy = ep is not None and ep.heavy
        # calls that need a session are counted per live sid (a dead one gets error 1 from
        # the model and must not leave counters behind); the login calls per client IP
        key = sid if ep is not None and ep.session and sid in self.world.sessions else None
        limiter = control.limiter
        remote = request.remote or ""
        if key is not None:
            refused = limiter.poll(key) if svc == "avl_evts" else None
            refused = refused or limiter.enter(key, heavy)
            if refused is not None:
                return self._answer(request, svc, params, sid, refused.body(), fault)
        elif svc in LOGIN_SVCS:
            refused = limiter.login_allowed(remote)
            if refused is not None:
                return self._answer(request, svc, params, sid, refused.body(), fault)
        try:
            if fault is not None:
                await asyncio.sleep(fault.seconds)
            if heavy and self.config.limits.heavy_seconds > 0:
                await asyncio.sleep(self.config.limits.heavy_seconds)
            result = dispatch(self.world, svc, params, sid=sid, uploads=uploads, remote=remote)
        except ApiError as exc:
            result = exc.body()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("handler of %s failed", svc)
            result = {"error": 6}
        finally:
            if key is not None:
                limiter.leave(key, heavy)
        if key is None and svc in LOGIN_SVCS:
            failed = isinstance(result, dict) and bool(result.get("error"))
            limiter.login_done(remote, not failed)
        if isinstance(result, FileAnswer):
            self._log(request, svc, params, sid, None, 200, fault)
            return _file_response(result)
        return self._answer(request, svc, params, sid, result, fault)

    def _answer(
        self,
        request: web.Request,
        svc: str,
        params: Any,
        sid: str | None,
        result: Any,
        fault: Fault | None = None,
    ) -> web.Response:
        try:
            body = _json_bytes(result)
        except (TypeError, ValueError):
            logger.exception("the answer of %s is not JSON-able", svc)
            result = {"error": 6}
            body = b'{"error":6}'
        error = result.get("error") if type(result) is dict else None
        items = None
        if svc == "core/batch" and type(result) is list:
            # which items failed: journal readers (pytest_wialon) list each item as a call
            items = [_item_error(answer) for answer in result]
        self._log(request, svc, params, sid, error or None, 200, fault, items)
        return _respond(request, body, self.config.gzip_min_bytes)

    def _bad(self, request: web.Request, status: int) -> web.Response:
        self._log(request, None, None, None, 4, status, None)
        return _respond(request, b'{"error":4}', self.config.gzip_min_bytes, status)

    def _log(
        self,
        request: web.Request,
        svc: str | None,
        params: Any,
        sid: str | None,
        error: Any,
        status: int | None,
        fault: Fault | None,
        items: list[int | None] | None = None,
    ) -> None:
        self.control.journal.record(
            t=self.world.clock.now(),
            path=request.path,
            svc=svc,
            params=params,
            sid=sid,
            error=error if isinstance(error, int) else None,
            status=status,
            fault=fault.id if fault is not None else None,
            items=items,
        )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s %s -> %s", request.path, svc, error)

    async def _fault(
        self, request: web.Request, fault: Fault, svc: str, params: Any, sid: str | None
    ) -> web.StreamResponse:
        kind = fault.kind
        if kind == "error":
            return self._answer(request, svc, params, sid, fault.error().body(), fault)
        if kind == "http":
            self._log(request, svc, params, sid, None, fault.status, fault)
            return web.Response(
                body=fault.payload(),
                status=fault.status,
                headers={"Content-Type": "text/html"},
            )
        if kind == "malformed":
            self._log(request, svc, params, sid, None, 200, fault)
            return web.Response(body=fault.payload(), headers={"Content-Type": JSON_TYPE})
        # reset / timeout: no answer at all, the client sees the connection drop
        if kind == "timeout":
            await asyncio.sleep(fault.seconds)
        self._log(request, svc, params, sid, None, None, fault)
        transport = request.transport
        if transport is not None:
            transport.abort()
        # aiohttp writes nothing to an aborted transport; this response never leaves
        return web.Response(status=204)


def _item_error(answer: Any) -> int | None:
    code = answer.get("error") if type(answer) is dict else None
    return code if type(code) is int and code else None


async def _not_found(request: web.Request) -> web.Response:
    return web.Response(
        body=b'{"error":"not found"}', status=404, headers={"Content-Type": JSON_TYPE}
    )


async def _not_allowed(request: web.Request) -> web.Response:
    return web.Response(
        body=b'{"error":"method not allowed"}',
        status=405,
        headers={"Content-Type": JSON_TYPE, "Allow": "GET, POST"},
    )


def create_app(
    world: World | MockConfig | None = None, *, allow_remote_admin: bool = False
) -> web.Application:
    """Build the aiohttp app of one fake server over ``world`` (or a new one from a config).

    ``allow_remote_admin`` opens ``/_mock/`` to non-loopback clients; the runners set it when
    the user binds the server to a non-loopback host.
    """
    if not isinstance(world, World):
        world = World(world)
    control = Control(world)
    api = Api(control)
    # the body cap is enforced on multipart by hand; this one covers plain form bodies
    app = web.Application(client_max_size=world.config.max_body_bytes)
    app[CONTROL_KEY] = control
    for path, handler in (("/wialon/ajax.html", api.ajax), ("/avl_evts", api.avl_evts)):
        app.router.add_route("GET", path, handler)
        app.router.add_route("POST", path, handler)
        app.router.add_route("*", path, _not_allowed)
    add_admin_routes(app, control, allow_remote=allow_remote_admin)
    app.router.add_route("*", "/{tail:.*}", _not_found)
    return app
