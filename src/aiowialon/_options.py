"""Checking and turning the client's constructor options into what it runs with."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from aiolimiter import AsyncLimiter

__all__ = ["limiter", "loop_name", "split_url"]


def loop_name(loop: asyncio.AbstractEventLoop) -> str:
    return f"{type(loop).__name__} at {id(loop):#x}"


def split_url(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of a server URL, or ValueError saying what is wrong with it."""
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, not {type(url).__name__}")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"url must look like 'http://HOST[:PORT]' or 'https://HOST', not {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(
            f"url names the server only (scheme, host, port), not a path or query: {url!r}"
        )
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"url has an invalid port: {url!r}") from None
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets in the base URL
    return parts.scheme, host, port


def limiter(rps: float | None) -> AsyncLimiter | None:
    """A limiter of ``rps`` requests per second (bursts up to ``rps``), or None for no limit."""
    if rps is None:
        return None
    if isinstance(rps, bool) or not isinstance(rps, (int, float)) or rps <= 0:
        raise ValueError(f"rps must be a positive number or None, not {rps!r}")
    if rps < 1:
        # aiolimiter cannot hold less than one request: one per 1/rps seconds instead.
        return AsyncLimiter(1, 1 / rps)
    return AsyncLimiter(rps, 1)
