"""Secrets out of the fake server's journal and log lines; big params cut to an excerpt.

A secret is shown as the client's logs show it (:func:`aiowialon.logs.mask`): its first four
characters and its length, e.g. ``3f9a…(32)``. A test that knows the real sid still matches
its journal entries with ``mask(sid)``; a journal read by someone else gives nothing away.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from wialon_protocol.wire import compact

__all__ = ["SECRET_KEYS", "excerpt", "mask", "mask_text", "quiet_aiohttp_errors", "redact"]

#: params keys whose values are credentials (matched without regard to case)
SECRET_KEYS = frozenset({"token", "authhash", "password", "sid", "eid", "th", "gis_sid"})
#: a journal entry keeps at most this many characters of a call's params
EXCERPT_CHARS = 2048
#: how deep :func:`redact` follows nested params before it gives up and summarises
_REDACT_DEPTH = 32

# sid=..., token=..., "authHash":"..." in raw request lines and exception texts
_SECRET_IN_TEXT = re.compile(
    r"""(?ix)
    (?P<key>(?<![a-z0-9_])(?:sid|token|authhash|password|eid|th)(?:%22|")?\s*(?:=|:|%3A)\s*(?:%22|")?)
    (?P<value>[a-z0-9_.~-]{8,})
    """
)


def mask(secret: str | None) -> str:
    """``secret`` as its first four characters and its length (the client's log format)."""
    if not secret:
        return "<none>"
    return f"{secret[:4]}…({len(secret)})"


def mask_text(text: str) -> str:
    """``text`` with every ``sid=...``/``token=...``-shaped value masked."""
    return _SECRET_IN_TEXT.sub(lambda m: m.group("key") + mask(m.group("value")), text)


def redact(value: Any, _depth: int = 0) -> Any:
    """A copy of decoded ``params`` with credential values masked (see :data:`SECRET_KEYS`)."""
    if _depth > _REDACT_DEPTH:
        return "…"
    if isinstance(value, dict):
        return {
            key: (
                mask(item)
                if isinstance(item, str) and str(key).lower() in SECRET_KEYS
                else redact(item, _depth + 1)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item, _depth + 1) for item in value]
    return value


def excerpt(params: Any, limit: int = EXCERPT_CHARS) -> Any:
    """``params`` as the journal keeps them: redacted, and cut to text when large.

    Small params stay structured (tests compare them as dicts); params whose JSON is longer
    than ``limit`` characters become ``{"excerpt": "<first characters>", "chars": N}``, so a
    journal of 1,000 entries stays small however big the requests were.
    """
    if params is None or isinstance(params, (bool, int, float)):
        return params
    if isinstance(params, str):
        # params that were not JSON are kept as text, masked and cut
        # cut before masking: a 50 MB text is not copied whole just to keep 2 KB of it
        text = mask_text(params[:limit])
        return text if len(params) <= limit else {"excerpt": text, "chars": len(params)}
    cleaned = redact(params)
    try:
        text = compact(cleaned)
    except (TypeError, ValueError, RecursionError):
        return {"excerpt": "<not JSON>", "chars": 0}
    if len(text) <= limit:
        return cleaned
    return {"excerpt": text[:limit], "chars": len(text)}


class _QuietBadRequests(logging.Filter):
    """aiohttp's "Error handling request" lines: one masked INFO line, no traceback.

    aiohttp logs every unparsable request at ERROR with a traceback whose text holds the raw
    request line (and with it the sid). A fake server on a developer's machine meets such
    requests from scanners and fuzzers; they are not the developer's errors.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Error handling request"):
            return True
        exc = record.exc_info[1] if record.exc_info else None
        text = record.getMessage()
        if exc is not None:
            text = f"{text}: {type(exc).__name__}: {exc}"
        record.msg = mask_text(text.replace("\n", " "))[:500]
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.levelno = logging.INFO
        record.levelname = logging.getLevelName(logging.INFO)
        return True


_QUIET = _QuietBadRequests()


def quiet_aiohttp_errors() -> None:
    """Install the filter on aiohttp's server logger (once; safe to call again)."""
    server_logger = logging.getLogger("aiohttp.server")
    if _QUIET not in server_logger.filters:
        server_logger.addFilter(_QUIET)
