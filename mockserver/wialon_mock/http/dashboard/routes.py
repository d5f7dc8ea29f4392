"""The dashboard's HTTP side: the page, its static files, its JSON views and the live journal.

The page itself (``static/index.html`` with a little JS) is plain files, no build step. It reads
the views under ``/_mock/ui/api/``, follows the journal over server-sent events at
``/_mock/journal/stream`` and steers the server through the ordinary admin API (faults, clock,
reset, session expiry) with JSON bodies, so it works under the same protection as any other
admin client. A dashboard of a server bound to a non-loopback host is read-only: the page
hides its controls and the views mask session ids.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from ...api.registry import load_handlers
from ...control.admin import Control, remote_allowed
from ..admin_guard import LOGIN_PATH
from . import views

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
UI_PATH = "/_mock/ui"
STREAM_PATH = "/_mock/journal/stream"
#: how often the live journal looks for new entries (seconds)
STREAM_POLL = 0.2
#: a comment line this often keeps proxies and idle timers from closing the stream
KEEPALIVE_SECONDS = 15.0

DASHBOARD_KEY = web.AppKey("wialon_mock_dashboard", dict)
#: the page is never framed (a framed dashboard could be clicked through by another site)
PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}

Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode(),
        status=status,
        headers={"Content-Type": "application/json", "Cache-Control": "no-store"},
    )


def _wants_html(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "text/html" in accept or not accept


LANDING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wialon-mock</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:3em auto;max-width:40em;color:#222}}
code{{background:#f2f2f2;padding:0 .3em}}</style></head>
<body><h1>wialon-mock</h1>
<p>A fake Wialon server. Open the <a href="{ui}">dashboard</a>.</p>
<ul><li>API calls: <code>POST /wialon/ajax.html</code>, events: <code>/avl_evts</code></li>
<li>Admin API: <a href="/_mock/state"><code>/_mock/state</code></a>,
<a href="/_mock/journal"><code>/_mock/journal</code></a>,
<a href="/_mock/faults"><code>/_mock/faults</code></a></li></ul></body></html>
"""


def sse_event(entry: dict[str, Any]) -> bytes:
    """One journal entry as a server-sent event (``id`` is its running number)."""
    data = json.dumps(entry, separators=(",", ":"), ensure_ascii=False, default=str)
    return f"id: {entry['n']}\nevent: request\ndata: {data}\n\n".encode()


def add_dashboard_routes(
    app: web.Application,
    control: Control,
    *,
    read_only: bool,
    allow_remote: bool,
    tile_url: str | None = None,
    unlocks: Callable[[web.Request], bool] | None = None,
    login: bool = False,
) -> None:
    """Mount ``/`` (a landing page), the dashboard under ``/_mock/ui`` and the live journal.

    ``unlocks`` tells whether a request carries the admin secret (or the login cookie), which
    lets a read-only dashboard steer; ``login`` whether the server has a secret to log in with
    (the page then offers its login link)."""
    app[DASHBOARD_KEY] = {"read_only": read_only, "tile_url": tile_url}

    def watch_only(request: web.Request) -> bool:
        # a page opened with the admin secret (``#admin=SECRET``) sends it along: it may steer
        return read_only and not (unlocks is not None and unlocks(request))

    def guarded(func: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> Route:
        async def route(request: web.Request) -> web.StreamResponse:
            if not remote_allowed(request.remote, allow_remote):
                return _json({"error": "the dashboard answers loopback clients only"}, 403)
            return await func(request)

        return route

    async def landing(request: web.Request) -> web.StreamResponse:
        if _wants_html(request):
            return web.Response(text=LANDING.format(ui=UI_PATH + "/"), content_type="text/html")
        return _json({"dashboard": UI_PATH + "/", "api": "/wialon/ajax.html", "admin": "/_mock/"})

    async def page(request: web.Request) -> web.StreamResponse:
        if request.path == UI_PATH:
            # relative links in the page resolve against the trailing slash
            raise web.HTTPFound(UI_PATH + "/")
        return web.FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)

    async def config(request: web.Request) -> web.StreamResponse:
        services = sorted({*load_handlers(), "avl_evts"})
        read_only = watch_only(request)
        return _json(
            {
                "read_only": read_only,
                # where a read-only page may log in (the server has a secret), else null
                "login": LOGIN_PATH if login and read_only else None,
                "has_secret": login,
                "tile_url": tile_url,
                "seed": control.config.seed,
                "cities": views.cities(),
                "services": services,
                "max_units": views.MAX_UNITS,
            }
        )

    async def fleet(request: web.Request) -> web.StreamResponse:
        return _json(views.fleet(control.world))

    async def unit(request: web.Request) -> web.StreamResponse:
        try:
            unit_id = int(request.match_info["unit_id"])
        except ValueError:
            return _json({"error": "a unit id is an integer"}, 400)
        detail = views.unit_detail(control.world, unit_id)
        if detail is None:
            return _json({"error": "no such unit"}, 404)
        return _json(detail)

    async def geofences(request: web.Request) -> web.StreamResponse:
        return _json(views.geofences(control.world))

    async def sessions(request: web.Request) -> web.StreamResponse:
        return _json(views.sessions(control.world, reveal=not watch_only(request)))

    async def stream(request: web.Request) -> web.StreamResponse:
        return await stream_journal(request, control)

    app.router.add_get("/", landing)
    app.router.add_get(UI_PATH, guarded(page))
    app.router.add_get(UI_PATH + "/", guarded(page))
    app.router.add_get(UI_PATH + "/api/config", guarded(config))
    app.router.add_get(UI_PATH + "/api/fleet", guarded(fleet))
    app.router.add_get(UI_PATH + "/api/units/{unit_id}", guarded(unit))
    app.router.add_get(UI_PATH + "/api/geofences", guarded(geofences))
    app.router.add_get(UI_PATH + "/api/sessions", guarded(sessions))
    app.router.add_get(STREAM_PATH, guarded(stream))
    app.router.add_static(UI_PATH + "/static/", STATIC, show_index=False, follow_symlinks=False)


def _start_after(request: web.Request) -> int:
    # a reconnecting EventSource sends the last id it saw; ?since=N asks for a starting point
    raw = request.headers.get("Last-Event-ID") or request.query.get("since") or "0"
    try:
        return max(0, int(raw))
    except ValueError:
        return 0


async def stream_journal(request: web.Request, control: Control) -> web.StreamResponse:
    """``GET /_mock/journal/stream``: every journal entry as it is written (server-sent events).

    Starts with the remembered entries after ``since`` (or ``Last-Event-ID``); ``?svc=NAME``
    keeps only one service. The stream ends when the client goes away or the server closes.
    The journal masks sids, tokens and the like as it records, so the stream carries none.
    """
    svc = request.query.get("svc") or None
    resp = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    await resp.prepare(request)
    last = _start_after(request)
    quiet = 0.0
    try:
        await resp.write(b": wialon-mock journal\n\n")
        while True:
            fresh = control.requests.since(last, svc)
            # past every entry there is now, those of other services too
            last = max(last, control.requests.count)
            if fresh:
                await resp.write(b"".join(sse_event(e) for e in fresh))
                quiet = 0.0
            if quiet >= KEEPALIVE_SECONDS:
                await resp.write(b": keep-alive\n\n")
                quiet = 0.0
            await asyncio.sleep(STREAM_POLL)
            quiet += STREAM_POLL
    except ConnectionResetError:
        # the browser tab closed: the stream simply ends
        pass
    return resp
