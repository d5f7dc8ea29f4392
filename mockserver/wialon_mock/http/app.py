"""The HTTP layer: Wialon's transport on aiohttp, in front of the model.

``/wialon/ajax.html`` takes ``svc``, ``params`` and ``sid`` from the query string, a form body
or multipart parts, by GET or POST, in any mix (the body wins over the query for a name sent
twice); ``/avl_evts`` takes ``sid`` the same ways. Every answer to an API call is compact JSON
with ``Content-Type: application/json`` exactly (no charset, like the real server) and HTTP 200,
errors included; a file answer goes out as an attachment (reading and writing are in
:mod:`wialon_mock.http.body`). Each request goes one way
(:class:`Api`): the endpoint is looked up, faults fire, the limits count it, the session is
resolved, :func:`wialon_mock.api.registry.run` calls the handler, and one journal line is
written.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from wialon_protocol.errors import ErrorCode as E
from wialon_protocol.wire import effective_params

from ..api import batch as batch_calls
from ..api.batch import EncodedAnswer
from ..api.json_input import encode_answer_async, is_long
from ..api.registry import FileAnswer, Upload, load_handlers, resolve_session, run
from ..config import MockConfig
from ..control.admin import Control, add_admin_routes
from ..control.faults import Fault, batch_item_faults
from ..control.limits import LOGIN_SVCS
from ..control.redact import quiet_aiohttp_errors
from ..model.errors import ApiError
from ..model.state import World
from . import reqlog
from .admin_guard import AdminAccess, admin_guard
from .body import JSON_TYPE, BadRequest, close_uploads, file_response, read_fields, respond
from .dashboard import add_dashboard_routes
from .dashboard.login import add_login_routes
from .gis import add_gis_routes
from .guards import decode_params, encode_answer, never_500

logger = logging.getLogger(__name__)


def known_services() -> set[str]:
    """Every service a fault may name: the implemented calls and ``avl_evts``."""
    return {*load_handlers(), "avl_evts"}


CONTROL_KEY = web.AppKey("wialon_mock_control", Control)


#: answers up to this size are kept whole in the journal (the dashboard shows them)
ANSWER_KEPT_BYTES = 16 * 1024


@dataclass
class _Entry:
    """What the journal will say about one request, filled in as the request goes."""

    svc: str | None = None
    params: Any = None
    sid: str | None = None
    error: int | None = None
    status: int | None = 200
    fault: Fault | None = None
    #: the JSON answer when small, ``{"omitted_bytes": N}`` when not, None without one
    answer: Any = None
    #: in a core/batch, the ``in_batch`` faults that fired: (item svc, its n-th hook call, id)
    item_hits: list[tuple[str, int, int]] = field(default_factory=list)
    #: in a core/batch, each item's error code and answer size (the journal lists the
    #: items of a batch too big to keep whole)
    item_errors: tuple[int | None, ...] = ()
    item_sizes: tuple[int, ...] = ()


class Api:
    """The Wialon endpoints of one app, bound to its :class:`Control`.

    Every request takes one path: read the fields, find the endpoint, then faults, limits,
    the session and the handler, and one journal line written when the answer is chosen
    (:meth:`_serve`).
    """

    def __init__(self, control: Control) -> None:
        self.control = control
        self.world = control.world
        self.config = control.config
        self.registry = load_handlers()

    async def ajax(self, request: web.Request) -> web.StreamResponse:
        """``/wialon/ajax.html``: one API call."""
        return await self._serve(request, self._ajax)

    async def avl_evts(self, request: web.Request) -> web.StreamResponse:
        """``/avl_evts``: the events of a session since its previous poll."""
        return await self._serve(request, self._avl_evts)

    async def _serve(
        self,
        request: web.Request,
        handle: Callable[[web.Request, _Entry], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        entry = _Entry()
        started = time.perf_counter()
        response = await handle(request, entry)
        # the one place a request reaches the journal (a request cancelled half way, its
        # client gone, never got an answer and is not journalled)
        self.control.requests.record(
            t=self.world.clock.now(),
            path=request.path,
            svc=entry.svc,
            params=entry.params,
            sid=entry.sid,
            error=entry.error,
            status=entry.status,
            fault=entry.fault.id if entry.fault is not None else None,
            answer=entry.answer,
            item_faults=batch_item_faults(entry.params, entry.item_hits),
            item_errors=entry.item_errors,
            item_sizes=entry.item_sizes,
        )
        reqlog.log_request(
            remote=request.remote,
            svc=entry.svc,
            params=entry.params,
            sid=entry.sid,
            status=entry.status,
            error=entry.error,
            fault=entry.fault.id if entry.fault is not None else None,
            seconds=time.perf_counter() - started,
        )
        return response

    async def _read(self, request: web.Request) -> tuple[dict[str, str], tuple[Upload, ...]]:
        try:
            # a body that trickles in slower than this holds a connection for nothing
            return await asyncio.wait_for(
                read_fields(request, self.config.max_body_bytes), self.config.body_seconds
            )
        except asyncio.TimeoutError:
            logger.info(
                "request body to %s not complete in %.1f s", request.path, self.config.body_seconds
            )
            raise BadRequest(408) from None
        except (BadRequest, asyncio.CancelledError):
            raise
        except Exception:
            # broken multipart, bytes that are not UTF-8, a body cut short: all bad input
            logger.debug("unreadable request to %s", request.path, exc_info=True)
            raise BadRequest() from None

    async def _ajax(self, request: web.Request, entry: _Entry) -> web.StreamResponse:
        try:
            fields, uploads = await self._read(request)
        except BadRequest as exc:
            return self._bad(request, entry, exc.status)
        try:
            return await self._ajax_call(request, entry, fields, uploads)
        finally:
            close_uploads(uploads)  # a spooled upload's file goes with its request

    async def _ajax_call(
        self,
        request: web.Request,
        entry: _Entry,
        fields: dict[str, str],
        uploads: tuple[Upload, ...],
    ) -> web.StreamResponse:
        entry.svc = fields.get("svc", "")
        entry.sid = fields.get("sid")
        raw = fields.get("params")
        try:
            # not JSON, nested too deep, or holding a lone surrogate: refused before any
            # handler could store a part of it
            params = effective_params(decode_params(raw)) if raw else {}
        except ApiError as exc:
            entry.params = raw
            return self._json(request, entry, exc.body())
        if uploads and "eventHash" in fields and type(params) is dict:
            # uploads may carry the hash as its own form field instead of inside params
            params.setdefault("eventHash", fields["eventHash"])
        entry.params = params
        return await self._call(request, entry, uploads)

    async def _avl_evts(self, request: web.Request, entry: _Entry) -> web.StreamResponse:
        try:
            fields, _ = await self._read(request)
        except BadRequest as exc:
            return self._bad(request, entry, exc.status)
        entry.svc, entry.params, entry.sid = "avl_evts", {}, fields.get("sid")
        return await self._call(request, entry, ())

    async def _call(
        self, request: web.Request, entry: _Entry, uploads: tuple[Upload, ...]
    ) -> web.StreamResponse:
        """Endpoint, faults, limits, session, handler: each once, in that order."""
        svc, sid, params = entry.svc or "", entry.sid, entry.params
        control = self.control
        found = self.registry.get(svc)
        # a fault fires before the request touches any state (a faulted avl_evts loses
        # nothing); a delay fault waits, then lets the call go on
        if control.fault_engine.active:
            entry.fault = control.fault_engine.pick(svc)
            if entry.fault is not None and entry.fault.kind != "delay":
                return await self._fault(request, entry, entry.fault)
        heavy = found is not None and found.heavy
        # calls that need a session are counted per live sid (a dead one gets error 1 and
        # must not leave counters behind); the login calls per client IP
        key = sid if found is not None and found.session and sid in self.world.sessions else None
        limiter = control.limiter
        remote = request.remote or ""
        plan: batch_calls.Batch | None = None
        heavy_items = 0
        if svc == "core/batch" and key is not None:
            try:
                plan = batch_calls.parse(params)
            except ApiError as exc:
                return self._json(request, entry, exc.body())
            # a batch of heavy calls is a heavy request of its session while it runs
            heavy_items = plan.heavy_items()
            heavy = heavy_items > 0
        if key is not None:
            refused = limiter.poll(key) if svc == "avl_evts" else None
            refused = refused or limiter.enter(key, heavy)
            if refused is not None:
                return self._json(request, entry, refused.body())
        elif svc in LOGIN_SVCS:
            refused = limiter.login_allowed(remote)
            if refused is not None:
                return self._json(request, entry, refused.body())
        result: Any
        try:
            if entry.fault is not None:
                await asyncio.sleep(entry.fault.seconds)
            if heavy and self.config.limits.heavy_seconds > 0:
                await asyncio.sleep(self.config.limits.heavy_seconds * max(1, heavy_items))
            if found is None:
                raise ApiError(E.INVALID_SERVICE)
            session = resolve_session(self.world, found, sid)
            if plan is not None and session is not None:
                result = await batch_calls.run_async(
                    self.world,
                    plan,
                    session.sid,
                    remote,
                    control.fault_engine.batch_hook(entry.item_hits),
                )
            else:
                result = run(
                    self.world,
                    found,
                    session,
                    params,
                    uploads=uploads,
                    remote=remote,
                    batch_fault=control.fault_engine.batch_item,
                    base_url=f"{request.scheme}://{request.host}",
                )
        except ApiError as exc:
            result = exc.body()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # one line per failure; the traceback only for those who asked for DEBUG
            logger.error("handler of %s failed: %s: %s", svc, type(exc).__name__, exc)
            logger.debug("traceback of the failed handler", exc_info=True)
            result = {"error": E.UNKNOWN_ERROR}
        finally:
            if key is not None:
                limiter.leave(key, heavy)
        if key is None and svc in LOGIN_SVCS:
            failed = isinstance(result, dict) and bool(result.get("error"))
            limiter.login_done(remote, not failed)
        if isinstance(result, FileAnswer):
            return file_response(result)
        if is_long(result):
            # a long answer (a year of messages) is written a slice at a time, letting the
            # other clients through in between
            result = EncodedAnswer(await encode_answer_async(result))
        return self._json(request, entry, result)

    def _json(self, request: web.Request, entry: _Entry, result: Any) -> web.Response:
        if isinstance(result, EncodedAnswer):
            # a batch answer, already encoded: the journal keeps the bytes when small
            size = len(result.data)
            entry.answer = result.data if size <= ANSWER_KEPT_BYTES else {"omitted_bytes": size}
            entry.item_errors, entry.item_sizes = result.item_errors, result.item_sizes
            return respond(request, result.data, self.config.gzip_min_bytes)
        try:
            # never fails on a lone surrogate (it goes out escaped), so an answer that took
            # events from a session's queue is always delivered
            body = encode_answer(result)
        except (TypeError, ValueError):
            logger.exception("the answer of %s is not JSON-able", entry.svc)
            result = {"error": E.UNKNOWN_ERROR}
            body = b'{"error":6}'
        error = result.get("error") if type(result) is dict else None
        entry.error = int(error) if isinstance(error, int) and error else None
        # the journal keeps small answers for the dashboard; big ones only by their size
        entry.answer = result if len(body) <= ANSWER_KEPT_BYTES else {"omitted_bytes": len(body)}
        return respond(request, body, self.config.gzip_min_bytes)

    def _bad(self, request: web.Request, entry: _Entry, status: int) -> web.Response:
        entry.error, entry.status = E.INVALID_INPUT, status
        return respond(request, b'{"error":4}', self.config.gzip_min_bytes, status)

    async def _fault(self, request: web.Request, entry: _Entry, fault: Fault) -> web.StreamResponse:
        kind = fault.kind
        if kind == "error":
            return self._json(request, entry, fault.error().body())
        if kind == "http":
            entry.status = fault.status
            return web.Response(
                body=fault.payload(),
                status=fault.status,
                headers={"Content-Type": "text/html"},
            )
        if kind == "malformed":
            return web.Response(body=fault.payload(), headers={"Content-Type": JSON_TYPE})
        # reset / timeout: no answer at all, the client sees the connection drop
        if kind == "timeout":
            await asyncio.sleep(fault.seconds)
        entry.status = None
        transport = request.transport
        if transport is not None:
            transport.abort()
        # aiohttp writes nothing to an aborted transport; this response never leaves
        return web.Response(status=204)


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
    world: World | MockConfig | None = None,
    *,
    allow_remote_admin: bool = False,
    admin: AdminAccess | None = None,
) -> web.Application:
    """Build the aiohttp app of one fake server over ``world`` (or a new one from a config).

    ``admin`` is the policy of the ``/_mock/`` admin API (see :mod:`wialon_mock.http.admin_guard`);
    without it the API answers loopback clients only, or anyone when ``allow_remote_admin``.
    """
    if not isinstance(world, World):
        world = World(world)
    if admin is None:
        admin = AdminAccess(allow_remote=allow_remote_admin)
    control = Control(world, services=known_services)
    api = Api(control)
    quiet_aiohttp_errors()
    # the body caps are enforced by hand where bodies are read; this one is aiohttp's own
    app = web.Application(
        client_max_size=world.config.max_body_bytes,
        middlewares=[never_500, admin_guard(admin)],
    )
    app[CONTROL_KEY] = control
    for path, handler in (("/wialon/ajax.html", api.ajax), ("/avl_evts", api.avl_evts)):
        app.router.add_route("GET", path, handler)
        app.router.add_route("POST", path, handler)
        app.router.add_route("*", path, _not_allowed)
    # who may use it is the admin guard's business (a middleware, so the dashboard obeys it too)
    add_admin_routes(app, control, allow_remote=True)
    # a page cannot know an admin secret: a server bound beyond loopback, or given a secret,
    # gets a dashboard that only watches, unless opened with the secret (#admin=SECRET) or
    # logged in at /_mock/ui/login (a cookie)
    add_dashboard_routes(
        app,
        control,
        read_only=not admin.loopback_bound or admin.secret is not None,
        allow_remote=True,
        tile_url=world.config.tile_url,
        unlocks=admin.unlocked,
        login=admin.secret is not None,
    )
    add_login_routes(app, admin)
    add_gis_routes(app, world)
    app.router.add_route("*", "/{tail:.*}", _not_found)
    return app
