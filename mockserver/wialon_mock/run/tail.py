"""``wialon-mock journal URL``: follow a running fake server's journal from a terminal.

Reads ``GET /_mock/journal/stream`` (server-sent events, one per answered request) and prints
each entry as a readable line or, with ``--json``, as the entry's JSON on one line, so it can
be piped into ``jq``. ``--once`` prints what the journal remembers and exits.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
from yarl import URL

from ..http.admin_guard import SECRET_HEADER
from ..http.reqlog import batch_items, mask, outcome

STREAM = "/_mock/journal/stream"
JOURNAL = "/_mock/journal"


class TailError(Exception):
    """The journal cannot be read; the message is one line for the user."""


def base_url(url: str) -> URL:
    """The server's root from whatever the user typed (``host:port``, a dashboard link...)."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parsed = URL(text)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise TailError(f"not an http URL: {url!r}")
    return parsed.with_path("/").with_query(None).with_fragment(None)


def _session_text(sid: Any) -> str | None:
    if not isinstance(sid, str) or not sid:
        return None
    # a journal that masks sids itself already sends "abcd…(32)"
    return sid if "…" in sid else mask(sid)


def pretty(entry: dict[str, Any]) -> str:
    """One journal entry as a line: number, server time, svc (batch items), session, result."""
    stamp = time.strftime("%H:%M:%S", time.gmtime(float(entry.get("t") or 0)))
    svc = entry.get("svc") or entry.get("path") or "-"
    items = batch_items(entry.get("svc"), entry.get("params"))
    if not items and isinstance(entry.get("items"), list):
        # a batch too big to keep whole: its params are an excerpt, the journal lists the items
        items = [str(i.get("svc")) if isinstance(i, dict) else "?" for i in entry["items"]]
    if items:
        svc = f"{svc}[{','.join(items)}]"
    parts = [f"#{entry.get('n')}", stamp, svc]
    session = _session_text(entry.get("sid"))
    if session:
        parts.append(f"sid={session}")
    parts.append(outcome(entry.get("status"), entry.get("error")))
    if entry.get("fault") is not None:
        parts.append(f"fault #{entry['fault']}")
    return " ".join(parts)


def render(entry: dict[str, Any], as_json: bool) -> str:
    """The line to print for ``entry``."""
    if as_json:
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    return pretty(entry)


async def events(response: aiohttp.ClientResponse) -> AsyncIterator[dict[str, Any]]:
    """The journal entries of a server-sent event stream, as they arrive."""
    data: list[str] = []
    async for raw in response.content:
        line = raw.decode("utf-8").rstrip("\r\n")
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif not line and data:
            yield json.loads("\n".join(data))
            data = []


async def tail(
    url: str,
    emit: Callable[[str], None],
    *,
    as_json: bool = False,
    svc: str | None = None,
    once: bool = False,
    since: int = 0,
    admin_token: str | None = None,
) -> int:
    """Print the journal of the server at ``url`` through ``emit``; returns entries printed.

    ``admin_token`` is sent as the admin secret header (a server on another machine asks for it).
    """
    base = base_url(url)
    query: dict[str, str] = {"svc": svc} if svc else {}
    printed = 0
    timeout = aiohttp.ClientTimeout(total=None, connect=10, sock_read=None)
    try:
        headers = {SECRET_HEADER: admin_token} if admin_token else {}
        async with aiohttp.ClientSession(timeout=timeout, headers=headers) as http:
            if once:
                async with http.get(base.with_path(JOURNAL).with_query(query)) as resp:
                    _check(resp, base)
                    entries = await resp.json()
                for entry in entries:
                    if entry.get("n", 0) > since:
                        emit(render(entry, as_json))
                        printed += 1
                return printed
            if since:
                query["since"] = str(since)
            async with http.get(base.with_path(STREAM).with_query(query)) as resp:
                _check(resp, base)
                async for entry in events(resp):
                    emit(render(entry, as_json))
                    printed += 1
    except aiohttp.ClientConnectionError as exc:
        raise TailError(f"cannot read the journal of {base}: {exc}") from None
    except (ValueError, aiohttp.ContentTypeError) as exc:
        raise TailError(f"{base} did not answer with a journal: {exc}") from None
    return printed


def _check(resp: aiohttp.ClientResponse, base: URL) -> None:
    if resp.status == 403:
        raise TailError(f"{base} refused the journal: {_reason(resp)} (--admin-token?)")
    if resp.status == 404:
        raise TailError(f"{base} has no journal: is it a wialon-mock server?")
    if resp.status != 200:
        raise TailError(f"{base} refused the journal: HTTP {resp.status}")


def _reason(resp: aiohttp.ClientResponse) -> str:
    return f"HTTP {resp.status} {resp.reason or ''}".strip()
