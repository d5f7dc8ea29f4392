"""The smallest honest aiohttp server answering like Wialon: the baseline of the HTTP benchmarks.

It reads the whole body (as any server must), finds ``svc`` and answers fixed compact JSON with
``Content-Type: application/json``, like the real server. ``token/login`` gets a login-shaped
answer, ``core/batch`` an array of search results of the right length, anything else a
``core/search_item`` answer. Run: ``python -m tests.benchmarks._bare_server``; it prints
``listening on http://127.0.0.1:PORT`` and serves until SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
import socket
from urllib.parse import parse_qs, unquote_plus

from aiohttp import web

ITEM = b'{"item":{"nm":"bench unit","cls":2,"id":1001,"mu":0,"uacl":880333094911},"flags":1}'
LOGIN = json.dumps(
    {
        "host": "127.0.0.1",
        "eid": "0123456789abcdef0123456789abcdef",
        "tm": 1700000000,
        "au": "bench",
        "user": {"nm": "bench", "cls": 1, "id": 1, "mu": 0, "uacl": 32571391},
        "classes": {"avl_unit": 2, "user": 1},
        "features": {"unlim": 1, "svcs": {}},
    },
    separators=(",", ":"),
).encode()
EMPTY = b'{"error":0}'
_SVC = re.compile(rb"(?:^|&)svc=([^&]*)")


def _answer(svc: str, body: bytes) -> bytes:
    if svc in ("token/login", "core/use_auth_hash", "core/duplicate"):
        return LOGIN
    if svc == "core/logout":
        return EMPTY
    if svc == "core/batch":
        try:
            spec = json.loads(parse_qs(body.decode()).get("params", ["[]"])[0])
        except ValueError:
            return b'{"error":4}'
        items = spec.get("params", []) if isinstance(spec, dict) else spec
        return b"[" + b",".join([ITEM] * len(items)) + b"]"
    return ITEM


async def ajax(request: web.Request) -> web.Response:
    """``/wialon/ajax.html``: reads the whole body, looks only at ``svc`` (query or form).

    A full form parse is left out on purpose: the baseline is the least a server can do.
    """
    body = await request.read()
    svc = request.query.get("svc")
    if svc is None:
        match = _SVC.search(body)
        svc = unquote_plus(match.group(1).decode()) if match else ""
    return web.Response(body=_answer(svc, body), content_type="application/json")


async def avl_evts(request: web.Request) -> web.Response:
    """``/avl_evts``: never any event."""
    await request.read()
    return web.Response(body=b'{"tm":1700000000,"events":[]}', content_type="application/json")


async def main() -> None:
    app = web.Application()
    app.router.add_route("*", "/wialon/ajax.html", ajax)
    app.router.add_route("*", "/avl_evts", avl_evts)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    site = web.SockSite(runner, sock)
    await site.start()
    print(f"listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
